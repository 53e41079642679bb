package dgm.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "energy-fit", mixinStandardHelpOptions = true,
        description = {"Reverse-KL variational fits of the 2-D energies U1-U4 (Rezende and Mohamed 2015) by a flow",
            "confined to the box [-B, B]^2: minimise F = E_q[log q(x) + U(x)] >= -log Z_box, with -log Z_box by",
            "quadrature on the same box, and report the gap F + log Z_box (an estimate of KL(q||p) >= 0).",
            "Writes DIR/results.csv, summary.md, run.json and one figure per seed (PNG and SVG).",
            "Model parameters with --set KEY=VALUE (the flow's own: layers, hidden, bins, ...; and lr, batch,",
            "schedule, clip for the Adam steps)."})
final class EnergyFitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--energies", split = ",", defaultValue = "U1,U2,U3,U4",
            description = "comma-separated energies among U1, U2, U3, U4 (default: ${DEFAULT-VALUE})")
    List<String> energies;

    @Option(names = "--model", defaultValue = "nsf",
            description = "flow model id: nsf, realnvp, iaf, planar, radial, ... (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--seeds", split = ",", defaultValue = "0", description = "comma-separated seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--steps", defaultValue = "0",
            description = "Adam steps per fit (default 0: 3000, or 6000 for planar and radial)")
    int steps;

    @Option(names = "--box", defaultValue = "4",
            description = "the model is confined to [-B, B]^2 and log Z is computed on it (default: ${DEFAULT-VALUE})")
    double box;

    @Option(names = "--set", description = "KEY=VALUE model parameter (repeatable)")
    List<String> sets;

    @Option(names = "--out", required = true, description = "output folder (new or empty unless --force)")
    Path out;

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Override
    public Integer call() {
        EnergyFitRunner.Plan plan = EnergyFitRunner.plan(energies, model, SetOption.parse(sets), seeds, steps, box);
        OutputDir.prepare(out, force);
        EnergyFitRunner.Result r = EnergyFitRunner.run(plan, out, System.err);
        var o = spec.commandLine().getOut();
        List<String> lines = new ArrayList<>();
        for (EnergyFitRunner.Fit f : r.fits()) {
            lines.add(String.format(Locale.ROOT, "%s %s seed %d: loss %.4f ± %.4f, -log Z %.4f, gap %.4f (%s)", f.energy(),
                    plan.model(), f.seed(), f.loss(), f.lossSe(), f.negLogZ(), f.gap(), f.status().name().toLowerCase(Locale.ROOT)));
        }
        lines.forEach(o::println);
        o.println("wrote " + out.resolve("results.csv") + ", summary.md, run.json and " + r.figures().size() + " figure files");
        if (r.fits().stream().anyMatch(f -> f.status() != dgm.core.train.RunStatus.COMPLETED)) {
            spec.commandLine().getErr().println("error: energy-fit: some fits did not complete (see " + out.resolve("summary.md") + ")");
            return Workbench.EXIT_FAILURE;
        }
        return Workbench.EXIT_OK;
    }
}
