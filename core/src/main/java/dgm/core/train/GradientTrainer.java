package dgm.core.train;

import dgm.core.nn.ParamBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The one training loop of the workbench: every gradient-trained family (flows, VAEs, f-GANs, the
 * reverse-KL fits of energies) and the training-step benchmarks run through it. A family supplies an
 * {@link Objective}; the trainer owns what must be the same for all of them:
 * <ul>
 *   <li><b>iterations and batches</b>: {@link TrainingOptions#iterations} planned iterations (or
 *       {@code epochs} passes over the rows, the last batch of an epoch partial, a fresh permutation
 *       each epoch from the {@link Batches} generator); a report ends every epoch, or every
 *       {@code reportEvery} iterations when the objective draws its own data, and the last iteration;</li>
 *   <li><b>updates</b>: for each {@link ParamGroup}, gradients zeroed, the objective's loss and
 *       gradient, the gradient norm clipped at {@code clip}, one Adam step at the group's learning
 *       rate of this iteration (cosine, step or constant schedule over the planned iterations);</li>
 *   <li><b>the NaN rule</b>, the same for every family: when a loss, a gradient norm or a report's
 *       score is NaN or infinite, training ends with {@link RunStatus#DIVERGED} and every group (and
 *       buffer) holds what it held at the start of the last iteration whose losses and gradients were
 *       all finite — for a failing iteration t, the parameters before iteration t − 1 (the initial ones
 *       when t = 0);</li>
 *   <li><b>model selection</b>: a {@link Report#selecting selecting} report's score (lower is better)
 *       that improves on the best by more than {@link #MIN_IMPROVEMENT} keeps a copy of the
 *       parameters, which a completed run ends with; {@code patience} reports without improvement
 *       (not counting those before {@code patienceFrom}) stop the run early;</li>
 *   <li><b>budgets</b>: the planned iterations; a wall-clock limit only when the options carry one;</li>
 *   <li><b>history, progress and checkpoints</b>: one {@link HistoryPoint} per report; a checkpoint
 *       ({@link #capture}) every {@link Checkpoints#everySeconds} of training and at the end, holding
 *       the parameters, the optimizers' moments, the buffers, every generator's state, the data order,
 *       the position in the epoch, the running means, the kept parameters and the history. A run
 *       resumed from any checkpoint continues bit for bit as the uninterrupted one.</li>
 * </ul>
 * Not thread-safe; one trainer per fit.
 */
public final class GradientTrainer {
    /** The least decrease of a selecting score that counts as an improvement (nats). */
    public static final double MIN_IMPROVEMENT = 1e-4;
    private static final String FORMAT = "dgm gradient-trainer checkpoint v1";

    /** How a fit ended; the groups hold the parameters it describes. */
    public record Outcome(RunStatus status, String detail, List<HistoryPoint> history, long steps, double bestScore,
                          long resumedFromStep) {
        public Outcome {
            history = List.copyOf(history);
        }

        /** The last history row's value of {@code name}, or NaN. */
        public double last(String name) {
            for (int i = history.size() - 1; i >= 0; i--) {
                Double v = history.get(i).values().get(name);
                if (v != null) {
                    return v;
                }
            }
            return Double.NaN;
        }
    }

    private final Objective objective;
    private final TrainingOptions options;
    private final Batches batches;
    private final List<ParamGroup> groups;
    private final List<ParamBuffer> buffers;
    private final long planned;
    private final int stepsPerEpoch;
    private final int epochs;
    private final int n;
    private final int d;
    private final int batch;
    private final int[] order;
    private final double[] xb;
    private final Iteration iteration = new Iteration();
    private final Map<String, double[]> window = new LinkedHashMap<>();
    private final List<HistoryPoint> history = new ArrayList<>();

    private long step;
    private int epoch;
    private int start;
    private int reports;
    private int windowCount;
    private double[][] epochData;
    private double[][] good;
    private double[][] current;
    private final double[][] best;
    private double bestScore = Double.POSITIVE_INFINITY;
    private boolean haveBest;
    private int badReports;
    private double secondsBefore;
    private long t0;

    public GradientTrainer(Objective objective, TrainingOptions options, Batches batches) {
        this.objective = objective;
        this.options = options;
        this.batches = batches;
        this.groups = List.copyOf(objective.groups());
        this.buffers = List.copyOf(objective.buffers());
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("an objective needs at least one parameter group");
        }
        if (batches.fromRows()) {
            n = batches.rows.length;
            d = batches.rows[0].length;
            batch = Math.min(options.batch(), n);
            stepsPerEpoch = (n + batch - 1) / batch;
            planned = options.iterations() > 0 ? options.iterations() : (long) options.epochs() * stepsPerEpoch;
            epochs = (int) Math.min(Integer.MAX_VALUE, (planned + stepsPerEpoch - 1) / stepsPerEpoch);
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            xb = new double[batch * d];
            epochData = batches.rows;
        } else {
            n = 0;
            d = 0;
            batch = options.batch();
            stepsPerEpoch = 0;
            planned = options.iterations();
            epochs = 0;
            order = null;
            xb = null;
        }
        for (ParamGroup g : groups) {
            g.schedule = dgm.core.nn.LrSchedule.named(options.schedule(), g.peakLr(), planned);
        }
        good = snapshot();
        current = snapshot();
        best = snapshot();
    }

    /** Iterations this trainer plans. */
    public long planned() {
        return planned;
    }

    /** Iterations per epoch (rows batching), else 0. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Iterations taken so far. */
    public long steps() {
        return step;
    }

    // ---------------------------------------------------------------- the objective's view

    /** The current iteration, as the objective sees it. */
    public final class Iteration {
        private int rows;

        /** The 0-based index of this iteration. */
        public long step() {
            return step;
        }

        /** The 0-based epoch (rows batching), else 0. */
        public int epoch() {
            return epoch;
        }

        /** The minibatch, {@link #rows()} rows of {@link #dimension()} values, row-major (rows batching only). */
        public double[] batch() {
            return xb;
        }

        public int rows() {
            return rows;
        }

        public int dimension() {
            return d;
        }

        /** The largest minibatch: the options' batch size (at most the number of rows). */
        public int batchSize() {
            return batch;
        }

        /** Iterations per epoch (rows batching), else 0. */
        public int stepsPerEpoch() {
            return stepsPerEpoch;
        }

        /**
         * One update of {@code g}: its gradient zeroed, {@code lossAndGradient} (which returns the loss
         * and accumulates its gradient into {@code g}'s buffer), clipping, the NaN rule, one Adam step.
         * Returns the loss.
         */
        public double update(ParamGroup g, String lossName, DoubleSupplier lossAndGradient) {
            g.params().zeroGrad();
            double loss = lossAndGradient.getAsDouble();
            double norm = Double.isFinite(loss) ? g.params().clipGradNorm(options.clip()) : Double.NaN;
            g.lastNorm = norm;
            check(lossName, loss, g, norm);
            g.optimizer().step(g.params(), g.lr(step));
            return loss;
        }

        /**
         * One joint update of several groups from one computation (the f-GAN's single-step method):
         * every gradient zeroed, {@code lossesAndGradients} (one loss per group, in order), each
         * gradient clipped, the NaN rule over all of them, then one Adam step per group in order.
         */
        public double[] update(List<ParamGroup> gs, List<String> lossNames, Supplier<double[]> lossesAndGradients) {
            for (ParamGroup g : gs) {
                g.params().zeroGrad();
            }
            double[] losses = lossesAndGradients.get();
            for (ParamGroup g : gs) {
                g.lastNorm = g.params().clipGradNorm(options.clip());
            }
            for (int i = 0; i < gs.size(); i++) {
                check(lossNames.get(i), losses[i], gs.get(i), gs.get(i).lastNorm);
            }
            for (ParamGroup g : gs) {
                g.optimizer().step(g.params(), g.lr(step));
            }
            return losses;
        }

        /** Adds {@code value} with {@code weight} to the running mean {@code name} of this report's period. */
        public void record(String name, double value, double weight) {
            double[] a = window.computeIfAbsent(name, k -> new double[2]);
            a[0] += value * weight;
            a[1] += weight;
        }

        /** {@link #record(String, double, double)} with weight 1. */
        public void record(String name, double value) {
            record(name, value, 1.0);
        }
    }

    /** The period a report closes. */
    public final class Period {
        private Period() {
        }

        /** Iterations done. */
        public long step() {
            return step;
        }

        public long planned() {
            return planned;
        }

        /** The 0-based epoch of the period's last iteration (rows batching), else the report's index. */
        public int epoch() {
            return batches.fromRows() ? (start == 0 && step > 0 ? epoch - 1 : epoch) : reports;
        }

        /** Planned epochs (rows batching), else 0. */
        public int epochs() {
            return epochs;
        }

        /** Iterations per epoch (rows batching), else 0. */
        public int stepsPerEpoch() {
            return stepsPerEpoch;
        }

        /** Iterations in the period. */
        public int count() {
            return windowCount;
        }

        /** The weighted mean of {@code name} over the period (NaN if nothing was recorded). */
        public double mean(String name) {
            double[] a = window.get(name);
            return a == null ? Double.NaN : a[0] / a[1];
        }

        /** Every recorded mean, in the order first recorded. */
        public Map<String, Double> means() {
            Map<String, Double> m = new LinkedHashMap<>();
            window.forEach((k, a) -> m.put(k, a[0] / a[1]));
            return m;
        }

        /** The learning rate of {@code g}'s last iteration. */
        public double lr(ParamGroup g) {
            return g.lr(Math.max(0, step - 1));
        }
    }

    private static class Diverged extends RuntimeException {
        final String name;
        final double value;

        Diverged(String message, String name, double value) {
            super(message, null, false, false);
            this.name = name;
            this.value = value;
        }
    }

    private static void check(String lossName, double loss, ParamGroup g, double norm) {
        if (!Double.isFinite(loss)) {
            throw new Diverged("the loss " + lossName + " became " + loss, lossName, loss);
        }
        if (!Double.isFinite(norm)) {
            throw new Diverged("the gradient norm of the " + g.name() + " became " + norm, g.name() + "_grad_norm", norm);
        }
    }

    // ---------------------------------------------------------------- one iteration

    /**
     * One iteration exactly as the training loop takes it (the next minibatch, the parameter
     * snapshot of the NaN rule, the objective's updates), without reports or checkpoints: what the
     * training-step benchmarks measure. Throws {@link IllegalStateException} if it diverges.
     */
    public long step() {
        try {
            iterate();
        } catch (Diverged e) {
            throw new IllegalStateException(e.getMessage() + " at step " + step);
        }
        return step;
    }

    /** Returns whether the iteration ended an epoch (rows batching). */
    private boolean iterate() {
        int m = 0;
        if (batches.fromRows()) {
            if (start == 0) {
                beginEpoch();
            }
            m = Math.min(batch, n - start);
            for (int i = 0; i < m; i++) {
                System.arraycopy(epochData[order[start + i]], 0, xb, i * d, d);
            }
            iteration.rows = m;
        }
        copyInto(current);
        objective.iterate(iteration);
        double[][] t = good;
        good = current;
        current = t;
        step++;
        windowCount++;
        if (batches.fromRows()) {
            start += m;
            if (start >= n) {
                start = 0;
                epoch++;
                return true;
            }
        }
        return false;
    }

    private void beginEpoch() {
        if (batches.epochRows != null) {
            double[][] rows = batches.epochRows.rows(epoch);
            if (rows.length != n || rows[0].length != d) {
                throw new IllegalStateException("epoch rows are " + rows.length + " × " + rows[0].length + ", expected "
                        + n + " × " + d);
            }
            epochData = rows;
        }
        batches.order.shuffle(order);
    }

    // ---------------------------------------------------------------- the loop

    /**
     * Trains to the end of the plan, an early stop, the wall-clock limit (if any) or divergence,
     * resuming from {@code checkpoints.resume()} when it holds a state, and writing checkpoints as the
     * {@link Checkpoints} asks.
     */
    public Outcome fit(Checkpoints checkpoints, TrainingListener listener) {
        long resumedFrom = -1;
        t0 = System.nanoTime();
        var saved = checkpoints.resume();
        if (saved.isPresent()) {
            TrainingState s = saved.get();
            resumedFrom = restore(s);
            history.forEach(listener::record);
            if (s.getLong("trainer.done") == 1) {
                listener.progress(1.0, "already trained (checkpoint at step " + step + ")");
                return new Outcome(RunStatus.valueOf(s.getString("trainer.status")), s.getString("trainer.detail"), history,
                        step, bestScore, resumedFrom);
            }
            listener.progress(planned == 0 ? 0 : (double) step / planned, "resumed from the checkpoint at step " + step);
        }
        double lastCheckpoint = seconds();
        long lastCheckpointStep = step;
        String stopReason = options.iterations() > 0 || !batches.fromRows() ? "ran all " + planned + " steps"
                : "ran all " + epochs + " epochs";
        boolean stop = false;
        try {
            while (step < planned && !stop) {
                boolean endOfEpoch = iterate();
                boolean periodEnd = batches.fromRows() ? endOfEpoch || step == planned
                        : step % options.reportEvery() == 0 || step == planned;
                boolean timeUp = options.wallClockLimited() && seconds() > options.maxSeconds();
                if (periodEnd || timeUp) {
                    String early = report(listener);
                    if (early != null) {
                        stop = true;
                        stopReason = early;
                    } else if (timeUp) {
                        stop = true;
                        stopReason = "time budget of " + options.maxSeconds() + " s spent after step " + step + " of " + planned;
                    }
                }
                boolean byTime = checkpoints.everySeconds() > 0 && seconds() - lastCheckpoint >= checkpoints.everySeconds();
                boolean bySteps = checkpoints.everyIterations() > 0 && step - lastCheckpointStep >= checkpoints.everyIterations();
                if (!stop && step < planned && (byTime || bySteps)) {
                    checkpoints.save(capture(false, null, null));
                    lastCheckpoint = seconds();
                    lastCheckpointStep = step;
                }
            }
            if (history.isEmpty() || history.get(history.size() - 1).step() != step) {
                report(listener);
            }
        } catch (Diverged e) {
            restoreSlots(good);
            boolean atReport = e instanceof ScoreDiverged;
            if (!atReport) {
                Map<String, Double> v = new LinkedHashMap<>();
                v.put(e.name, e.value);
                v.put("diverged", 1.0);
                add(v, listener);
            }
            String detail = e.getMessage() + (atReport ? " after step " : " at step ") + step
                    + (batches.fromRows() ? " (epoch " + (new Period().epoch() + 1) + ")" : "") + "; " + heldParameters();
            listener.progress(1.0, "diverged: " + detail);
            checkpoints.save(capture(true, RunStatus.DIVERGED, detail));
            return new Outcome(RunStatus.DIVERGED, detail, history, step, bestScore, resumedFrom);
        }
        String detail = stopReason;
        if (haveBest) {
            restoreSlots(best);
            detail += String.format(Locale.ROOT, "; kept the best %s %.5f", objective.scoreName(), bestScore);
        }
        checkpoints.save(capture(true, RunStatus.COMPLETED, detail));
        return new Outcome(RunStatus.COMPLETED, detail, history, step, bestScore, resumedFrom);
    }

    /** A non-finite report score: a divergence found at a report, after the iterations it covers. */
    private static final class ScoreDiverged extends Diverged {
        ScoreDiverged(String message, String name, double value) {
            super(message, name, value);
        }
    }

    /**
     * What the NaN rule restored: the parameters at the start of iteration step − 1, the last one
     * whose losses and gradients were all finite (a failing iteration is not counted in step; a
     * failing report comes after step iterations, of which the last is then not trusted either).
     */
    private String heldParameters() {
        return step <= 1 ? "the model holds its initial parameters"
                : "the model holds the parameters it had before step " + (step - 1)
                        + ", the last step whose losses and gradients were all finite";
    }

    /** Ends a period: the objective's report, the NaN rule on its score, model selection. Returns an early-stop reason or null. */
    private String report(TrainingListener listener) {
        Report r = objective.report(new Period());
        int index = batches.fromRows() ? new Period().epoch() : reports;
        reports++;
        window.clear();
        windowCount = 0;
        if (r.score() != null && !Double.isFinite(r.score())) {
            Map<String, Double> v = new LinkedHashMap<>(r.values());
            v.put("diverged", 1.0);
            add(v, listener);
            String name = r.selects() ? objective.scoreName() : "the reported score";
            throw new ScoreDiverged(name + " became " + r.score(), "score", r.score());
        }
        String early = null;
        if (r.score() != null && r.selects()) {
            if (r.score() < bestScore - MIN_IMPROVEMENT) {
                bestScore = r.score();
                haveBest = true;
                copyInto(best);
                badReports = 0;
            } else if (options.patience() > 0 && index >= options.patienceFrom() && ++badReports >= options.patience()) {
                early = batches.fromRows()
                        ? "early stop after epoch " + (index + 1) + ": no validation improvement in " + options.patience() + " epochs"
                        : "early stop after step " + step + ": no improvement in " + options.patience() + " reports";
            }
        }
        add(r.values(), listener);
        listener.progress(planned == 0 ? 1.0 : (double) step / planned, r.progress());
        return early;
    }

    private void add(Map<String, Double> values, TrainingListener listener) {
        HistoryPoint hp = new HistoryPoint(step, seconds(), Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        history.add(hp);
        listener.record(hp);
    }

    private double seconds() {
        return secondsBefore + (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- snapshots and checkpoints

    /** Groups' values, then buffers' values. */
    private double[][] snapshot() {
        double[][] s = new double[groups.size() + buffers.size()][];
        for (int i = 0; i < groups.size(); i++) {
            s[i] = groups.get(i).params().snapshot();
        }
        for (int j = 0; j < buffers.size(); j++) {
            s[groups.size() + j] = buffers.get(j).snapshot();
        }
        return s;
    }

    private ParamBuffer slot(int i) {
        return i < groups.size() ? groups.get(i).params() : buffers.get(i - groups.size());
    }

    private void copyInto(double[][] target) {
        for (int i = 0; i < target.length; i++) {
            double[] v = slot(i).values();
            System.arraycopy(v, 0, target[i], 0, v.length);
        }
    }

    private void restoreSlots(double[][] from) {
        for (int i = 0; i < from.length; i++) {
            slot(i).restore(from[i]);
        }
    }

    private String layout() {
        StringBuilder b = new StringBuilder();
        for (ParamGroup g : groups) {
            b.append(g.name()).append('=').append(g.params().size()).append(';');
        }
        for (ParamBuffer buf : buffers) {
            b.append("buffer=").append(buf.size()).append(';');
        }
        b.append("planned=").append(planned).append(";rows=").append(n).append(";batch=").append(batch);
        return b.toString();
    }

    /** The trainer's whole state (and the objective's), for a checkpoint. */
    TrainingState capture(boolean done, RunStatus status, String detail) {
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
        s.putLong("trainer.reports", reports);
        s.putDouble("trainer.seconds", seconds());
        s.putDouble("trainer.best_score", bestScore);
        s.putLong("trainer.have_best", haveBest ? 1 : 0);
        s.putLong("trainer.bad_reports", badReports);
        for (int i = 0; i < good.length; i++) {
            String k = "slot." + i;
            s.putDoubles(k + ".values", slot(i).values());
            s.putDoubles(k + ".good", good[i]);
            s.putDoubles(k + ".best", best[i]);
        }
        for (ParamGroup g : groups) {
            String k = "adam." + g.name();
            s.putLong(k + ".t", g.optimizer().steps());
            s.putDoubles(k + ".m", g.optimizer().firstMoment());
            s.putDoubles(k + ".v", g.optimizer().secondMoment());
        }
        if (batches.fromRows()) {
            s.putInts("batches.order", order);
            s.putLong("batches.rng", batches.order.state());
            if (batches.epochRows != null) {
                batches.epochRows.save(s, "batches.epoch_rows", start > 0);
            }
        }
        String[] names = window.keySet().toArray(new String[0]);
        double[] sums = new double[names.length];
        double[] weights = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            sums[i] = window.get(names[i])[0];
            weights[i] = window.get(names[i])[1];
        }
        s.putStrings("window.names", names);
        s.putDoubles("window.sums", sums);
        s.putDoubles("window.weights", weights);
        s.putLong("window.count", windowCount);
        s.putHistory(history);
        objective.save(s);
        return s;
    }

    /** Restores {@link #capture}'s state; returns the step it resumes from. */
    private long restore(TrainingState s) {
        if (!s.has("trainer.format") || !FORMAT.equals(s.getString("trainer.format"))) {
            throw new dgm.core.InputException("the checkpoint is not a gradient-trainer checkpoint (" + FORMAT + ")");
        }
        if (!layout().equals(s.getString("trainer.layout"))) {
            throw new dgm.core.InputException("the checkpoint was written for another model or plan (" + s.getString("trainer.layout")
                    + "; this run: " + layout() + "); delete it to train the run again from step 0");
        }
        step = s.getLong("trainer.step");
        epoch = (int) s.getLong("trainer.epoch");
        start = (int) s.getLong("trainer.start");
        reports = (int) s.getLong("trainer.reports");
        secondsBefore = s.getDouble("trainer.seconds");
        bestScore = s.getDouble("trainer.best_score");
        haveBest = s.getLong("trainer.have_best") == 1;
        badReports = (int) s.getLong("trainer.bad_reports");
        for (int i = 0; i < good.length; i++) {
            String k = "slot." + i;
            s.copyInto(k + ".values", slot(i).values());
            s.copyInto(k + ".good", good[i]);
            s.copyInto(k + ".best", best[i]);
        }
        for (ParamGroup g : groups) {
            String k = "adam." + g.name();
            g.optimizer().restore(s.getLong(k + ".t"), s.getDoubles(k + ".m"), s.getDoubles(k + ".v"));
        }
        if (batches.fromRows()) {
            int[] o = s.getInts("batches.order");
            System.arraycopy(o, 0, order, 0, n);
            batches.order.setState(s.getLong("batches.rng"));
            if (batches.epochRows != null) {
                batches.epochRows.restore(s, "batches.epoch_rows");
                if (start > 0) {
                    // the epoch had begun: make its rows again (the generator ends where the original run left it)
                    epochData = batches.epochRows.rows(epoch);
                }
            }
        }
        window.clear();
        String[] names = s.getStrings("window.names");
        double[] sums = s.getDoubles("window.sums");
        double[] weights = s.getDoubles("window.weights");
        for (int i = 0; i < names.length; i++) {
            window.put(names[i], new double[] {sums[i], weights[i]});
        }
        windowCount = (int) s.getLong("window.count");
        history.clear();
        history.addAll(s.getHistory());
        objective.restore(s);
        return step;
    }
}
