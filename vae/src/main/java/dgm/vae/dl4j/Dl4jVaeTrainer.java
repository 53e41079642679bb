package dgm.vae.dl4j;

import dgm.core.nn.LrSchedule;
import dgm.core.rng.Rng;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingState;
import dgm.vae.VaeModel;
import dgm.vae.VaeTrainer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.Solver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains a DL4J VAE layer by DL4J's own unsupervised fit: each step is one
 * {@code MultiLayerNetwork.pretrainLayer(0, batch)} (the layer's one-sample ELBO, its gradient,
 * DL4J's gradient clipping and one step of DL4J's Adam), on minibatches of the standardised
 * training rows in a fresh order each epoch. The workbench keeps what DL4J does not do for it:
 *
 * <ul>
 *   <li><b>seeds</b>: DL4J's initialisation seed from {@code init}; ND4J's generator (the layer's
 *       reparameterisation noise) re-seeded before every step from {@code noise} and the step's index,
 *       so a run and a resumed run draw the same noise; the data order from {@code batches};</li>
 *   <li><b>the learning rate</b>: the workbench's schedule over the planned steps, given to DL4J's
 *       Adam as its {@link ISchedule} (by DL4J's iteration count);</li>
 *   <li><b>a report per epoch</b>: {@code train_loss}, the mean of the layer's own score (its one-sample
 *       negative ELBO per row, in standardised units) plus Σ_j log s_j, i.e. moved into data units;
 *       {@code lr}; {@code val_nll}, the negative ELBO (analytic KL, one sample, the same noise at every
 *       epoch) of the validation split computed by the workbench's copy of the layer (a bound, the
 *       same score as the {@code vae}'s);</li>
 *   <li><b>model selection</b>: the parameters of the best {@code val_nll} are kept (improvement &gt;
 *       {@link GradientTrainer#MIN_IMPROVEMENT}); {@code patience} epochs without one stop the run;</li>
 *   <li><b>the NaN rule</b>: a non-finite score or parameter after a step ends the run as diverged with
 *       the parameters from before that step;</li>
 *   <li><b>checkpoints</b> at step boundaries (every {@link Checkpoints#everySeconds} or
 *       {@link Checkpoints#everyIterations}, and at the end): DL4J's parameters, its Adam state and
 *       iteration count, the data order and generator, the position in the epoch, the running mean,
 *       the kept parameters, the history. A resumed run continues bit for bit.</li>
 * </ul>
 * DL4J's Adam state lives in the layer's own solver, which DL4J makes on the first fit; it is made
 * here first (through the layer's protected {@code solver} field) so that a resumed run can put the
 * saved moments into it before its first step.
 */
final class Dl4jVaeTrainer {
    private static final String FORMAT = "dgm dl4j-vae checkpoint v1";

    /** What the fit ended with: the network holds the parameters it describes. */
    record Outcome(RunStatus status, String detail, List<HistoryPoint> history, long steps, long resumedFromStep) {
    }

    /** The learning rate of the workbench's schedule at DL4J's iteration. */
    static final class Schedule implements ISchedule {
        private final LrSchedule lr;

        Schedule(LrSchedule lr) {
            this.lr = lr;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return lr.lr(iteration);
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }

    private final Dl4jVaeConfig cfg;
    private final double[][] train;     // standardised
    private final double[][] validation; // data units
    private final double[] shift;
    private final double[] scale;
    private final double logJacobian;
    private final TrainingOptions options;
    private final long noiseSeed;
    private final long validationSeed;
    private final Rng batchRng;
    private final MultiLayerNetwork net;
    private final Layer layer;
    private final Updater updater;
    private final VaeModel copy;
    private final int n;
    private final int batch;
    private final int stepsPerEpoch;
    private final long planned;
    private final int epochs;
    private final int[] order;
    private final DataType type;
    private final LrSchedule schedule;
    private final List<HistoryPoint> history = new ArrayList<>();

    private long step;
    private int epoch;
    private int start;
    private double windowSum;
    private double windowRows;
    private double bestScore = Double.POSITIVE_INFINITY;
    private double[] best;
    private int badEpochs;
    private double secondsBefore;
    private long t0;
    /** The parameters before the last step (the NaN rule's fallback). */
    private INDArray beforeLastStep;

    Dl4jVaeTrainer(Dl4jVaeConfig cfg, double[][] trainRows, double[][] validation, double[] shift, double[] scale,
                   TrainingOptions options, double lr, Rng init, Rng noise, Rng batches) {
        this.cfg = cfg;
        this.shift = shift.clone();
        this.scale = scale.clone();
        double lj = 0;
        for (double s : scale) {
            lj += Math.log(s);
        }
        this.logJacobian = lj;
        this.validation = validation;
        this.options = options;
        this.n = trainRows.length;
        int d = cfg.dimension();
        this.train = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                train[i][j] = (trainRows[i][j] - shift[j]) / scale[j];
            }
        }
        this.batch = Math.min(options.batch(), n);
        this.stepsPerEpoch = (n + batch - 1) / batch;
        this.planned = options.iterations() > 0 ? options.iterations() : (long) options.epochs() * stepsPerEpoch;
        this.epochs = (int) Math.min(Integer.MAX_VALUE, (planned + stepsPerEpoch - 1) / stepsPerEpoch);
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.batchRng = batches;
        long initSeed = init.nextLong();
        this.noiseSeed = noise.nextLong();
        this.validationSeed = noise.nextLong();
        this.type = Dl4jNetworks.dataType(cfg);
        this.schedule = LrSchedule.named(options.schedule(), lr, planned);
        this.net = Dl4jNetworks.create(cfg, initSeed, new Adam(new Schedule(schedule)), options.clip());
        this.layer = net.getLayer(0);
        net.initGradientsView();
        Solver solver = new Solver.Builder().model(layer).configure(layer.conf()).listeners(layer.getListeners()).build();
        setSolver(layer, solver);
        this.updater = solver.getOptimizer().getUpdater();
        this.copy = Dl4jNetworks.workbenchVae("dl4j-vae", cfg);
        copy.setStandardisation(shift, scale);
    }

    private static void setSolver(Layer layer, Solver solver) {
        try {
            Field f = org.deeplearning4j.nn.layers.variational.VariationalAutoencoder.class.getDeclaredField("solver");
            f.setAccessible(true);
            f.set(layer, solver);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set up the DL4J VAE layer's solver (DL4J version changed?): " + e, e);
        }
    }

    MultiLayerNetwork network() {
        return net;
    }

    long planned() {
        return planned;
    }

    /** ND4J's seed for the noise of step t: a SplitMix64 mix of the run's noise seed and t. */
    private long stepSeed(long t) {
        long z = noiseSeed + (t + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double seconds() {
        return secondsBefore + (System.nanoTime() - t0) / 1e9;
    }

    /** −(mean ELBO) of the validation rows by the workbench's copy of the current parameters, on fixed noise. */
    double validationNll() {
        Dl4jNetworks.copy(layer.paramTable(), cfg, copy);
        return VaeTrainer.validationNll(copy, validation, VaeModel.Objective.ELBO, 1, validationSeed);
    }

    Outcome fit(Checkpoints checkpoints, TrainingListener listener) {
        long resumedFrom = -1;
        t0 = System.nanoTime();
        var saved = checkpoints.resume();
        if (saved.isPresent()) {
            TrainingState s = saved.get();
            restore(s);
            resumedFrom = step;
            history.forEach(listener::record);
            if (s.getLong("trainer.done") == 1) {
                listener.progress(1.0, "already trained (checkpoint at step " + step + ")");
                return new Outcome(RunStatus.valueOf(s.getString("trainer.status")), s.getString("trainer.detail"),
                        history, step, resumedFrom);
            }
            listener.progress(planned == 0 ? 0 : (double) step / planned, "resumed from the checkpoint at step " + step);
        }
        double lastCheckpoint = seconds();
        long lastCheckpointStep = step;
        String stopReason = options.iterations() > 0 ? "ran all " + planned + " steps" : "ran all " + epochs + " epochs";
        int d = cfg.dimension();
        double[][] xb = new double[batch][];
        while (step < planned) {
            if (start == 0) {
                batchRng.shuffle(order);
            }
            int m = Math.min(batch, n - start);
            if (xb.length != m) {
                xb = new double[m][];
            }
            for (int i = 0; i < m; i++) {
                xb[i] = train[order[start + i]];
            }
            INDArray x = Nd4j.create(xb).castTo(type);
            beforeLastStep = net.params().dup();
            Nd4j.getRandom().setSeed(stepSeed(step));
            net.pretrainLayer(0, x);
            double score = layer.score();
            if (!Double.isFinite(score) || !Double.isFinite(net.params().sumNumber().doubleValue())) {
                net.setParams(beforeLastStep);
                String what = Double.isFinite(score) ? "the parameters became non-finite" : "the layer's score became " + score;
                Map<String, Double> v = new LinkedHashMap<>();
                v.put(Double.isFinite(score) ? "params_finite" : "train_loss", Double.isFinite(score) ? 0.0 : score);
                v.put("diverged", 1.0);
                add(v, listener);
                return diverged(what + " at step " + step + " (epoch " + (epoch + 1) + "); the model holds the parameters "
                        + "it had before that step", checkpoints, listener, resumedFrom);
            }
            windowSum += score * m;
            windowRows += m;
            step++;
            start += m;
            boolean endOfEpoch = false;
            if (start >= n) {
                start = 0;
                epoch++;
                endOfEpoch = true;
            }
            boolean timeUp = options.wallClockLimited() && seconds() > options.maxSeconds();
            if (endOfEpoch || step == planned || timeUp) {
                String early = report(listener);
                if (early != null && early.startsWith("diverged:")) {
                    return diverged(early.substring("diverged:".length()), checkpoints, listener, resumedFrom);
                }
                if (early != null) {
                    stopReason = early;
                    break;
                }
                if (timeUp) {
                    stopReason = "time budget of " + options.maxSeconds() + " s spent after step " + step + " of " + planned;
                    break;
                }
            }
            boolean byTime = checkpoints.everySeconds() > 0 && seconds() - lastCheckpoint >= checkpoints.everySeconds();
            boolean bySteps = checkpoints.everyIterations() > 0 && step - lastCheckpointStep >= checkpoints.everyIterations();
            if (step < planned && (byTime || bySteps)) {
                checkpoints.save(capture(false, null, null));
                lastCheckpoint = seconds();
                lastCheckpointStep = step;
            }
        }
        if (history.isEmpty() || history.get(history.size() - 1).step() != step) {
            String early = report(listener);
            if (early != null && early.startsWith("diverged:")) {
                return diverged(early.substring("diverged:".length()), checkpoints, listener, resumedFrom);
            }
        }
        String detail = stopReason;
        if (best != null) {
            net.setParams(Nd4j.create(best, new long[] {1, best.length}, DataType.DOUBLE).castTo(type));
            detail += String.format(Locale.ROOT, "; kept the best validation bound (NLL ≤) %.5f", bestScore);
        }
        checkpoints.save(capture(true, RunStatus.COMPLETED, detail));
        return new Outcome(RunStatus.COMPLETED, detail, history, step, resumedFrom);
    }

    /** Ends the run as diverged (the history row that shows it is already written). */
    private Outcome diverged(String detail, Checkpoints checkpoints, TrainingListener listener, long resumedFrom) {
        listener.progress(1.0, "diverged: " + detail);
        checkpoints.save(capture(true, RunStatus.DIVERGED, detail));
        return new Outcome(RunStatus.DIVERGED, detail, history, step, resumedFrom);
    }

    /** Ends a period; returns an early-stop reason, "diverged:…", or null. */
    private String report(TrainingListener listener) {
        Map<String, Double> v = new LinkedHashMap<>();
        if (windowRows > 0) {
            v.put("train_loss", windowSum / windowRows + logJacobian);
        }
        v.put("lr", schedule.lr(Math.max(0, step - 1)));
        int reportedEpoch = start == 0 && step > 0 ? epoch - 1 : epoch;
        String line = String.format(Locale.ROOT, "epoch %d/%d loss %.4f", reportedEpoch + 1, epochs,
                v.getOrDefault("train_loss", Double.NaN));
        windowSum = 0;
        windowRows = 0;
        String result = null;
        if (validation.length > 0) {
            double val = validationNll();
            v.put("val_nll", val);
            line += String.format(Locale.ROOT, " val_nll≤ %.4f", val);
            if (!Double.isFinite(val)) {
                v.put("diverged", 1.0);
                add(v, listener);
                String held = "the model holds its initial parameters";
                if (beforeLastStep != null) {
                    net.setParams(beforeLastStep);
                    held = "the model holds the parameters it had before step " + (step - 1);
                }
                return "diverged:the validation bound became " + val + " after step " + step + "; " + held;
            }
            if (val < bestScore - GradientTrainer.MIN_IMPROVEMENT) {
                bestScore = val;
                best = Dl4jNetworks.parameters(net);
                badEpochs = 0;
            } else if (options.patience() > 0 && ++badEpochs >= options.patience()) {
                result = "early stop after epoch " + (reportedEpoch + 1) + ": no validation improvement in "
                        + options.patience() + " epochs";
            }
        }
        add(v, listener);
        listener.progress(planned == 0 ? 1.0 : (double) step / planned, line);
        return result;
    }

    private void add(Map<String, Double> values, TrainingListener listener) {
        HistoryPoint hp = new HistoryPoint(step, seconds(), Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        history.add(hp);
        listener.record(hp);
    }

    private String layout() {
        return "params=" + net.params().length() + ";updater=" + updater.getStateViewArray().length() + ";planned="
                + planned + ";rows=" + n + ";batch=" + batch + ";dtype=" + cfg.dtype();
    }

    private TrainingState capture(boolean done, RunStatus status, String detail) {
        TrainingState s = new TrainingState();
        s.putString("trainer.format", FORMAT);
        s.putString("trainer.layout", layout());
        s.putLong("trainer.done", done ? 1 : 0);
        if (done) {
            s.putString("trainer.status", status.name());
            s.putString("trainer.detail", detail);
        }
        s.putLong("trainer.step", step);
        s.putLong("trainer.epoch", epoch);
        s.putLong("trainer.start", start);
        s.putDouble("trainer.seconds", seconds());
        s.putDouble("trainer.best_score", bestScore);
        s.putLong("trainer.bad_epochs", badEpochs);
        if (best != null) {
            s.putDoubles("trainer.best", best);
        }
        s.putDouble("window.sum", windowSum);
        s.putDouble("window.rows", windowRows);
        s.putDoubles("dl4j.params", Dl4jNetworks.parameters(net));
        s.putDoubles("dl4j.updater", updater.getStateViewArray().castTo(DataType.DOUBLE).toDoubleVector());
        s.putLong("dl4j.iteration", layer.conf().getIterationCount());
        s.putLong("dl4j.epoch", layer.conf().getEpochCount());
        s.putInts("batches.order", order);
        s.putLong("batches.rng", batchRng.state());
        s.putHistory(history);
        return s;
    }

    private void restore(TrainingState s) {
        if (!s.has("trainer.format") || !FORMAT.equals(s.getString("trainer.format"))) {
            throw new dgm.core.InputException("the checkpoint is not a dl4j-vae checkpoint (" + FORMAT + ")");
        }
        if (!layout().equals(s.getString("trainer.layout"))) {
            throw new dgm.core.InputException("the checkpoint was written for another model or plan ("
                    + s.getString("trainer.layout") + "; this run: " + layout() + "); delete it to train the run again from step 0");
        }
        step = s.getLong("trainer.step");
        epoch = (int) s.getLong("trainer.epoch");
        start = (int) s.getLong("trainer.start");
        secondsBefore = s.getDouble("trainer.seconds");
        bestScore = s.getDouble("trainer.best_score");
        badEpochs = (int) s.getLong("trainer.bad_epochs");
        best = s.has("trainer.best") ? s.getDoubles("trainer.best") : null;
        windowSum = s.getDouble("window.sum");
        windowRows = s.getDouble("window.rows");
        double[] p = s.getDoubles("dl4j.params");
        net.setParams(Nd4j.create(p, new long[] {1, p.length}, DataType.DOUBLE).castTo(type));
        double[] u = s.getDoubles("dl4j.updater");
        INDArray view = updater.getStateViewArray();
        view.assign(Nd4j.create(u, view.shape(), DataType.DOUBLE).castTo(view.dataType()));
        layer.conf().setIterationCount((int) s.getLong("dl4j.iteration"));
        layer.conf().setEpochCount((int) s.getLong("dl4j.epoch"));
        int[] o = s.getInts("batches.order");
        System.arraycopy(o, 0, order, 0, n);
        batchRng.setState(s.getLong("batches.rng"));
        history.clear();
        history.addAll(s.getHistory());
    }
}
