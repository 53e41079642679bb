package dgm.core.run;

import dgm.core.data.Dataset;
import dgm.core.data.DatasetRegistry;
import dgm.core.data.DatasetSource;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.Capability;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
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
 */
public final class TrainRun {

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
        Map<String, String> withBudget = new LinkedHashMap<>(spec.modelParams());
        withBudget.putAll(budget.modelParams(m, spec.modelParams()));
        Params mp = Params.resolve("model " + m.id(), m.params(), withBudget);
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
        RunSpec spec = p.spec();
        Seeds seeds = new Seeds(spec.seed());
        Instant started = Instant.now();
        Dataset data = p.dataset().load(p.dataParams(), seeds.child("data"));
        dgm.core.data.DataValidation.check(data.id() + "/train", data.train());
        dgm.core.data.DataValidation.check(data.id() + "/validation", data.validation(), data.dimension(), 0);
        dgm.core.data.DataValidation.check(data.id() + "/test", data.test(), data.dimension(), 0);

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
        List<Evaluator.Measured> measured = new ArrayList<>();
        long t0 = System.nanoTime();
        fitStart[0] = t0;
        double trainSeconds = Double.NaN;
        try {
            progress.update(0.0, "fitting " + spec.modelId() + " on " + spec.datasetId());
            FitResult fit = p.model().fitter().fit(new FitContext(data, p.modelParams(), seeds.child("model"), listener));
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
        Map<String, Object> record = record(p, data, seeds, started, status, detail, history, measured, model, trainSeconds);
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

    private static Map<String, Object> record(Prepared p, Dataset data, Seeds seeds, Instant started, RunStatus status,
                                              String detail, List<HistoryPoint> history, List<Evaluator.Measured> measured,
                                              GenerativeModel model, double trainSeconds) {
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
        resolved.put("model_params", p.modelParams().asMap());
        resolved.put("data_params", p.dataParams().asMap());
        resolved.put("eval_params", p.evalParams().asMap());
        r.put("resolved", resolved);
        long stepsUsed = history.isEmpty() ? -1 : history.get(history.size() - 1).step();
        r.put("budget", p.budget().record(p.model(), stepsUsed, trainSeconds));
        r.put("model", Map.of("id", p.model().id(), "capability", model == null ? p.model().capability().label()
                : Capability.of(model).label()));
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
        r.put("code", Provenance.codeVersion());
        r.put("environment", Provenance.environment());
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
}
