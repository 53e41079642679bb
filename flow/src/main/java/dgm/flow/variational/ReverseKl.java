package dgm.flow.variational;

import dgm.core.InputException;
import dgm.core.nn.Adam;
import dgm.core.nn.LrSchedule;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.flow.FlowModel;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.Bijector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variational fitting of an unnormalised density p ∝ e^{−U} by reverse KL (Rezende and Mohamed
 * 2015): with z ~ N(0, I) and x = f⁻¹(z) (the flow's sampling direction),
 * <pre>
 *   F(θ) = E_z[ log N(z) − log|det ∂x/∂z| + U(x) ] = KL(q_θ ‖ p) − log Z ≥ −log Z,
 * </pre>
 * minimised by Adam on fresh minibatches (the reparameterisation gradient, through
 * {@link Bijector#inverseBackward}). The bound −log Z is reached exactly when q = p. The flow's base
 * must be the standard normal (its sample then does not depend on θ).
 */
public final class ReverseKl {
    private ReverseKl() {
    }

    /** @param steps number of Adam steps; {@code batch} samples per step; {@code clip} gradient norm (0: none) */
    public record Options(int steps, int batch, double lr, String schedule, double clip) {
    }

    /** The loss F estimated on fresh samples, with its standard error (nats). */
    public record Estimate(double value, double standardError, int n) {
    }

    public record Outcome(RunStatus status, String detail, List<HistoryPoint> history, Estimate finalLoss) {
    }

    public static Outcome fit(FlowModel model, Energy energy, Options o, Rng rng, TrainingListener listener) {
        Bijector flow = model.flow();
        if (!flow.supportsInverseBackward()) {
            throw new InputException("model '" + model.id() + "' cannot be fitted by reverse KL: its sampling direction "
                    + "has no backward pass (" + flow.describe() + ")");
        }
        if (!(model.base() instanceof StandardNormal)) {
            throw new InputException("reverse KL needs a standard normal base; set base=standard");
        }
        if (energy.dimension() != model.dimension()) {
            throw new InputException("energy " + energy.name() + " has dimension " + energy.dimension()
                    + ", the model " + model.dimension());
        }
        int d = model.dimension();
        int n = o.batch();
        ParamBuffer p = model.params();
        Adam adam = new Adam();
        LrSchedule schedule = LrSchedule.named(o.schedule(), o.lr(), o.steps());
        double[] z = new double[n * d];
        double[] x = new double[n * d];
        double[] ld = new double[n];
        double[] lp = new double[n];
        double[] gx = new double[n * d];
        double[] gld = new double[n];
        double[] gz = new double[n * d];
        double[] lastGood = p.snapshot();
        List<HistoryPoint> history = new ArrayList<>();
        long t0 = System.nanoTime();
        double running = 0;
        int every = Math.max(1, o.steps() / 50);
        for (int step = 0; step < o.steps(); step++) {
            model.base().sample(n, rng, z);
            java.util.Arrays.fill(ld, 0.0);
            flow.inverse(z, n, x, ld);
            model.base().logProb(z, n, lp);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss += lp[i] - ld[i] + energy.value(x, i * d);
                energy.gradient(x, i * d, gx, i * d);
                gld[i] = -1.0 / n;
            }
            loss /= n;
            for (int k = 0; k < n * d; k++) {
                gx[k] /= n;
            }
            p.zeroGrad();
            double norm = Double.NaN;
            if (Double.isFinite(loss)) {
                flow.inverseBackward(gx, gld, n, gz);
                norm = p.clipGradNorm(o.clip());
            }
            if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                p.restore(lastGood);
                String detail = "the reverse-KL loss or its gradient became non-finite at step " + step
                        + "; the model holds the last parameters with a finite loss";
                return new Outcome(RunStatus.DIVERGED, detail, history, estimate(model, energy, 10_000, rng));
            }
            System.arraycopy(p.values(), 0, lastGood, 0, lastGood.length);
            adam.step(p, schedule.lr(step));
            running = step == 0 ? loss : 0.98 * running + 0.02 * loss;
            if ((step + 1) % every == 0 || step == o.steps() - 1) {
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("reverse_kl_loss", running);
                HistoryPoint hp = new HistoryPoint(step + 1, (System.nanoTime() - t0) / 1e9, v);
                history.add(hp);
                listener.record(hp);
                listener.progress((step + 1.0) / o.steps(), String.format(java.util.Locale.ROOT,
                        "step %d/%d loss %.4f", step + 1, o.steps(), running));
            }
        }
        return new Outcome(RunStatus.COMPLETED, "ran " + o.steps() + " steps", history,
                estimate(model, energy, 20_000, rng));
    }

    /** F estimated by Monte Carlo on n fresh samples: mean and standard error. */
    public static Estimate estimate(FlowModel model, Energy energy, int n, Rng rng) {
        int d = model.dimension();
        double[] z = new double[n * d];
        double[] x = new double[n * d];
        double[] ld = new double[n];
        double[] lp = new double[n];
        model.base().sample(n, rng, z);
        model.flow().inverse(z, n, x, ld);
        model.base().logProb(z, n, lp);
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double f = lp[i] - ld[i] + energy.value(x, i * d);
            s += f;
            s2 += f * f;
        }
        double mean = s / n;
        double var = Math.max(0, s2 / n - mean * mean) * n / (n - 1);
        return new Estimate(mean, Math.sqrt(var / n), n);
    }
}
