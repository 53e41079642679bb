package dgm.gan;

import dgm.core.metrics.Estimate;
import dgm.core.nn.Adam;
import dgm.core.nn.LrSchedule;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains an {@link FGan}: Adam on the critic (ascending F) and on the generator (descending its
 * loss), by the paper's single-step method (Algorithm 1: both updated from one batch, gradients at
 * the same parameters) or by the usual alternating method (k critic steps, each on a fresh batch,
 * then one generator step on fresh noise); gradient-norm clipping per network, a learning-rate
 * schedule over the planned steps, a wall-clock budget, and a NaN guard.
 *
 * <p>History: every {@code logEvery} steps (and at the end) a row with
 * <ul>
 *   <li>{@code bound_hat}, {@code bound_se}: F̂ = mean g_f(V(x)) − mean f*(g_f(V(G(z)))) on
 *       {@code evalSize} held-out data rows and as many fresh generated rows, with the standard error
 *       of {@link VariationalObjective#boundEstimate}. For any critic F ≤ D_f(P‖Q_θ), so F̂ estimates
 *       a lower bound on the divergence of the current generator, tight only for an optimal critic;</li>
 *   <li>{@code critic_loss}, {@code generator_loss}: means over the window of −F̂ and L_G on the
 *       training batches, before each update;</li>
 *   <li>{@code critic_grad_norm}, {@code generator_grad_norm} (before clipping) and {@code lr_c},
 *       {@code lr_g}.</li>
 * </ul>
 *
 * <p>NaN guard: when a loss or a gradient norm is NaN or infinite, both networks are restored to
 * their parameters at the start of the last step whose losses and gradients were all finite, and
 * the run ends with {@link RunStatus#DIVERGED}.
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
     * @param beta1       Adam's β₁ for both networks (0.5 is the usual GAN choice, 0.9 Adam's default)
     * @param schedule    {@code constant}, {@code cosine} or {@code step} over the planned steps
     * @param clip        maximal gradient norm per network; 0 disables
     * @param logEvery    history row every this many steps
     * @param evalSize    rows of data and of noise for each F̂ in the history
     * @param maxSeconds  wall-clock budget; the run stops (completed) when it is spent
     */
    public record Options(Method method, GeneratorLoss generatorLoss, int steps, int batch, int criticSteps,
                          double lrG, double lrC, double beta1, String schedule, double clip, int logEvery,
                          int evalSize, double maxSeconds) {
        public Options {
            if (steps < 0 || batch < 1 || criticSteps < 1 || logEvery < 1 || evalSize < 2) {
                throw new IllegalArgumentException("need steps ≥ 0, batch ≥ 1, critic_steps ≥ 1, log_every ≥ 1, eval_size ≥ 2");
            }
        }
    }

    /** How training ended; the networks hold the parameters this describes. */
    public record Outcome(RunStatus status, String detail, List<HistoryPoint> history, long steps, Estimate finalBound) {
    }

    private FGanTrainer() {
    }

    /**
     * @param data     training batches x ~ P
     * @param evalData held-out batches for F̂ in the history
     * @param noise    the training noise z
     * @param evalRng  the noise for F̂ in the history (separate, so logging does not shift training)
     */
    public static Outcome fit(FGan gan, BatchSource data, BatchSource evalData, Options o, Rng noise, Rng evalRng,
                              TrainingListener listener) {
        Generator g = gan.generator();
        Critic c = gan.critic();
        ParamBuffer pg = g.params();
        ParamBuffer pc = c.params();
        int d = g.dimension();
        int k = g.noiseDimension();
        int n = o.batch();
        LrSchedule lrG = LrSchedule.named(o.schedule(), o.lrG(), o.steps());
        LrSchedule lrC = LrSchedule.named(o.schedule(), o.lrC(), o.steps());
        Adam adamG = new Adam(o.beta1(), 0.999, 1e-8, 0.0);
        Adam adamC = new Adam(o.beta1(), 0.999, 1e-8, 0.0);
        double[] xp = new double[n * d];
        double[] z = new double[n * k];
        double[] goodG = pg.snapshot();
        double[] goodC = pc.snapshot();
        double[] startG = pg.snapshot();
        double[] startC = pc.snapshot();
        List<HistoryPoint> history = new ArrayList<>();
        Window w = new Window();
        long t0 = System.nanoTime();
        String stopReason = "ran all " + o.steps() + " steps";
        long step = 0;
        Estimate last = null;
        for (; step < o.steps(); step++) {
            System.arraycopy(pg.values(), 0, startG, 0, startG.length);
            System.arraycopy(pc.values(), 0, startC, 0, startC.length);
            String bad = null;
            if (o.method() == Method.SINGLE_STEP) {
                data.next(xp, n);
                gaussian(noise, z, n * k);
                pg.zeroGrad();
                double[] fl = gan.jointStep(xp, n, z, n, o.generatorLoss());
                double nc = pc.clipGradNorm(o.clip());
                double ng = pg.clipGradNorm(o.clip());
                bad = check(fl[0], nc, fl[1], ng);
                if (bad == null) {
                    adamC.step(pc, lrC.lr(step));
                    adamG.step(pg, lrG.lr(step));
                    w.add(fl[0], fl[1], nc, ng);
                }
            } else {
                double fSum = 0;
                double ncSum = 0;
                for (int j = 0; j < o.criticSteps() && bad == null; j++) {
                    data.next(xp, n);
                    gaussian(noise, z, n * k);
                    pc.zeroGrad();
                    double f = gan.criticStep(xp, n, z, n);
                    double nc = pc.clipGradNorm(o.clip());
                    bad = check(f, nc, 0, 0);
                    if (bad == null) {
                        adamC.step(pc, lrC.lr(step));
                        fSum += f;
                        ncSum += nc;
                    }
                }
                if (bad == null) {
                    gaussian(noise, z, n * k);
                    pg.zeroGrad();
                    double lg = gan.generatorStep(z, n, o.generatorLoss());
                    double ng = pg.clipGradNorm(o.clip());
                    bad = check(0, 0, lg, ng);
                    if (bad == null) {
                        adamG.step(pg, lrG.lr(step));
                        w.add(fSum / o.criticSteps(), lg, ncSum / o.criticSteps(), ng);
                    }
                }
            }
            if (bad != null) {
                pg.restore(goodG);
                pc.restore(goodC);
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("diverged", 1.0);
                HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
                history.add(hp);
                listener.record(hp);
                String detail = bad + " at step " + step + "; the networks hold their parameters at the start of step "
                        + Math.max(0, step - 1) + ", the last step whose losses and gradients were all finite";
                listener.progress(1.0, "diverged: " + detail);
                return new Outcome(RunStatus.DIVERGED, detail, history, step, last);
            }
            // this step was finite throughout: its starting parameters are the new fallback
            double[] t = goodG;
            goodG = startG;
            startG = t;
            t = goodC;
            goodC = startC;
            startC = t;
            if ((step + 1) % o.logEvery() == 0 || step + 1 == o.steps()) {
                last = log(gan, evalData, evalRng, o, step + 1, t0, w, lrG.lr(step), lrC.lr(step), history, listener);
                if (!Double.isFinite(last.value())) {
                    String detail = "the held-out F̂ became " + last.value() + " after step " + (step + 1)
                            + "; the networks hold the parameters after that step";
                    return new Outcome(RunStatus.DIVERGED, detail, history, step + 1, last);
                }
            }
            if (seconds(t0) > o.maxSeconds()) {
                stopReason = "time budget of " + o.maxSeconds() + " s spent after step " + (step + 1) + " of " + o.steps();
                step++;
                break;
            }
        }
        if (last == null || history.isEmpty() || history.get(history.size() - 1).step() != step) {
            last = log(gan, evalData, evalRng, o, step, t0, w, lrG.lr(Math.max(0, step - 1)), lrC.lr(Math.max(0, step - 1)),
                    history, listener);
        }
        String detail = String.format(Locale.ROOT, "%s; final F̂ = %.5f ± %.5f (lower bound on D_%s(P‖Q), %d + %d held-out rows)",
                stopReason, last.value(), last.standardError(), gan.divergence().id(), o.evalSize(), o.evalSize());
        return new Outcome(RunStatus.COMPLETED, detail, history, step, last);
    }

    private static String check(double f, double nc, double lg, double ng) {
        if (!Double.isFinite(f)) {
            return "the critic objective F̂ became " + f;
        }
        if (!Double.isFinite(nc)) {
            return "the critic's gradient norm became " + nc;
        }
        if (!Double.isFinite(lg)) {
            return "the generator loss became " + lg;
        }
        if (!Double.isFinite(ng)) {
            return "the generator's gradient norm became " + ng;
        }
        return null;
    }

    static void gaussian(Rng rng, double[] z, int len) {
        for (int i = 0; i < len; i++) {
            z[i] = rng.gaussian();
        }
    }

    /** Means of the per-step quantities since the last history row. */
    private static final class Window {
        double f;
        double lg;
        double nc;
        double ng;
        int count;

        void add(double f, double lg, double nc, double ng) {
            this.f += f;
            this.lg += lg;
            this.nc += nc;
            this.ng += ng;
            count++;
        }

        void clear() {
            f = lg = nc = ng = 0;
            count = 0;
        }
    }

    private static Estimate log(FGan gan, BatchSource evalData, Rng evalRng, Options o, long step, long t0, Window w,
                                double lrG, double lrC, List<HistoryPoint> history, TrainingListener listener) {
        Estimate e = heldOutBound(gan, evalData, evalRng, o.evalSize());
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("bound_hat", e.value());
        v.put("bound_se", e.standardError());
        if (w.count > 0) {
            v.put("critic_loss", -w.f / w.count);
            v.put("generator_loss", w.lg / w.count);
            v.put("critic_grad_norm", w.nc / w.count);
            v.put("generator_grad_norm", w.ng / w.count);
        }
        v.put("lr_g", lrG);
        v.put("lr_c", lrC);
        w.clear();
        HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
        history.add(hp);
        listener.record(hp);
        listener.progress(o.steps() == 0 ? 1.0 : (double) step / o.steps(), String.format(Locale.ROOT,
                "step %d/%d F̂ %.4f ± %.4f", step, o.steps(), e.value(), e.standardError()));
        return e;
    }

    /**
     * F̂ with its standard error on n rows from {@code data} and n generated rows from fresh noise
     * ({@link VariationalObjective#boundEstimate}).
     */
    public static Estimate heldOutBound(FGan gan, BatchSource data, Rng noiseRng, int n) {
        int d = gan.generator().dimension();
        int k = gan.generator().noiseDimension();
        double[] xp = new double[n * d];
        data.next(xp, n);
        double[] xq = sample(gan.generator(), n, noiseRng);
        double[] vp = gan.critic().outputs(xp, n);
        double[] vq = gan.critic().outputs(xq, n);
        return VariationalObjective.boundEstimate(gan.divergence(), vp, vq);
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

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
