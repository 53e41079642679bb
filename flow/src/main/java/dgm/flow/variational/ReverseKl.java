package dgm.flow.variational;

import dgm.core.InputException;
import dgm.core.rng.Rng;
import dgm.core.train.Batches;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.HistoryPoint;
import dgm.core.train.Objective;
import dgm.core.train.ParamGroup;
import dgm.core.train.Report;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingState;
import dgm.flow.FlowModel;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.Bijector;
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
        return fit(model, energy, o, rng, Checkpoints.NONE, listener);
    }

    /**
     * Fits {@code model} to p ∝ e^{−U} through the {@link GradientTrainer} (a history row with the
     * running loss about 50 times in the run), then estimates F on fresh samples: 20,000 after a
     * completed fit, 10,000 after a diverged one.
     */
    public static Outcome fit(FlowModel model, Energy energy, Options o, Rng rng, Checkpoints checkpoints,
                              TrainingListener listener) {
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
        TrainingOptions t = TrainingOptions.iterations(o.steps(), o.batch(), o.schedule(), o.clip(), Math.max(1, o.steps() / 50));
        GradientTrainer.Outcome out = new GradientTrainer(new Variational(model, energy, o, rng), t, Batches.drawnByObjective())
                .fit(checkpoints, listener);
        if (out.status() != RunStatus.COMPLETED) {
            return new Outcome(out.status(), out.detail(), out.history(), estimate(model, energy, 10_000, rng));
        }
        return new Outcome(RunStatus.COMPLETED, "ran " + o.steps() + " steps", out.history(), estimate(model, energy, 20_000, rng));
    }

    /** The reverse-KL objective F(θ) on fresh base samples; the history reports an exponential running mean (weight 0.02). */
    private static final class Variational implements Objective {
        private final FlowModel model;
        private final Energy energy;
        private final Rng rng;
        private final ParamGroup group;
        private final int n;
        private final int d;
        private final double[] z;
        private final double[] x;
        private final double[] ld;
        private final double[] lp;
        private final double[] gx;
        private final double[] gld;
        private final double[] gz;
        private double running;

        Variational(FlowModel model, Energy energy, Options o, Rng rng) {
            this.model = model;
            this.energy = energy;
            this.rng = rng;
            this.group = ParamGroup.adam("flow", model.params(), o.lr());
            this.n = o.batch();
            this.d = model.dimension();
            z = new double[n * d];
            x = new double[n * d];
            ld = new double[n];
            lp = new double[n];
            gx = new double[n * d];
            gld = new double[n];
            gz = new double[n * d];
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(group);
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            double loss = it.update(group, "reverse_kl_loss", this::lossAndGradient);
            running = it.step() == 0 ? loss : 0.98 * running + 0.02 * loss;
        }

        private double lossAndGradient() {
            Bijector flow = model.flow();
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
            if (Double.isFinite(loss)) {
                flow.inverseBackward(gx, gld, n, gz);
            }
            return loss;
        }

        @Override
        public Report report(GradientTrainer.Period p) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("reverse_kl_loss", running);
            return Report.of(v, String.format(java.util.Locale.ROOT, "step %d/%d loss %.4f", p.step(), p.planned(), running));
        }

        @Override
        public void save(TrainingState s) {
            s.putLong("reverse_kl.rng", rng.state());
            s.putDouble("reverse_kl.running", running);
        }

        @Override
        public void restore(TrainingState s) {
            rng.setState(s.getLong("reverse_kl.rng"));
            running = s.getDouble("reverse_kl.running");
        }
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
