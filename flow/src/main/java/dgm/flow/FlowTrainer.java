package dgm.flow;

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
import java.util.Map;

/**
 * Maximum-likelihood training of a {@link FlowModel}: minibatch Adam on the mean NLL, gradient-norm
 * clipping, a learning-rate schedule over the planned steps, early stopping on the validation NLL
 * (the best parameters are kept), a wall-clock budget, and a guard that stops a run whose loss or
 * gradient turns NaN or infinite, restores the last parameters whose loss was finite and reports
 * {@link RunStatus#DIVERGED}.
 */
public final class FlowTrainer {

    /**
     * @param epochs      passes over the training set (upper bound)
     * @param batch       minibatch size
     * @param lr          peak learning rate
     * @param schedule    {@code cosine}, {@code step} or {@code constant} (see {@link LrSchedule#named})
     * @param clip        maximal gradient norm; 0 disables clipping
     * @param weightDecay decoupled weight decay (AdamW); 0 for plain Adam
     * @param patience    stop after this many epochs without a validation improvement; 0 disables
     * @param maxSeconds  wall-clock budget; the run stops (completed) when it is spent
     * @param maxSteps    if positive, exactly this many gradient updates are planned (the last epoch may
     *                    be partial) and {@code epochs} is ignored; 0 plans {@code epochs} full passes
     */
    public record Options(int epochs, int batch, double lr, String schedule, double clip, double weightDecay,
                          int patience, double maxSeconds, long maxSteps) {
        public Options {
            if (maxSteps < 0) {
                throw new IllegalArgumentException("maxSteps must be ≥ 0, got " + maxSteps);
            }
        }

        public Options(int epochs, int batch, double lr, String schedule, double clip, double weightDecay,
                       int patience, double maxSeconds) {
            this(epochs, batch, lr, schedule, clip, weightDecay, patience, maxSeconds, 0);
        }
    }

    /** How training ended; the model holds the parameters this describes. */
    public record Outcome(RunStatus status, String detail, List<HistoryPoint> history, long steps,
                          double bestValidationNll) {
    }

    /** The training rows of each epoch (same count and order as the original rows), e.g. freshly dequantised. */
    @FunctionalInterface
    public interface EpochData {
        double[][] rows(int epoch);
    }

    private FlowTrainer() {
    }

    public static Outcome fit(FlowModel model, double[][] train, double[][] validation, Options o, Rng batches,
                              TrainingListener listener) {
        return fit(model, train, validation, o, batches, listener, null);
    }

