package dgm.core.run;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.data.DatasetRegistry;
import dgm.core.data.DatasetSource;
import dgm.core.evaluation.FeatureMetrics;
import dgm.core.features.ReferenceClassifier;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.Capability;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.train.Budget;
import dgm.core.train.Checkpoints;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run: fit one model on one dataset with one master seed, evaluate it on the test split, and
 * write {@code results.csv}, {@code run.json} and {@code model.bin} into its folder. Everything the
 * user supplied is validated in {@link #prepare} before any work starts.
 *
 * <p>The folder first receives {@code run-spec.json} (what the run is, so that {@code resume} can
 * continue it), then, while a gradient-trained model trains, {@code checkpoint.bin} every
 * {@link Options#checkpointEverySeconds} and at the end of training ({@link CheckpointFile});
 * {@code run.json} is written last and marks the folder complete. A run executed again with
 * {@link Options#resume} continues from its checkpoint and ends with the same files, bit for bit
 * (timings aside), as if it had never stopped.
 */
public final class TrainRun {
    /** Written first into a run's folder: the run's config, for {@code resume}. */
    public static final String SPEC_FILE = "run-spec.json";

    /**
     * @param checkpointEverySeconds seconds of training between checkpoints (0: only at the end of training)
     * @param resume                 continue from the folder's checkpoint if there is one
     * @param executedOn             where the run executes (e.g. a Spark executor and its host), for
     *                               the record's {@code executed_on}; empty: not recorded
     */
    public record Options(double checkpointEverySeconds, boolean resume, Map<String, String> executedOn) {
        public static final double DEFAULT_EVERY = 300;
        public static final Options DEFAULT = new Options(DEFAULT_EVERY, false);

        public Options(double checkpointEverySeconds, boolean resume) {
            this(checkpointEverySeconds, resume, Map.of());
        }

        public Options {
            executedOn = Map.copyOf(executedOn);
            if (!(checkpointEverySeconds >= 0) || Double.isInfinite(checkpointEverySeconds)) {
                throw new InputException("--checkpoint-every must be a number of seconds ≥ 0 (0: only at the end of "
                        + "training), got " + checkpointEverySeconds);
            }
        }

        public Options resuming() {
            return new Options(checkpointEverySeconds, true, executedOn);
        }

        /** The same options, recording that the run executes at {@code where}. */
        public Options executedOn(Map<String, String> where) {
            return new Options(checkpointEverySeconds, resume, where);
        }
    }

    /** A validated run, ready to execute. */
    public record Prepared(RunSpec spec, ModelSpec model, Params modelParams, DatasetSource dataset,
                           Params dataParams, EvalOptions eval, Params evalParams, Budget budget) {
    }

    /** How a run ended and what it produced. */
    public record Outcome(RunSpec spec, RunStatus status, String detail, List<ResultRow> results,
                          Map<String, Object> record, GenerativeModel model) {
    }

    private TrainRun() {
    }

    /** Resolves ids and parameters; throws {@link dgm.core.InputException} naming the first problem. */
    public static Prepared prepare(RunSpec spec, ModelRegistry models, DatasetRegistry datasets) {
        ModelSpec m = models.spec(spec.modelId());
        Budget budget = Budget.parse(spec.budget());
        if (m.training() != null) {
            m.training().checkBudget(m.id(), budget, spec.modelParams());
        }
        Params mp = Params.resolve("model " + m.id(), m.params(), spec.modelParams());
        DatasetSource ds = datasets.source(spec.datasetId());
        Params dp = Params.resolve("dataset " + ds.id(), ds.params(), spec.dataParams());
        Params ep = Params.resolve("evaluation", EvalOptions.params(), spec.evalParams());
        return new Prepared(spec, m, mp, ds, dp, EvalOptions.from(ep), ep, budget);
    }

    /**
     * Runs it. Never throws for a failure of the model itself (divergence, an exception in fitting or
     * evaluation): that is recorded as the run's status, so a comparison can go on. Data loading
     * errors (bad input) do propagate.
     *
     * @param outDir where to write the files, or null to write nothing
     */
    public static Outcome execute(Prepared p, Path outDir, Progress progress) {
        return execute(p, outDir, progress, Options.DEFAULT);
    }

    /** As {@link #execute(Prepared, Path, Progress)}, with checkpoint settings. */
    public static Outcome execute(Prepared p, Path outDir, Progress progress, Options options) {
        RunSpec spec = p.spec();
        Checkpoints checkpoints = Checkpoints.NONE;
        if (outDir != null) {
            writeSpec(outDir, spec, options);
            checkpoints = new CheckpointFile(outDir, options.checkpointEverySeconds(), options.resume(), spec.sha256());
        }
        Seeds seeds = new Seeds(spec.seed());
        Instant started = Instant.now();
        Dataset data = p.dataset().load(p.dataParams(), seeds.child("data"));
        dgm.core.data.DataValidation.check(data.id() + "/train", data.train());
        dgm.core.data.DataValidation.check(data.id() + "/validation", data.validation(), data.dimension(), 0);
        dgm.core.data.DataValidation.check(data.id() + "/test", data.test(), data.dimension(), 0);

        // defaults that depend on the data's shape (the image profile) apply now that the shape is known
        dgm.core.data.DataShape shape = dgm.core.data.DataShape.of(data);
        Params modelParams = p.model().resolve(shape, spec.modelParams());
        Map<String, String> dataDefaults = p.model().appliedDataDefaults(shape, spec.modelParams());

        List<HistoryPoint> history = new ArrayList<>();
        long[] fitStart = {System.nanoTime()};
        boolean timeBudget = p.budget().type() == Budget.Type.SECONDS && Budget.appliesTo(p.model());
        TrainingListener listener = new TrainingListener() {
            @Override
            public void record(HistoryPoint point) {
                history.add(point);
            }

            @Override
            public void progress(double fraction, String status) {
                // under a wall-clock budget the planned steps never bind: show the time spent instead
                double f = timeBudget
                        ? Math.max(fraction, Math.min(1, (System.nanoTime() - fitStart[0]) / 1e9 / p.budget().limit())) : fraction;
                progress.update(0.8 * f, "fit: " + status);
            }
        };
        RunStatus status;
        String detail;
        GenerativeModel model = null;
        FitResult[] fitResult = {null};
        List<Evaluator.Measured> measured = new ArrayList<>();
        long t0 = System.nanoTime();
        fitStart[0] = t0;
        double trainSeconds = Double.NaN;
        try {
            progress.update(0.0, "fitting " + spec.modelId() + " on " + spec.datasetId());
            FitResult fit = p.model().fitter().fit(new FitContext(data, modelParams, seeds.child("model"), listener,
                    p.budget(), checkpoints));
            fitResult[0] = fit;
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            model = fit.model();
            status = fit.status();
            detail = fit.detail();
            if (fit.history().size() > history.size()) {
                history.clear();
                history.addAll(fit.history());
            }
            measured.add(new Evaluator.Measured("train_seconds", new Estimate(trainSeconds, Double.NaN, 1, Kind.MEASURED)));
            measured.add(new Evaluator.Measured("parameters", new Estimate(model.parameterCount(), 0, 1, Kind.EXACT)));
            measured.addAll(new Evaluator(p.eval()).evaluate(data, model, seeds.child("eval"),
                    (f, s) -> progress.update(0.8 + 0.2 * f, "evaluate: " + s)));
        } catch (RuntimeException e) {
            if (e instanceof dgm.core.InputException) {
                throw e;
            }
            status = RunStatus.FAILED;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (Double.isNaN(trainSeconds)) {
                trainSeconds = (System.nanoTime() - t0) / 1e9;
                measured.add(new Evaluator.Measured("train_seconds", new Estimate(trainSeconds, Double.NaN, 1, Kind.MEASURED)));
            }
        }
        progress.update(1.0, status.label());

        List<ResultRow> rows = new ArrayList<>();
        for (Evaluator.Measured m : measured) {
            rows.add(ResultRow.of(spec.datasetId(), spec.modelId(), spec.seed(), m.metric(), m.estimate()));
        }
        Map<String, Object> record = record(p, modelParams, dataDefaults, shape, data, seeds, started, status, detail, history, measured, model, trainSeconds,
                fitResult[0], options);
        if (outDir != null) {
            if (model != null) {
                ModelIO.save(model, outDir.resolve("model.bin"));
            }
            ResultsCsv.write(outDir.resolve("results.csv"), rows);
            // Written last: a run.json with a final status means the folder is complete.
            Json.write(outDir.resolve("run.json"), record);
        }
        return new Outcome(spec, status, detail, rows, record, model);
    }

    private static Map<String, Object> record(Prepared p, Params modelParams, Map<String, String> dataDefaults,
                                              dgm.core.data.DataShape shape, Dataset data, Seeds seeds, Instant started, RunStatus status,
                                              String detail, List<HistoryPoint> history, List<Evaluator.Measured> measured,
                                              GenerativeModel model, double trainSeconds, FitResult fit, Options options) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", "dgm-workbench run record v1");
        r.put("status", status.label());
        if (!detail.isEmpty()) {
            r.put("detail", detail);
        }
        Map<String, Object> config = p.spec().toMap();
        r.put("config", config);
        r.put("config_sha256", p.spec().sha256());
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("model_params", modelParams.asMap());
        resolved.put("data_profile", shape.profile().label());
        if (!dataDefaults.isEmpty()) {
            resolved.put("data_defaults", dataDefaults);
        }
        resolved.put("data_params", p.dataParams().asMap());
        resolved.put("eval_params", p.evalParams().asMap());
        r.put("resolved", resolved);
        long stepsUsed = history.isEmpty() ? -1 : history.get(history.size() - 1).step();
        r.put("budget", p.budget().record(p.model(), stepsUsed, trainSeconds));
        if (fit != null && fit.training() != null) {
            r.put("training", fit.training().toMap());
            Map<String, Object> ck = new LinkedHashMap<>();
            ck.put("file", CheckpointFile.NAME);
            ck.put("every_seconds", options.checkpointEverySeconds());
            if (fit.resumedFromStep() >= 0) {
                ck.put("resumed_from_step", fit.resumedFromStep());
                ck.put("note", "train_seconds and the timing fields count only the training done after resuming");
            }
            r.put("checkpoint", ck);
        }
        Map<String, Object> modelRecord = new LinkedHashMap<>();  // ordered: Map.of's order differs between JVMs
        modelRecord.put("id", p.model().id());
        modelRecord.put("capability", model == null ? p.model().capability().label() : Capability.of(model).label());
        r.put("model", modelRecord);
        r.put("seeds", seeds.issued());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", data.id());
        d.put("source", data.source());
        d.put("kind", data.kind().name().toLowerCase());
        if (data.levels() > 0) {
            d.put("levels", data.levels());
        }
        d.put("dimension", data.dimension());
        d.put("n_train", data.train().length);
        d.put("n_validation", data.validation().length);
        d.put("n_test", data.test().length);
        d.put("content_sha256", data.contentHash());
        r.put("data", d);
        referenceClassifier(data, measured).ifPresent(c -> r.put("reference_classifier", c));
        r.put("code", Provenance.codeVersion());
        r.put("environment", Provenance.environment());
        if (!options.executedOn().isEmpty()) {
            r.put("executed_on", new java.util.TreeMap<>(options.executedOn()));
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("started", started.toString());
        t.put("finished", Instant.now().toString());
        r.put("timing", t);
        List<Map<String, Object>> h = new ArrayList<>();
        for (HistoryPoint hp : history) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", hp.step());
            row.put("seconds", hp.seconds());
            row.putAll(hp.values());
            h.add(row);
        }
        r.put("history", h);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Evaluator.Measured m : measured) {
            Metric def = MetricCatalog.require(m.metric());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("metric", m.metric());
            row.put("value", m.estimate().value());
            row.put("stderr", m.estimate().standardError());
            row.put("n", m.estimate().n());
            row.put("kind", m.estimate().kind().label());
            row.put("unit", def.unit().label());
            row.put("split", def.split().label());
            metrics.add(row);
        }
        r.put("metrics", metrics);
        return r;
    }

    /**
     * The identity of the reference classifier the feature-space metrics used (labelled datasets),
     * with the test accuracy this evaluation measured; empty when the evaluation did not get that far.
     */
    static java.util.Optional<Map<String, Object>> referenceClassifier(Dataset data, List<Evaluator.Measured> measured) {
        return ReferenceClassifier.obtainedFor(data).flatMap(id -> measured.stream()
                .filter(m -> m.metric().equals(FeatureMetrics.CLASSIFIER_ACCURACY.id())).findFirst().map(m -> {
                    Map<String, Object> c = id.toMap();
                    c.put("test_accuracy", m.estimate().value());
                    c.put("n_test", m.estimate().n());
                    c.put("file", ReferenceClassifier.Store.standard().file(id.datasetId(), id.hash()).toString());
                    return c;
                }));
    }

    /**
     * The feature-space metrics of real held-out images (the validation split in place of samples,
     * {@link FeatureMetrics#realReference}) on the data this run trains on (loaded as {@link #execute}
     * loads it, with the run's seeds), as result rows of the model {@value FeatureMetrics#REFERENCE_MODEL}:
     * what a perfect model would get. Empty for a dataset without labels.
     */
    public static List<ResultRow> realReference(Prepared p) {
        RunSpec spec = p.spec();
        Seeds seeds = new Seeds(spec.seed());
        Dataset data = p.dataset().load(p.dataParams(), seeds.child("data"));
        List<ResultRow> rows = new ArrayList<>();
        for (Evaluator.Measured m : FeatureMetrics.realReference(data, p.eval(), seeds.child("eval"))) {
            rows.add(ResultRow.of(spec.datasetId(), FeatureMetrics.REFERENCE_MODEL, spec.seed(), m.metric(), m.estimate()));
        }
        return rows;
    }

    /** Writes {@code run-spec.json}: the run's config, before any work, so an interrupted run can be resumed. */
    private static void writeSpec(Path outDir, RunSpec spec, Options options) {
        Path f = outDir.resolve(SPEC_FILE);
        if (options.resume() && java.nio.file.Files.isRegularFile(f)) {
            RunSpec old = RunSpec.read(f);
            if (!old.sha256().equals(spec.sha256())) {
                throw new InputException(f + " describes another run (config SHA-256 " + old.sha256() + ", this run "
                        + spec.sha256() + ")");
            }
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "dgm-workbench run spec v1");
        m.put("config", spec.toMap());
        m.put("config_sha256", spec.sha256());
        m.put("checkpoint_every_seconds", options.checkpointEverySeconds());
        Json.write(f, m);
    }
}
