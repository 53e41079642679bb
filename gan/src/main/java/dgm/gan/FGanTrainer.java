package dgm.gan;

import dgm.core.metrics.Estimate;
import dgm.core.rng.Rng;
import dgm.core.train.Batches;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.Objective;
import dgm.core.train.ParamGroup;
import dgm.core.train.Report;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains an {@link FGan} through the {@link GradientTrainer}: two parameter groups, each with its
 * own Adam, the critic ascending F and the generator descending its loss, by the paper's
 * single-step method (Algorithm 1: both updated from one batch, gradients at the same parameters)
 * or by the usual alternating method (k critic steps, each on a fresh batch, then one generator
 * step on fresh noise). Clipping per network, the schedule over the planned steps, the NaN rule and
 * checkpoints are the trainer's.
 *
 * <p>History: every {@code logEvery} steps (and at the end) a row with
 * <ul>
 *   <li>{@code bound_hat}, {@code bound_se}: F̂ = mean g_f(V(x)) − mean f*(g_f(V(G(z)))) on
 *       {@code evalSize} held-out data rows and as many fresh generated rows, with the standard error
 *       of {@link VariationalObjective#boundEstimate}. For any critic F ≤ D_f(P‖Q_θ), so F̂ estimates
 *       a lower bound on the divergence of the current generator, tight only for an optimal critic;</li>
 *   <li>{@code critic_loss}, {@code generator_loss}: means over the window of −F̂ and L_G on the
 *       training batches, before each update;</li>
 *   <li>{@code critic_real}, {@code critic_fake}: the mean raw critic output V on the same held-out
 *       data rows and generated rows; {@code outside_domain}: the share of generated rows whose
 *       g_f(V) falls outside dom f* in floating point ({@link HeldOut});</li>
 *   <li>{@code critic_grad_norm}, {@code generator_grad_norm} (before clipping) and {@code lr_c},
 *       {@code lr_g}.</li>
 * </ul>
 *
 * <p>The generated rows of the history come from the trained generator, the one the critic plays
 * against, also when an averaged generator ({@link Options#ema}) is what the model samples from.
 *
 * <p>A non-finite held-out F̂ ends the run as diverged, as a non-finite loss or gradient does
 * ({@link GradientTrainer}'s NaN rule).
 */
public final class FGanTrainer {

    /** Algorithm 1 of the paper, or k critic steps per generator step. */
    public enum Method {
        SINGLE_STEP("single-step"), ALTERNATING("alternating");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Method fromId(String id) {
            for (Method m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown method '" + id + "'; allowed: single-step, alternating");
        }
    }

    /**
     * @param steps       generator updates (outer steps)
     * @param batch       rows of data and of noise per batch
     * @param criticSteps k, critic updates per generator update (alternating only; single-step uses 1)
     * @param beta1       Adam's β₁ for both networks (the family's default 0, 0.5 the usual GAN choice, 0.9 Adam's default)
     * @param schedule    {@code constant}, {@code cosine} or {@code step} over the planned steps
     * @param clip        maximal gradient norm per network; 0 disables
     * @param logEvery    history row every this many steps
     * @param evalSize    rows of data and of noise for each F̂ in the history
     * @param maxSeconds  a wall-clock limit (0: none; with one the result depends on machine speed)
     * @param ema         β of the moving average of the generator's weights, updated after every
     *                    generator update with the warm-up of {@link FGan#averagingRate} (0: none; it
     *                    needs an {@link FGan} with an averaged generator)
     */
    public record Options(Method method, GeneratorLoss generatorLoss, int steps, int batch, int criticSteps,
                          double lrG, double lrC, double beta1, String schedule, double clip, int logEvery,
                          int evalSize, double maxSeconds, double ema) {
        public Options {
            if (steps < 0 || batch < 1 || criticSteps < 1 || logEvery < 1 || evalSize < 2) {
                throw new IllegalArgumentException("need steps ≥ 0, batch ≥ 1, critic_steps ≥ 1, log_every ≥ 1, eval_size ≥ 2");
            }
            if (!(ema >= 0 && ema < 1)) {
                throw new IllegalArgumentException("need 0 ≤ ema < 1, got " + ema);
            }
        }

        /** Without averaging. */
        public Options(Method method, GeneratorLoss generatorLoss, int steps, int batch, int criticSteps, double lrG,
                       double lrC, double beta1, String schedule, double clip, int logEvery, int evalSize, double maxSeconds) {
            this(method, generatorLoss, steps, batch, criticSteps, lrG, lrC, beta1, schedule, clip, logEvery, evalSize,
                    maxSeconds, 0.0);
        }

        /** The trainer's share of these options. */
        public TrainingOptions training() {
            return new TrainingOptions(steps, 0, batch, schedule, clip, 0, 0, maxSeconds, logEvery);
        }
    }

    private FGanTrainer() {
    }

    /** The f-GAN's objective: critic and generator groups, data and noise sources, F̂ on held-out rows as the watched score. */
    static final class Game implements Objective {
        private final FGan gan;
        private final Options o;
        private final BatchSource data;
        private final BatchSource evalData;
        private final Rng noise;
        private final Rng evalRng;
        private final ParamGroup critic;
        private final ParamGroup generator;
        private final double[] xp;
        private final double[] z;

        Game(FGan gan, BatchSource data, BatchSource evalData, Options o, Rng noise, Rng evalRng) {
            this.gan = gan;
            this.o = o;
            this.data = data;
            this.evalData = evalData;
            this.noise = noise;
            this.evalRng = evalRng;
            if ((o.ema() > 0) != (gan.averaged() != null)) {
                throw new IllegalArgumentException(o.ema() > 0 ? "ema > 0 needs an f-GAN with an averaged generator"
                        : "an f-GAN with an averaged generator needs ema > 0");
            }
            this.critic = new ParamGroup("critic", gan.critic().params(), o.lrC(), o.beta1(), 0.0);
            this.generator = new ParamGroup("generator", gan.generator().params(), o.lrG(), o.beta1(), 0.0);
            this.xp = new double[o.batch() * gan.generator().dimension()];
            this.z = new double[o.batch() * gan.generator().noiseDimension()];
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(critic, generator);
        }

        /** The averaged generator's weights: not trained, but kept with the parameters (NaN rule, checkpoints). */
        @Override
        public List<dgm.core.nn.ParamBuffer> buffers() {
            return gan.averaged() == null ? List.of() : List.of(gan.averaged().params());
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            int n = o.batch();
            int k = gan.generator().noiseDimension();
            if (o.method() == Method.SINGLE_STEP) {
                data.next(xp, n);
                gaussian(noise, z, n * k);
                double[] fl = it.update(List.of(critic, generator), List.of("critic_objective", "generator_loss"),
                        () -> gan.jointStep(xp, n, z, n, o.generatorLoss()));
                gan.updateAverage(o.ema(), it.step());
                record(it, fl[0], fl[1], critic.lastGradientNorm(), generator.lastGradientNorm());
                return;
            }
            double fSum = 0;
            double ncSum = 0;
            for (int j = 0; j < o.criticSteps(); j++) {
                data.next(xp, n);
                gaussian(noise, z, n * k);
                fSum += it.update(critic, "critic_objective", () -> gan.criticStep(xp, n, z, n));
                ncSum += critic.lastGradientNorm();
            }
            gaussian(noise, z, n * k);
            double lg = it.update(generator, "generator_loss", () -> gan.generatorStep(z, n, o.generatorLoss()));
            gan.updateAverage(o.ema(), it.step());
            record(it, fSum / o.criticSteps(), lg, ncSum / o.criticSteps(), generator.lastGradientNorm());
        }

        private static void record(GradientTrainer.Iteration it, double f, double lg, double nc, double ng) {
            it.record("f", f);
            it.record("lg", lg);
            it.record("nc", nc);
            it.record("ng", ng);
        }

        @Override
        public Report report(GradientTrainer.Period p) {
            HeldOut h = heldOut(gan, evalData, evalRng, o.evalSize());
            dgm.core.metrics.Estimate e = h.bound();
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("bound_hat", e.value());
            v.put("bound_se", e.standardError());
            v.put("critic_real", h.criticReal());
            v.put("critic_fake", h.criticFake());
            v.put("outside_domain", h.outsideDomain());
            if (p.count() > 0) {
                v.put("critic_loss", -p.mean("f"));
                v.put("generator_loss", p.mean("lg"));
                v.put("critic_grad_norm", p.mean("nc"));
                v.put("generator_grad_norm", p.mean("ng"));
            }
            v.put("lr_g", p.lr(generator));
            v.put("lr_c", p.lr(critic));
            return Report.watching(v, e.value(), String.format(Locale.ROOT, "step %d/%d F̂ %.4f ± %.4f", p.step(),
                    p.planned(), e.value(), e.standardError()));
        }

        @Override
        public String scoreName() {
            return "held-out F̂";
        }

        @Override
        public void save(TrainingState s) {
            data.save(s, "gan.data");
            evalData.save(s, "gan.eval_data");
            s.putLong("gan.noise", noise.state());
            s.putLong("gan.eval_noise", evalRng.state());
        }

        @Override
        public void restore(TrainingState s) {
            data.restore(s, "gan.data");
            evalData.restore(s, "gan.eval_data");
            noise.setState(s.getLong("gan.noise"));
            evalRng.setState(s.getLong("gan.eval_noise"));
        }
    }

    /**
     * The trainer of {@code gan}.
     *
     * @param data     training batches x ~ P
     * @param evalData held-out batches for F̂ in the history
     * @param noise    the training noise z
     * @param evalRng  the noise for F̂ in the history (separate, so logging does not shift training)
     */
    public static GradientTrainer trainer(FGan gan, BatchSource data, BatchSource evalData, Options o, Rng noise, Rng evalRng) {
        return new GradientTrainer(new Game(gan, data, evalData, o, noise, evalRng), o.training(), Batches.drawnByObjective());
    }

    /** Trains {@code gan}; the detail ends with the final F̂ ± its standard error. */
    public static GradientTrainer.Outcome fit(FGan gan, BatchSource data, BatchSource evalData, Options o, Rng noise,
                                              Rng evalRng, Checkpoints checkpoints, TrainingListener listener) {
        GradientTrainer.Outcome out = trainer(gan, data, evalData, o, noise, evalRng).fit(checkpoints, listener);
        if (out.status() == dgm.core.train.RunStatus.DIVERGED) {
            return new GradientTrainer.Outcome(out.status(), out.detail() + explainDivergence(gan.divergence(), out),
                    out.history(), out.steps(), out.bestScore(), out.resumedFromStep());
        }
        if (out.status() != dgm.core.train.RunStatus.COMPLETED) {
            return out;
        }
        String detail = String.format(Locale.ROOT, "%s; final F̂ = %.5f ± %.5f (lower bound on D_%s(P‖Q), %d + %d held-out rows)",
                out.detail(), out.last("bound_hat"), out.last("bound_se"), gan.divergence().id(), o.evalSize(), o.evalSize());
        return new GradientTrainer.Outcome(out.status(), detail, out.history(), out.steps(), out.bestScore(), out.resumedFromStep());
    }

    /**
     * What the record of a diverged f-GAN run adds to the trainer's detail: the last held-out
     * diagnostics (the critic's mean output on data and on generated rows, the share of generated
     * rows outside dom f*) and, for a divergence known to fail this way, why
     * ({@link Divergence#failureMode}). Empty when nothing was logged and the divergence has no
     * known failure mode.
     */
    static String explainDivergence(Divergence d, GradientTrainer.Outcome out) {
        StringBuilder sb = new StringBuilder();
        double real = out.last("critic_real");
        double fake = out.last("critic_fake");
        double outside = out.last("outside_domain");
        if (Double.isFinite(real) || Double.isFinite(fake)) {
            sb.append("; at the last held-out check the critic's mean output was ").append(brief(real)).append(" on data and ")
                    .append(brief(fake)).append(" on generated rows");
            if (Double.isFinite(outside)) {
                sb.append(String.format(Locale.ROOT, ", %.1f%% of generated rows outside dom f* = %s", 100 * outside, d.domain()));
            }
        }
        String why = d.failureMode();
        if (!why.isEmpty()) {
            sb.append("; ").append(d.modelId()).append(" can diverge where bounded divergences train: ").append(why);
        }
        return sb.toString();
    }

    /** Four significant digits without trailing zeros (NaN and infinities as Java writes them). */
    private static String brief(double x) {
        return Double.isFinite(x) ? new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                : Double.toString(x);
    }

    /** {@link #fit} without checkpoints. */
    public static GradientTrainer.Outcome fit(FGan gan, BatchSource data, BatchSource evalData, Options o, Rng noise,
                                              Rng evalRng, TrainingListener listener) {
        return fit(gan, data, evalData, o, noise, evalRng, Checkpoints.NONE, listener);
    }

    static void gaussian(Rng rng, double[] z, int len) {
        for (int i = 0; i < len; i++) {
            z[i] = rng.gaussian();
        }
    }

    /**
     * F̂ with its standard error on n rows from {@code data} and n generated rows from fresh noise
     * ({@link VariationalObjective#boundEstimate}).
     */
    public static Estimate heldOutBound(FGan gan, BatchSource data, Rng noiseRng, int n) {
        return heldOut(gan, data, noiseRng, n).bound();
    }

    /**
     * F̂ on held-out rows with the critic's diagnostics.
     *
     * @param bound         F̂ ± its standard error
     * @param criticReal    mean raw critic output V(x) on the data rows
     * @param criticFake    mean raw critic output V(G(z)) on the generated rows
     * @param outsideDomain share of generated rows whose g_f(V(G(z))) falls outside dom f* in floating
     *                      point (0 in exact arithmetic: the paper's g_f maps into dom f*; a positive
     *                      share means the critic's outputs reached where g_f rounds onto the boundary)
     */
    public record HeldOut(Estimate bound, double criticReal, double criticFake, double outsideDomain) {
    }

    /** {@link #heldOutBound} with the critic's diagnostics ({@link HeldOut}). */
    public static HeldOut heldOut(FGan gan, BatchSource data, Rng noiseRng, int n) {
        int d = gan.generator().dimension();
        double[] xp = new double[n * d];
        data.next(xp, n);
        double[] xq = sample(gan.generator(), n, noiseRng);
        double[] vp = gan.critic().outputs(xp, n);
        double[] vq = gan.critic().outputs(xq, n);
        Divergence div = gan.divergence();
        double sp = 0;
        double sq = 0;
        int outside = 0;
        for (int i = 0; i < n; i++) {
            sp += vp[i];
            sq += vq[i];
            if (!div.domain().contains(div.activation(vq[i]))) {
                outside++;
            }
        }
        return new HeldOut(VariationalObjective.boundEstimate(div, vp, vq), sp / n, sq / n, (double) outside / n);
    }

    /** n generated rows [n × d], in chunks; the noise is drawn row by row from {@code rng}. */
    public static double[] sample(Generator g, int n, Rng rng) {
        int d = g.dimension();
        int k = g.noiseDimension();
        double[] out = new double[n * d];
        int chunk = 4096;
        double[] z = new double[Math.min(chunk, Math.max(1, n)) * k];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            gaussian(rng, z, m * k);
            System.arraycopy(g.forward(z, m), 0, out, start * d, m * d);
        }
        return out;
    }
}
