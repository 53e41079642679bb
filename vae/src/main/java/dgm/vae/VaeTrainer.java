package dgm.vae;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link VaeModel} by stochastic gradient ascent on its bound, through the
 * {@link GradientTrainer} (minibatches, Adam, clipping, schedule, the NaN rule, early stopping on
 * the validation bound with the best parameters kept, checkpoints).
 *
 * <p>Objective per step: for {@link VaeModel.Objective#ELBO}, −[(1/k) Σ_s log p(x|z_s) − β_t KL] with
 * β_t = β·min(1, (t+1)/T_warm) rising linearly over the first {@code warmupEpochs} epochs
 * (KL warm-up, Bowman et al. 2016, Sønderby et al. 2016); for {@link VaeModel.Objective#IWAE},
 * −L_k (Burda et al. 2016). The validation score is always a true bound with β = 1: −ELBO (analytic
 * KL, one sample) for ELBO training, −L_k for IWAE training, with the same validation noise at every
 * epoch so that epochs are compared on common random numbers. Patience starts counting only after
 * the warm-up. History per epoch: {@code train_loss}, {@code train_recon}, {@code train_kl} (means
 * over the epoch's rows), {@code beta} (ELBO), {@code lr}, {@code val_nll}.
 */
public final class VaeTrainer {

    /**
     * What the VAE's objective adds to the {@link TrainingOptions}.
     *
     * @param objective     ELBO or IWAE
     * @param k             samples per row in training (IWAE's k; ELBO: Monte Carlo samples of the reconstruction term)
     * @param beta          KL weight (ELBO only); the bound is a bound only at β = 1
     * @param warmupEpochs  epochs of linear KL warm-up from 0 to β (ELBO only; 0: none)
     * @param lr            peak learning rate
     * @param weightDecay   decoupled weight decay (AdamW); 0 for plain Adam
     */
    public record Settings(VaeModel.Objective objective, int k, double beta, int warmupEpochs, double lr, double weightDecay) {
    }

    private VaeTrainer() {
    }

    /** The validation score: −(mean bound) over rows, on fixed noise from {@code seed} (also dl4j-vae's). */
    public static double validationNll(VaeModel model, double[][] rows, VaeModel.Objective objective, int kTrain, long seed) {
        Rng rng = new Rng(seed);
        int d = model.dimension();
        int dz = model.latentDimension();
        int k = objective == VaeModel.Objective.IWAE ? kTrain : 1;
        int chunk = Math.max(1, 2048 / k);
        double total = 0;
        for (int start = 0; start < rows.length; start += chunk) {
            int m = Math.min(chunk, rows.length - start);
            double[] x = new double[m * d];
            for (int i = 0; i < m; i++) {
                System.arraycopy(rows[start + i], 0, x, i * d, d);
            }
            double[] eps = new double[m * k * dz];
            for (int q = 0; q < eps.length; q++) {
                eps[q] = rng.gaussian();
            }
            total += m * model.objective(x, m, k, eps, objective, 1.0, false);
        }
        return total / rows.length;
    }

    /** The VAE's objective: one parameter group, the training noise, the validation bound as the score. */
    static final class Bound implements Objective {
        private final VaeModel model;
        private final double[][] validation;
        private final Settings s;
        private final ParamGroup group;
        private final Rng noise;
        /** The validation noise's seed: the same noise at every epoch (common random numbers). */
        final long validationSeed;
        private final boolean elbo;
        private double[] eps = new double[0];

        Bound(VaeModel model, double[][] validation, Settings s, Rng noise) {
            this.model = model;
            this.validation = validation;
            this.s = s;
            this.noise = noise;
            this.group = new ParamGroup("vae", model.params(), s.lr(), 0.9, s.weightDecay());
            this.validationSeed = noise.nextLong();
            this.elbo = s.objective() == VaeModel.Objective.ELBO;
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(group);
        }

        /** β at iteration {@code step}: linear warm-up over the first warmupEpochs epochs (ELBO), else 1. */
        private double beta(long step, int stepsPerEpoch) {
            long warmSteps = (long) s.warmupEpochs() * stepsPerEpoch;
            return elbo ? s.beta() * (warmSteps > 0 ? Math.min(1.0, (step + 1.0) / warmSteps) : 1.0) : 1.0;
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            int m = it.rows();
            int len = m * s.k() * model.latentDimension();
            if (eps.length < it.batchSize() * s.k() * model.latentDimension()) {
                eps = new double[it.batchSize() * s.k() * model.latentDimension()];
            }
            for (int q = 0; q < len; q++) {
                eps[q] = noise.gaussian();
            }
            double beta = beta(it.step(), it.stepsPerEpoch());
            double loss = it.update(group, "train_loss",
                    () -> model.objective(it.batch(), m, s.k(), eps, s.objective(), beta, true));
            it.record("train_loss", loss, m);
            it.record("train_recon", model.lastReconstruction(), m);
            it.record("train_kl", model.lastKl(), m);
        }

        @Override
        public Report report(GradientTrainer.Period p) {
            Map<String, Double> v = p.means();
            if (elbo) {
                v.put("beta", beta(Math.max(0, p.step() - 1), p.stepsPerEpoch()));
            }
            v.put("lr", p.lr(group));
            String line = String.format(Locale.ROOT, "epoch %d/%d loss %.4f (recon %.4f, kl %.4f)", p.epoch() + 1, p.epochs(),
                    v.get("train_loss"), v.get("train_recon"), v.get("train_kl"));
            if (validation == null || validation.length == 0) {
                return Report.of(v, line);
            }
            double val = validationNll(model, validation, s.objective(), s.k(), validationSeed);
            v.put("val_nll", val);
            return Report.selecting(v, val, line + String.format(Locale.ROOT, " val_nll≤ %.4f", val));
        }

        @Override
        public String scoreName() {
            return "validation bound (NLL ≤)";
        }

        @Override
        public void save(TrainingState st) {
            st.putLong("vae.noise", noise.state());
        }

        @Override
        public void restore(TrainingState st) {
            noise.setState(st.getLong("vae.noise"));
        }
    }

    /** The trainer of {@code model} on {@code train} (shuffled by {@code batches}), the noise from {@code noise}. */
    public static GradientTrainer trainer(VaeModel model, double[][] train, double[][] validation, Settings s,
                                          TrainingOptions o, Rng batches, Rng noise) {
        return new GradientTrainer(new Bound(model, validation, s, noise), o.withPatienceFrom(s.warmupEpochs()),
                Batches.rows(train, batches));
    }

    public static GradientTrainer.Outcome fit(VaeModel model, double[][] train, double[][] validation, Settings s,
                                              TrainingOptions o, Rng batches, Rng noise, Checkpoints checkpoints,
                                              TrainingListener listener) {
        return trainer(model, train, validation, s, o, batches, noise).fit(checkpoints, listener);
    }
}
