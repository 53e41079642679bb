package dgm.vae;

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
 * Trains a {@link VaeModel} by stochastic gradient ascent on its bound, shaped like the flow
 * module's trainer: minibatch Adam, gradient-norm clipping, a learning-rate schedule over the planned
 * steps, early stopping on a validation bound (best parameters kept), a wall-clock budget, and a
 * guard that stops a run whose loss or gradient turns NaN or infinite, restores the last parameters
 * whose loss was finite and reports {@link RunStatus#DIVERGED}.
 *
 * <p>Objective per step: for {@link VaeModel.Objective#ELBO}, −[(1/k) Σ_s log p(x|z_s) − β_t KL] with
 * β_t = β·min(1, (t+1)/T_warm) rising linearly over the first {@code warmupEpochs} epochs
 * (KL warm-up, Bowman et al. 2016, Sønderby et al. 2016); for {@link VaeModel.Objective#IWAE},
 * −L_k (Burda et al. 2016). The validation score is always a true bound with β = 1: −ELBO (analytic
 * KL, one sample) for ELBO training, −L_k for IWAE training, with the same validation noise at every
 * epoch so that epochs are compared on common random numbers. Patience starts counting only after
 * the warm-up.
 */
public final class VaeTrainer {

    /**
     * @param objective     ELBO or IWAE
     * @param k             samples per row in training (IWAE's k; ELBO: Monte Carlo samples of the reconstruction term)
     * @param beta          KL weight (ELBO only); the bound is a bound only at β = 1
     * @param warmupEpochs  epochs of linear KL warm-up from 0 to β (ELBO only; 0: none)
     * @param epochs        passes over the training set (upper bound)
     * @param batch         minibatch size
     * @param lr            peak learning rate
     * @param schedule      {@code cosine}, {@code step} or {@code constant}
     * @param clip          maximal gradient norm; 0 disables clipping
     * @param weightDecay   decoupled weight decay (AdamW, Loshchilov and Hutter 2019); 0 for plain Adam
     * @param patience      epochs (after warm-up) without a validation improvement before stopping; 0: off
     * @param maxSeconds    wall-clock budget
     * @param maxSteps      if positive, exactly this many gradient updates are planned (the last epoch may be
     *                      partial) and {@code epochs} is ignored; 0 plans {@code epochs} full passes
     */
    public record Options(VaeModel.Objective objective, int k, double beta, int warmupEpochs, int epochs, int batch,
                          double lr, String schedule, double clip, double weightDecay, int patience,
                          double maxSeconds, long maxSteps) {
        public Options {
            if (maxSteps < 0) {
                throw new IllegalArgumentException("maxSteps must be ≥ 0, got " + maxSteps);
            }
        }

        public Options(VaeModel.Objective objective, int k, double beta, int warmupEpochs, int epochs, int batch,
                       double lr, String schedule, double clip, double weightDecay, int patience, double maxSeconds) {
            this(objective, k, beta, warmupEpochs, epochs, batch, lr, schedule, clip, weightDecay, patience, maxSeconds, 0);
        }
    }

    /** How training ended; the model holds the parameters this describes. */
    public record Outcome(RunStatus status, String detail, List<HistoryPoint> history, long steps,
                          double bestValidation, long validationSeed) {
    }

    private VaeTrainer() {
    }

    /** The validation score: −(mean bound) over rows, on fixed noise from {@code seed}. */
    static double validationNll(VaeModel model, double[][] rows, Options o, long seed) {
        Rng rng = new Rng(seed);
        int d = model.dimension();
        int dz = model.latentDimension();
        boolean iwae = o.objective() == VaeModel.Objective.IWAE;
        int k = iwae ? o.k() : 1;
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
            total += m * model.objective(x, m, k, eps, o.objective(), 1.0, false);
        }
        return total / rows.length;
    }

    public static Outcome fit(VaeModel model, double[][] train, double[][] validation, Options o, Rng batches,
                              Rng noise, TrainingListener listener) {
        int n = train.length;
        int d = model.dimension();
        int dz = model.latentDimension();
        if (n == 0) {
            throw new dgm.core.InputException("cannot train " + model.id() + " on an empty training set");
        }
        int batch = Math.min(o.batch(), n);
        int k = o.k();
        int stepsPerEpoch = (n + batch - 1) / batch;
        long planned = o.maxSteps() > 0 ? o.maxSteps() : (long) o.epochs() * stepsPerEpoch;
        int epochs = (int) Math.min(Integer.MAX_VALUE, (planned + stepsPerEpoch - 1) / stepsPerEpoch);
        long warmSteps = (long) o.warmupEpochs() * stepsPerEpoch;
        LrSchedule schedule = LrSchedule.named(o.schedule(), o.lr(), planned);
        ParamBuffer p = model.params();
        Adam adam = new Adam(0.9, 0.999, 1e-8, o.weightDecay());
        boolean haveVal = validation != null && validation.length > 0;
        long valSeed = noise.nextLong();
        boolean elbo = o.objective() == VaeModel.Objective.ELBO;

        double[] lastGood = p.snapshot();
        double[] best = p.snapshot();
        double bestVal = Double.POSITIVE_INFINITY;
        int badEpochs = 0;
        List<HistoryPoint> history = new ArrayList<>();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] xb = new double[batch * d];
        double[] eps = new double[batch * k * dz];
        long step = 0;
        long t0 = System.nanoTime();
        String stopReason = o.maxSteps() > 0 ? "ran all " + planned + " steps" : "ran all " + epochs + " epochs";

        for (int epoch = 0; epoch < epochs; epoch++) {
            batches.shuffle(order);
            double sumLoss = 0;
            double sumRec = 0;
            double sumKl = 0;
            int seen = 0;
            double beta = o.beta();
            for (int start = 0; start < n && step < planned; start += batch) {
                int m = Math.min(batch, n - start);
                for (int i = 0; i < m; i++) {
                    System.arraycopy(train[order[start + i]], 0, xb, i * d, d);
                }
                for (int q = 0; q < m * k * dz; q++) {
                    eps[q] = noise.gaussian();
                }
                beta = elbo ? o.beta() * (warmSteps > 0 ? Math.min(1.0, (step + 1.0) / warmSteps) : 1.0) : 1.0;
                p.zeroGrad();
                double loss = model.objective(xb, m, k, eps, o.objective(), beta, true);
                double norm = Double.isFinite(loss) ? p.clipGradNorm(o.clip()) : Double.NaN;
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    if (!Double.isFinite(loss)) {
                        p.restore(lastGood);
                    }
                    String what = !Double.isFinite(loss) ? "the training loss became " + loss
                            : "the gradient norm became " + norm;
                    Map<String, Double> v = new LinkedHashMap<>();
                    v.put("train_loss", loss);
                    HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
                    history.add(hp);
                    listener.record(hp);
                    String detail = what + " at step " + step + " (epoch " + (epoch + 1)
                            + "); the model holds the last parameters with a finite loss";
                    listener.progress(1.0, "diverged: " + detail);
                    return new Outcome(RunStatus.DIVERGED, detail, history, step, bestVal, valSeed);
                }
                System.arraycopy(p.values(), 0, lastGood, 0, lastGood.length);
                adam.step(p, schedule.lr(step));
                step++;
                sumLoss += loss * m;
                sumRec += model.lastReconstruction() * m;
                sumKl += model.lastKl() * m;
                seen += m;
            }
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("train_loss", sumLoss / seen);
            v.put("train_recon", sumRec / seen);
            v.put("train_kl", sumKl / seen);
            if (elbo) {
                v.put("beta", beta);
            }
            v.put("lr", schedule.lr(Math.max(0, step - 1)));
            boolean stop = false;
            if (haveVal) {
                double val = validationNll(model, validation, o, valSeed);
                v.put("val_nll", val);
                if (!Double.isFinite(val)) {
                    p.restore(lastGood);
                    HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
                    history.add(hp);
                    listener.record(hp);
                    String detail = "the validation bound became " + val + " after epoch " + (epoch + 1)
                            + "; the model holds the parameters before the last step";
                    return new Outcome(RunStatus.DIVERGED, detail, history, step, bestVal, valSeed);
                }
                if (val < bestVal - 1e-4) {
                    bestVal = val;
                    System.arraycopy(p.values(), 0, best, 0, best.length);
                    badEpochs = 0;
                } else if (o.patience() > 0 && epoch >= o.warmupEpochs() && ++badEpochs >= o.patience()) {
                    stop = true;
                    stopReason = "early stop after epoch " + (epoch + 1) + ": no validation improvement in "
                            + o.patience() + " epochs";
                }
            }
            HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
            history.add(hp);
            listener.record(hp);
            listener.progress((epoch + 1.0) / epochs, String.format(Locale.ROOT,
                    "epoch %d/%d loss %.4f (recon %.4f, kl %.4f)%s", epoch + 1, epochs, v.get("train_loss"),
                    v.get("train_recon"), v.get("train_kl"),
                    haveVal ? String.format(Locale.ROOT, " val_nll≤ %.4f", v.get("val_nll")) : ""));
            if (!stop && seconds(t0) > o.maxSeconds()) {
                stop = true;
                stopReason = "time budget of " + o.maxSeconds() + " s spent after epoch " + (epoch + 1);
            }
            if (stop) {
                break;
            }
        }
        String detail = stopReason;
        if (haveVal) {
            p.restore(best);
            detail += String.format(Locale.ROOT, "; kept the best validation bound (NLL ≤ %.5f)", bestVal);
        }
        return new Outcome(RunStatus.COMPLETED, detail, history, step, bestVal, valSeed);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
