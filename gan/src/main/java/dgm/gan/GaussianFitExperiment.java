package dgm.gan;

import dgm.core.metrics.Estimate;
import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.run.AtomicFiles;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The f-GAN paper's Gaussian-fit experiment (Nowozin, Cseke, Tomioka 2016, Section 4.1; the
 * {@code fgan-fit} command), trained and set beside its exact answer.
 *
 * <p>Target P = 0.3·N(−1.5, 0.5²) + 0.7·N(1.5, 0.8²), sampled afresh for every batch; model
 * Q_θ = N(μ, σ²) generated as x = μ + σz ({@link AffineGenerator}, θ = (μ, log σ)); critic V_ω an
 * MLP 1 → 64 → 64 → 1 with tanh hidden units and the divergence's output activation g_f. For each
 * divergence: train (θ, ω) on the saddle point of F(θ, ω); then, with θ̂ fixed, train the critic
 * alone for {@code polishSteps} more steps and estimate F̂ on {@code evalSize} fresh rows of P and
 * of Q_θ̂ (with its standard error). F̂ ≤ D_f(P‖Q_θ̂) for every critic, and D_f(P‖Q_θ̂) ≥ D_f* by
 * definition of the optimum, so F̂ may land on either side of D_f* but should be close below it.
 * The exact optimum (μ*, σ*, D_f*) is {@link GaussianFit#fit} (quadrature and direct minimisation).
 *
 * <p>Initialisation μ = 0, σ = 1 for every divergence: Neyman χ²(P‖Q) is finite only for
 * σ &lt; √2·0.8 ≈ 1.131 here, Pearson χ² only for σ &gt; 0.8/√2 ≈ 0.566.
 *
 * <p>Output ({@link #write}): {@code gaussian_fit.csv} with the header
 * {@code divergence,mu_hat,sigma_hat,bound_hat,mu_star,sigma_star,divergence_star}, and the same
 * table as {@code gaussian_fit.md} and {@code gaussian_fit.tex}, each written atomically.
 */
public final class GaussianFitExperiment {
    private GaussianFitExperiment() {
    }

    /**
     * @param steps        generator updates
     * @param polishSteps  critic-only updates at the final θ̂ before F̂ is estimated
     * @param evalSize     rows of P and of Q_θ̂ for F̂
     */
    public record Options(List<Divergence> divergences, FGanTrainer.Method method, GeneratorLoss generatorLoss,
                          int criticSteps, int steps, int polishSteps, int batch, double lrG, double lrC, double beta1,
                          String schedule, int evalSize, double initMu, double initSigma, long seed) {
    }

    /** The settings the table in gan/README.md was made with. */
    public static Options defaults() {
        return new Options(List.of(Divergence.values()), FGanTrainer.Method.SINGLE_STEP, GeneratorLoss.SATURATING, 1,
                4000, 1000, 256, 2e-3, 2e-3, 0.5, "cosine", 100_000, 0.0, 1.0, 0);
    }

    /**
     * One line: the trained (μ̂, σ̂), F̂ with its standard error, D_f(P‖Q_θ̂) by quadrature (+∞ where
     * it diverges; F̂ must lie below it), and the exact optimum.
     */
    public record Row(Divergence divergence, double muHat, double sigmaHat, Estimate boundHat, double divergenceAtHat,
                      double muStar, double sigmaStar, double divergenceStar, RunStatus status, String detail) {
    }

    /** The exact optima for the (fixed) paper target, computed once per divergence (seconds each). */
    private static final java.util.Map<Divergence, GaussianFit.Row> EXACT = new java.util.concurrent.ConcurrentHashMap<>();

    /** The trained part of a row: (μ̂, σ̂), F̂, and how training ended. */
    record Trained(double muHat, double sigmaHat, Estimate boundHat, RunStatus status, String detail) {
    }

    /** Trains and evaluates one divergence; the exact optimum is computed alongside. */
    public static Row run(Divergence d, Options o) {
        Trained t = train(d, o);
        GaussianFit.Row star = EXACT.computeIfAbsent(d, k -> GaussianFit.fit(k, GaussianMixture1D.paperTarget()));
        double atHat = Double.isFinite(t.muHat()) && t.sigmaHat() > 0 && Double.isFinite(t.sigmaHat())
                ? Divergences.divergence(d, GaussianMixture1D.paperTarget(), new Gaussian1D(t.muHat(), t.sigmaHat()))
                : Double.NaN;
        return new Row(d, t.muHat(), t.sigmaHat(), t.boundHat(), atHat, star.muStar(), star.sigmaStar(), star.divergenceStar(),
                t.status(), t.detail());
    }

    /** Trains one divergence and estimates F̂ (no exact optimum). */
    static Trained train(Divergence d, Options o) {
        GaussianMixture1D p = GaussianMixture1D.paperTarget();
        Seeds seeds = new Seeds(o.seed()).child(d.id());
        AffineGenerator g = new AffineGenerator(new double[] {o.initMu()}, new double[] {o.initSigma()});
        Critic c = new Critic(1, 64, 2, Activation.TANH);
        c.initialize(seeds.rng("init"));
        FGan gan = new FGan(d, g, c);
        FGanTrainer.Options train = new FGanTrainer.Options(o.method(), o.generatorLoss(), o.steps(), o.batch(),
                o.criticSteps(), o.lrG(), o.lrC(), o.beta1(), o.schedule(), 10.0, Math.max(1, o.steps()), 10_000, 0);
        dgm.core.train.GradientTrainer.Outcome out = FGanTrainer.fit(gan, BatchSource.density(p, seeds.rng("batches")),
                BatchSource.density(p, seeds.rng("eval-data")), train, seeds.rng("noise"), seeds.rng("eval-noise"),
                TrainingListener.NONE);
        String detail = out.detail();
        if (out.status() == RunStatus.COMPLETED && o.polishSteps() > 0) {
            // the critic alone (generator learning rate 0), at the final θ̂
            FGanTrainer.Options polish = new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING, o.generatorLoss(),
                    o.polishSteps(), o.batch(), 1, 0.0, o.lrC(), o.beta1(), "cosine", 10.0, o.polishSteps(), 10_000, 0);
            dgm.core.train.GradientTrainer.Outcome po = FGanTrainer.fit(gan, BatchSource.density(p, seeds.rng("polish-batches")),
                    BatchSource.density(p, seeds.rng("polish-eval-data")), polish, seeds.rng("polish-noise"),
                    seeds.rng("polish-eval-noise"), TrainingListener.NONE);
            if (po.status() != RunStatus.COMPLETED) {
                out = po;
            }
            detail += "; critic polish: " + po.detail();
        }
        Estimate f = FGanTrainer.heldOutBound(gan, BatchSource.density(p, seeds.rng("final-data")), seeds.rng("final-noise"),
                o.evalSize());
        return new Trained(g.mu(0), g.sigma(0), f, out.status(), detail);
    }

    /** Every divergence of the options, in order; {@code progress} receives (fraction done, divergence id). */
    public static List<Row> run(Options o, BiConsumer<Double, String> progress) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < o.divergences().size(); i++) {
            Divergence d = o.divergences().get(i);
            progress.accept((double) i / o.divergences().size(), d.id());
            rows.add(run(d, o));
        }
        progress.accept(1.0, "done");
        return rows;
    }

    /** Runs the experiment and writes {@code gaussian_fit.csv}, {@code .md} and {@code .tex} into {@code dir}. */
    public static List<Row> write(Path dir, Options o, BiConsumer<Double, String> progress) {
        List<Row> rows = run(o, progress);
        write(dir, rows, o);
        return rows;
    }

    /** Writes the three renderings of {@code rows} atomically. */
    public static void write(Path dir, List<Row> rows, Options o) {
        AtomicFiles.writeString(dir.resolve("gaussian_fit.csv"), csv(rows));
        AtomicFiles.writeString(dir.resolve("gaussian_fit.md"), markdown(rows, o));
        AtomicFiles.writeString(dir.resolve("gaussian_fit.tex"), latex(rows, o));
    }

    public static final String HEADER = "divergence,mu_hat,sigma_hat,bound_hat,mu_star,sigma_star,divergence_star";

    private static String num(double x) {
        return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.6f", x);
    }

    /** CSV with {@link #HEADER}; one row per divergence, full precision (6 decimals). */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(r.divergence().id()).append(',').append(num(r.muHat())).append(',').append(num(r.sigmaHat())).append(',')
                    .append(num(r.boundHat().value())).append(',').append(num(r.muStar())).append(',')
                    .append(num(r.sigmaStar())).append(',').append(num(r.divergenceStar())).append('\n');
        }
        return sb.toString();
    }

    private static String setup(Options o) {
        return String.format(Locale.ROOT,
                "P = 0.3·N(−1.5, 0.5²) + 0.7·N(1.5, 0.8²); Q = N(μ, σ²) as μ + σz from μ = %s, σ = %s; critic 1→64→64→1 tanh; "
                        + "%s method, %s generator loss, %d steps, batch %d, Adam (β₁ = %s) lr_g = %s, lr_c = %s, %s schedule; "
                        + "F̂ after %d critic-only steps at θ̂, on %d + %d fresh rows (± one standard error); "
                        + "(μ*, σ*, D_f*) by quadrature and direct minimisation; seed %d.",
                o.initMu(), o.initSigma(), o.method().id(), o.generatorLoss().id(), o.steps(), o.batch(), o.beta1(),
                o.lrG(), o.lrC(), o.schedule(), o.polishSteps(), o.evalSize(), o.evalSize(), o.seed());
    }

    /** The table as Markdown (F̂ with its standard error; a note states the setup). */
    public static String markdown(List<Row> rows, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("| divergence | μ̂ | σ̂ | F̂ | μ* | σ* | D_f* | D_f(P‖Q̂) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s | %.4f | %.4f | %.4f | %.4f |%s%n",
                    r.divergence().displayName(), r.muHat(), r.sigmaHat(), bound(r.boundHat()),
                    r.muStar(), r.sigmaStar(), r.divergenceStar(), r.divergenceAtHat(),
                    r.status() == RunStatus.COMPLETED ? "" : " " + r.status().label()));
        }
        sb.append('\n').append(setup(o)).append(" Last column: D_f(P‖Q_θ̂) at the trained (μ̂, σ̂) by quadrature "
                + "(Infinity where it diverges); F̂ is a lower bound on it, not on D_f*.\n");
        return sb.toString();
    }

    private static String tex(String s) {
        return s.replace("χ²", "$\\chi^2$").replace("_", "\\_");
    }

    /** F̂ ± se with 4 decimals, or in scientific notation when it is huge (a run that left the finite region). */
    private static String bound(Estimate e) {
        return Math.abs(e.value()) < 1e4 ? String.format(Locale.ROOT, "%.4f ± %.4f", e.value(), e.standardError())
                : String.format(Locale.ROOT, "%.3g ± %.3g", e.value(), e.standardError());
    }

    /** The table as a LaTeX tabular (booktabs). */
    public static String latex(List<Row> rows, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("% ").append(setup(o).replace("\n", " ")).append('\n');
        sb.append("\\begin{tabular}{lrrrrrrr}\n\\toprule\n");
        sb.append("divergence & $\\hat\\mu$ & $\\hat\\sigma$ & $\\hat F$ & $\\mu^*$ & $\\sigma^*$ & $D_f^*$ & $D_f(P\\|Q_{\\hat\\theta})$ \\\\\n\\midrule\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s & %.4f & %.4f & %s & %.4f & %.4f & %.4f & %s \\\\%n",
                    tex(r.divergence().displayName()), r.muHat(), r.sigmaHat(), bound(r.boundHat()).replace("±", "$\\pm$"),
                    r.muStar(), r.sigmaStar(), r.divergenceStar(),
                    Double.isInfinite(r.divergenceAtHat()) ? "$\\infty$" : String.format(Locale.ROOT, "%.4f", r.divergenceAtHat())));
        }
        sb.append("\\bottomrule\n\\end{tabular}\n");
        return sb.toString();
    }

    /**
     * Options from {@code key=value} overrides of {@link #defaults()}: divergences (comma-separated ids),
     * method, generator_loss, critic_steps, steps, polish_steps, batch, lr_g, lr_c, beta1, schedule,
     * eval_size, init_mu, init_sigma, seed.
     */
    public static Options options(java.util.Map<String, String> kv) {
        Options o = defaults();
        java.util.Map<String, String> m = new java.util.HashMap<>(kv);
        List<Divergence> ds = o.divergences();
        if (m.containsKey("divergences")) {
            ds = new ArrayList<>();
            for (String id : m.remove("divergences").split(",")) {
                ds.add(Divergence.fromId(id.trim()));
            }
        }
        Options r = new Options(ds,
                m.containsKey("method") ? FGanTrainer.Method.fromId(m.remove("method")) : o.method(),
                m.containsKey("generator_loss") ? GeneratorLoss.fromId(m.remove("generator_loss")) : o.generatorLoss(),
                m.containsKey("critic_steps") ? Integer.parseInt(m.remove("critic_steps")) : o.criticSteps(),
                m.containsKey("steps") ? Integer.parseInt(m.remove("steps")) : o.steps(),
                m.containsKey("polish_steps") ? Integer.parseInt(m.remove("polish_steps")) : o.polishSteps(),
                m.containsKey("batch") ? Integer.parseInt(m.remove("batch")) : o.batch(),
                m.containsKey("lr_g") ? Double.parseDouble(m.remove("lr_g")) : o.lrG(),
                m.containsKey("lr_c") ? Double.parseDouble(m.remove("lr_c")) : o.lrC(),
                m.containsKey("beta1") ? Double.parseDouble(m.remove("beta1")) : o.beta1(),
                m.containsKey("schedule") ? m.remove("schedule") : o.schedule(),
                m.containsKey("eval_size") ? Integer.parseInt(m.remove("eval_size")) : o.evalSize(),
                m.containsKey("init_mu") ? Double.parseDouble(m.remove("init_mu")) : o.initMu(),
                m.containsKey("init_sigma") ? Double.parseDouble(m.remove("init_sigma")) : o.initSigma(),
                m.containsKey("seed") ? Long.parseLong(m.remove("seed")) : o.seed());
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown fgan-fit options " + m.keySet());
        }
        return r;
    }

    /**
     * Runs the experiment: {@code GaussianFitExperiment OUT_DIR [key=value ...]} (see {@link #options}).
     * Prints the CSV, each run's detail and the time.
     */
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "gaussian-fit");
        java.util.Map<String, String> kv = new java.util.LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            kv.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Options o = options(kv);
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        System.out.print(HEADER + "\n");
        for (Divergence d : o.divergences()) {
            System.err.printf(Locale.ROOT, "[fgan-fit] %s%n", d.id());
            Row r = run(d, o);
            rows.add(r);
            // printed as soon as known, so a failure later loses nothing
            System.out.print(csv(List.of(r)).substring(HEADER.length() + 1));
            System.out.flush();
        }
        write(out, rows, o);
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "# %-9s F̂ se %.5f, %s: %s%n", r.divergence().id(), r.boundHat().standardError(),
                    r.status().label(), r.detail());
        }
        System.out.printf(Locale.ROOT, "# %.1f s; wrote %s/gaussian_fit.{csv,md,tex}%n", (System.nanoTime() - t0) / 1e9, out);
    }
}