    /** As {@link #fit(FlowModel, double[][], double[][], Options, Rng, TrainingListener)}, with rows per epoch. */
    public static Outcome fit(FlowModel model, double[][] trainRows, double[][] validation, Options o, Rng batches,
                              TrainingListener listener, EpochData epochData) {
        double[][] train = trainRows;
        int n = train.length;
        int d = model.dimension();
        if (n == 0) {
            throw new dgm.core.InputException("cannot train " + model.id() + " on an empty training set");
        }
        int batch = Math.min(o.batch(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        long planned = o.maxSteps() > 0 ? o.maxSteps() : (long) o.epochs() * stepsPerEpoch;
        int epochs = (int) Math.min(Integer.MAX_VALUE, (planned + stepsPerEpoch - 1) / stepsPerEpoch);
        LrSchedule schedule = LrSchedule.named(o.schedule(), o.lr(), planned);
        ParamBuffer p = model.params();
        Adam adam = new Adam(0.9, 0.999, 1e-8, o.weightDecay());
        boolean haveVal = validation != null && validation.length > 0;

        // fixed buffers change during training too (batch norm's running averages): keep them in step
        ParamBuffer buf = model.buffers();
        double[] lastGood = p.snapshot();
        double[] lastGoodBuf = buf.snapshot();
        double[] best = p.snapshot();
        double[] bestBuf = buf.snapshot();
        double bestVal = Double.POSITIVE_INFINITY;
        int badEpochs = 0;
        List<HistoryPoint> history = new ArrayList<>();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] xb = new double[batch * d];
        long step = 0;
        long t0 = System.nanoTime();
        String stopReason = o.maxSteps() > 0 ? "ran all " + planned + " steps" : "ran all " + epochs + " epochs";

        for (int epoch = 0; epoch < epochs; epoch++) {
            if (epochData != null) {
                train = epochData.rows(epoch);
                if (train.length != n) {
                    throw new IllegalStateException("epoch data has " + train.length + " rows, expected " + n);
                }
            }
            batches.shuffle(order);
            double epochLoss = 0;
            int seen = 0;
            for (int start = 0; start < n && step < planned; start += batch) {
                int m = Math.min(batch, n - start);
                for (int i = 0; i < m; i++) {
                    System.arraycopy(train[order[start + i]], 0, xb, i * d, d);
                }
                p.zeroGrad();
                double loss = model.meanNllAndGradient(xb, m);
                double norm = Double.isFinite(loss) ? p.clipGradNorm(o.clip()) : Double.NaN;
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    // lastGood holds the parameters of the previous step, whose loss was finite;
                    // when only the gradient is bad, the current parameters are still good.
                    if (!Double.isFinite(loss)) {
                        p.restore(lastGood);
                        buf.restore(lastGoodBuf);
                    }
                    String what = !Double.isFinite(loss) ? "the training loss became " + loss
                            : "the gradient norm became " + norm;
                    Map<String, Double> v = new LinkedHashMap<>();
                    v.put("train_nll", loss);
                    history.add(new HistoryPoint(step, seconds(t0), v));
                    listener.record(history.get(history.size() - 1));
                    String detail = what + " at step " + step + " (epoch " + (epoch + 1)
                            + "); the model holds the last parameters with a finite loss";
                    listener.progress(1.0, "diverged: " + detail);
                    return new Outcome(RunStatus.DIVERGED, detail, history, step, bestVal);
                }
                System.arraycopy(p.values(), 0, lastGood, 0, lastGood.length);
                System.arraycopy(buf.values(), 0, lastGoodBuf, 0, lastGoodBuf.length);
                adam.step(p, schedule.lr(step));
                step++;
                epochLoss += loss * m;
                seen += m;
            }
            double trainNll = epochLoss / seen;
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("train_nll", trainNll);
            v.put("lr", schedule.lr(Math.max(0, step - 1)));
            boolean stop = false;
            if (haveVal) {
                double val = model.meanNll(validation);
                v.put("val_nll", val);
                if (!Double.isFinite(val)) {
                    p.restore(lastGood);
                    buf.restore(lastGoodBuf);
                    history.add(new HistoryPoint(step, seconds(t0), v));
                    listener.record(history.get(history.size() - 1));
                    String detail = "the validation NLL became " + val + " after epoch " + (epoch + 1)
                            + "; the model holds the parameters before the last step";
                    return new Outcome(RunStatus.DIVERGED, detail, history, step, bestVal);
                }
                if (val < bestVal - 1e-4) {
                    bestVal = val;
                    System.arraycopy(p.values(), 0, best, 0, best.length);
                    System.arraycopy(buf.values(), 0, bestBuf, 0, bestBuf.length);
                    badEpochs = 0;
                } else if (o.patience() > 0 && ++badEpochs >= o.patience()) {
                    stop = true;
                    stopReason = "early stop after epoch " + (epoch + 1) + ": no validation improvement in "
                            + o.patience() + " epochs";
                }
            }
            HistoryPoint hp = new HistoryPoint(step, seconds(t0), v);
            history.add(hp);
            listener.record(hp);
            listener.progress((epoch + 1.0) / epochs, String.format(java.util.Locale.ROOT,
                    "epoch %d/%d train_nll %.4f%s", epoch + 1, epochs, trainNll,
                    haveVal ? String.format(java.util.Locale.ROOT, " val_nll %.4f", v.get("val_nll")) : ""));
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
            buf.restore(bestBuf);
            detail += String.format(java.util.Locale.ROOT, "; kept the best validation NLL %.5f", bestVal);
        }
        return new Outcome(RunStatus.COMPLETED, detail, history, step, bestVal);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
