package dgm.experiments;

import dgm.core.InputException;
import dgm.core.run.Progress;
import dgm.gan.GaussianFitExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fgan-fit", mixinStandardHelpOptions = true,
        description = {"The f-GAN paper's Gaussian experiment (Nowozin et al. 2016): fit Q = N(mu, sigma^2) to",
            "P = 0.3 N(-1.5, 0.5^2) + 0.7 N(1.5, 0.8^2) with every divergence, and set the trained (mu_hat,",
            "sigma_hat, bound_hat) beside the exact optimum (mu*, sigma*, D_f*) computed by quadrature.",
            "Writes DIR/gaussian_fit.csv, .md and .tex. Options with --set KEY=VALUE: divergences",
            "(comma-separated ids), method, generator_loss, critic_steps, steps, polish_steps, batch, lr_g,",
            "lr_c, beta1, schedule, eval_size, init_mu, init_sigma, seed."})
final class FganFitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "output folder (new or empty unless --force)")
    Path out;

    @Option(names = "--set", description = "KEY=VALUE (repeatable)")
    List<String> sets;

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Override
    public Integer call() {
        GaussianFitExperiment.Options options;
        try {
            options = GaussianFitExperiment.options(SetOption.parse(sets));
        } catch (IllegalArgumentException e) {
            throw new InputException("fgan-fit: " + e.getMessage());
        }
        OutputDir.prepare(out, force);
        Progress progress = new Progress(System.err, "fgan-fit", 5000);
        var rows = GaussianFitExperiment.write(out, options, progress::update);
        spec.commandLine().getOut().println(GaussianFitExperiment.markdown(rows, options));
        spec.commandLine().getOut().println("wrote " + out.resolve("gaussian_fit.csv") + ", gaussian_fit.md, gaussian_fit.tex");
        return Workbench.EXIT_OK;
    }
}
