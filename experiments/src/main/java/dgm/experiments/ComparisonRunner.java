package dgm.experiments;

import dgm.core.InputException;
import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.AtomicFiles;
import dgm.core.run.Json;
import dgm.core.run.Progress;
import dgm.core.run.Provenance;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import dgm.core.train.RunStatus;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a comparison grid into a folder. The resolved config is written first ({@code config.json}),
 * then each run into {@code runs/DATASET/MODEL/seed-S/} (a run is complete when its {@code run.json}
 * exists: it is written last, atomically), the aggregate {@code results.csv} after every run, and the
 * summaries at the end. Resuming skips complete runs and redoes the rest; since every run is a pure
 * function of its spec and seed, the final files equal those of an uninterrupted comparison
 * (timings aside).
 */
final class ComparisonRunner {
    static final String CONFIG_FILE = "config.json";

    private ComparisonRunner() {
    }

    /** Validates the whole grid against the registries; nothing is written. */
    static List<TrainRun.Prepared> prepare(ExperimentConfig c) {
        ModelRegistry models = ModelRegistry.load();
        DatasetRegistry datasets = DatasetRegistry.standard();
        for (String m : c.modelParams().keySet()) {
            models.spec(m); // an unknown id in model_params is a typo: refuse it, naming the allowed ids
        }
        for (String d : c.dataParams().keySet()) {
            datasets.source(d);
        }
        for (String d : c.budgetPerDataset().keySet()) {
            datasets.source(d);
        }
        List<TrainRun.Prepared> runs = new ArrayList<>();
        for (String d : c.datasets()) {
            for (String m : c.models()) {
                for (long s : c.seeds()) {
                    TrainRun.Prepared p = TrainRun.prepare(RunSpec.of(m, d, s, c.setsFor(d, m)), models, datasets);
                    runs.add(p);
                }
            }
        }
        return runs;
    }

    static Path runDir(Path dir, RunSpec rs) {
        return dir.resolve("runs").resolve(rs.datasetId()).resolve(rs.modelId()).resolve("seed-" + rs.seed());
    }

    /** Reads a comparison folder's config (for resume and reproduce). */
    static ExperimentConfig readConfig(Path dir) {
        Path f = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(f)) {
            throw new InputException(dir + " is not a comparison folder (no " + CONFIG_FILE + ")");
        }
        return ExperimentConfig.file(f, Map.of());
    }

    /** The default number of runs executed at once: one per core (each run is single-threaded). */
    static int defaultJobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The result of one run of the grid, complete or kept from an earlier attempt. */
    private record Done(List<ResultRow> rows, String status, boolean wallClockLimited, int dimension) {
    }

    /** Auto threads for {@code unfinished} runs left on {@code workers} workers: min of the two, at least one. */
    private static void declareRunning(int workers, int unfinished) {
        dgm.core.nn.Engine.declareConcurrentRuns(Math.max(1, Math.min(workers, unfinished)));
    }

    /** Whether a run folder holds a finished run's records (run.json and results.csv). */
    private static boolean hasResults(Path runDir) {
        return Files.isRegularFile(runDir.resolve("run.json")) && Files.isRegularFile(runDir.resolve("results.csv"));
    }

    /** A finished run as its folder recorded it. */
    private static Done readDone(Path runDir) throws IOException {
        Map<?, ?> rec = Json.MAPPER.readValue(runDir.resolve("run.json").toFile(), Map.class);
        return new Done(ResultsCsv.read(runDir.resolve("results.csv")), (String) rec.get("status"), wallClockLimited(rec),
                dimension(rec));
    }

    /** The data's dimension a run record states (0 when it does not). */
    static int dimension(Map<?, ?> record) {
        return record.get("data") instanceof Map<?, ?> d && d.get("dimension") instanceof Number n ? n.intValue() : 0;
    }

    /** Whether a run record says a wall-clock limit could stop its training (then its result depends on machine speed). */
    static boolean wallClockLimited(Map<?, ?> record) {
        return record.get("training") instanceof Map<?, ?> t && t.get("wall_clock_limit_seconds") != null;
    }

    static int run(ExperimentConfig c, List<TrainRun.Prepared> runs, Path dir, boolean resume, PrintWriter out) {
        return run(c, runs, dir, resume, out, defaultJobs(), TrainRun.Options.DEFAULT);
    }

    /** Refuses a --jobs below 1 (before any folder is made). */
    static void checkJobs(int jobs) {
        if (jobs < 1) {
            throw new InputException("--jobs must be at least 1, got " + jobs);
        }
    }

    /**
     * Runs the grid with {@code jobs} runs at a time. Each run is a pure function of its spec and seed
     * (its large matrix products share the cores left to it, with the same bits for any thread
     * count), so the results do not depend on {@code jobs}; only the timings do. The
     * aggregate {@code results.csv} is rewritten, in grid order, after every finished run. Each run
     * checkpoints as {@code options} says; on {@code resume}, incomplete runs continue from their
     * checkpoints.
     */
    static int run(ExperimentConfig c, List<TrainRun.Prepared> runs, Path dir, boolean resume, PrintWriter out, int jobs,
                   TrainRun.Options options) {
        TrainRun.Options runOptions = resume ? options.resuming() : options;
        checkJobs(jobs);
        int workers = Math.min(jobs, Math.max(1, runs.size()));
        // auto threads share the cores among the runs going on at once (results do not depend on it)
        declareRunning(workers, workers);
        if (resume) {
            removeStaleParts(dir);
        }
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), c.toYaml() + "\n");
        try (OutputStream logFile = new FileOutputStream(dir.resolve("compare.log").toFile(), true);
             PrintStream log = new PrintStream(new Tee(System.err, logFile), true, StandardCharsets.UTF_8)) {
            log.printf("%s compare '%s': %d runs into %s, %d at a time%s%n", Instant.now(), c.name(), runs.size(), dir,
                    workers, resume ? " (resume)" : "");
            Progress overall = new Progress(log, "compare", 0);
            Instant started = Instant.now();
            Done[] done = new Done[runs.size()];
            int[] finished = {0};
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Path rd = runDir(dir, runs.get(i).spec());
                if (resume && hasResults(rd)) {
                    done[i] = readDone(rd);
                    finished[0]++;
                } else {
                    todo.add(i);
                }
            }
            if (resume) {
                overall.update((double) finished[0] / runs.size(), finished[0] + " complete run(s) kept, " + todo.size() + " to run");
            }
            int redone = todo.size();
            // before the grid: trains (or loads) each labelled dataset's reference classifier once, for all its runs
            List<ResultRow> reference = references(runs, dir, resume, log);
            Eta eta = new Eta(runs, todo);
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "compare-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                // runs not yet finished: when fewer than the workers are left (the grid's tail), the
                // cores of the idle workers go to the runs still going (auto threads; same results)
                int[] unfinished = {todo.size() + (c.energyFits() != null ? 1 : 0)};
                declareRunning(workers, unfinished[0]);
                if (c.energyFits() != null) {
                    // the longest single task: queued first, so it overlaps with the grid
                    futures.add(pool.submit(() -> {
                        fitEnergies(c, dir, log);
                        synchronized (done) {
                            declareRunning(workers, --unfinished[0]);
                        }
                        return null;
                    }));
                }
                for (int i : todo) {
                    futures.add(pool.submit(() -> {
                        TrainRun.Prepared r = runs.get(i);
                        RunSpec rs = r.spec();
                        String label = String.format("run %d/%d: %s on %s, seed %d", i + 1, runs.size(), rs.modelId(),
                                rs.datasetId(), rs.seed());
                        synchronized (done) {
                            overall.update(eta.fraction(), "start " + label);
                        }
                        long t0 = System.nanoTime();
                        TrainRun.Outcome o = TrainRun.execute(r, runDir(dir, rs),
                                new Progress(log, rs.modelId() + "/" + rs.datasetId() + "/s" + rs.seed(), 15_000), runOptions);
                        synchronized (done) {
                            done[i] = new Done(o.results(), o.status().label(), wallClockLimited(o.record()), dimension(o.record()));
                            finished[0]++;
                            declareRunning(workers, --unfinished[0]);
                            eta.finished(i, (System.nanoTime() - t0) / 1e9);
                            if (o.status() != RunStatus.COMPLETED) {
                                log.printf("  %s: %s %s%n", label, o.status().label(), o.detail());
                            }
                            overall.update(eta.fraction(), "done " + label + " [" + finished[0] + "/" + runs.size() + "]");
                            ResultsCsv.write(dir.resolve("results.csv"), collect(done));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        futures.forEach(x -> x.cancel(true));
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            overall.update(1.0, "all runs done" + (resume ? " (" + redone + " run again, " + (runs.size() - redone) + " kept)" : ""));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("format", "dgm-workbench comparison record v1");
            record.put("config", c.toMap());
            record.put("started", started.toString());
            record.put("finished", null);
            record.put("seconds", null);
            record.put("resumed", resume);
            record.put("jobs", workers);
            record.put("code", Provenance.codeVersion());
            record.put("environment", Provenance.environment());
            String md = finish(c, runs, done, reference, dir, dir, log, overall, record);
            out.println(md);
            out.println("wrote " + dir.resolve("report.md") + ", summary.md, summary.tex, summary.csv, results.csv, compare.json, compare.log, figures/ and runs/");
            return Workbench.EXIT_OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The feature-space metrics of real held-out images for each labelled dataset of the grid, once
     * per dataset ({@link TrainRun#realReference} on the data of the dataset's first run, so with
     * its data parameters and seed), kept in {@code reference/DATASET/results.csv} (kept on resume).
     * A dataset without labels has none. A failure is logged and leaves the report without that
     * dataset's line; it does not stop the comparison.
     */
    static List<ResultRow> references(List<TrainRun.Prepared> runs, Path dir, boolean resume, PrintStream log) {
        Map<String, TrainRun.Prepared> first = new LinkedHashMap<>();
        for (TrainRun.Prepared p : runs) {
            first.putIfAbsent(p.spec().datasetId(), p);
        }
        List<ResultRow> all = new ArrayList<>();
        for (var e : first.entrySet()) {
            Path f = dir.resolve("reference").resolve(e.getKey()).resolve("results.csv");
            if (resume && Files.isRegularFile(f)) {
                all.addAll(ResultsCsv.read(f));
                continue;
            }
            try {
                List<ResultRow> rows = TrainRun.realReference(e.getValue());
                if (!rows.isEmpty()) {
                    ResultsCsv.write(f, rows);
                    all.addAll(rows);
                }
            } catch (InputException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                log.printf("  real-image reference of %s failed: %s: %s%n", e.getKey(), ex.getClass().getSimpleName(), ex.getMessage());
            }
        }
        return all;
    }

    /**
     * The energy fits of the config into {@code energy-fits/} (run in the pool beside the grid);
     * complete fits (a run.json there) are kept on resume. Then their summary for the report, and
     * their figures added to {@code figures}.
     */
    private static void fitEnergies(ExperimentConfig c, Path dir, PrintStream log) throws IOException {
        ExperimentConfig.EnergyFits e = c.energyFits();
        Path out = dir.resolve("energy-fits");
        if (!Files.isRegularFile(out.resolve("run.json"))) {
            Files.createDirectories(out);
            EnergyFitRunner.run(EnergyFitRunner.plan(e.energies(), e.model(), e.params(), e.seeds(), e.steps(), e.box()), out, log);
        }
    }

    /**
     * Everything a comparison writes from its runs' results, models and records: {@code results.csv},
     * {@code summary.md}/{@code .csv}/{@code .tex}, {@code figures/} (from the models in
     * {@code in}/runs), {@code compare.json} and {@code report.md}, into {@code out}. {@code record}
     * is the comparison record: when its {@code finished} is null (a comparison that just ran) the
     * time and the run index are filled in; otherwise ({@code report} redrawing a finished comparison)
     * it is written as it was, so the same stored results give the same files. Returns summary.md.
     */
    static String finish(ExperimentConfig c, List<TrainRun.Prepared> runs, Done[] done, List<ResultRow> reference, Path in,
                         Path out, PrintStream log, Progress overall, Map<String, Object> record) throws IOException {
        List<ResultRow> all = collect(done);
        ResultsCsv.write(out.resolve("results.csv"), all);
        Map<String, String> statusByRun = new LinkedHashMap<>();
        java.util.Set<String> timed = new java.util.LinkedHashSet<>();
        List<Map<String, Object>> index = new ArrayList<>();
        Map<String, Integer> dimensions = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSpec rs = runs.get(i).spec();
            String status = done[i].status();
            if (done[i].dimension() > 0) {
                dimensions.putIfAbsent(rs.datasetId(), done[i].dimension());
            }
            if (done[i].wallClockLimited()) {
                timed.add(rs.datasetId() + "/" + rs.modelId());
            }
            if (!RunStatus.COMPLETED.label().equals(status)) {
                statusByRun.merge(rs.datasetId() + "/" + rs.modelId(), status + " seed " + rs.seed(), (a, b) -> a + ", " + b);
            }
            Map<String, Object> idx = new LinkedHashMap<>();
            idx.put("dataset", rs.datasetId());
            idx.put("model", rs.modelId());
            idx.put("seed", rs.seed());
            idx.put("status", status);
            idx.put("folder", in.relativize(runDir(in, rs)).toString());
            index.add(idx);
        }
        String md = "# Comparison `" + c.name() + "`\n\n" + c.description() + ". Seeds " + c.seeds() + ". Training budget: "
                + c.describeBudget() + ".\n\n"
                + (timed.isEmpty() ? "" : "**Wall-clock limits.** A wall-clock limit could stop the training of " + timed
                        + ": those results depend on the machine's speed and load, and the same command can give other "
                        + "numbers on another machine or a busier one.\n\n")
                + ReportTables.headline(all, statusByRun, reference, dimensions)
                + "## Detail\n\n"
                + ReportTables.markdown(all, statusByRun, reference);
        AtomicFiles.writeString(out.resolve("summary.md"), md);
        AtomicFiles.writeString(out.resolve("summary.csv"), ReportTables.csv(all));
        AtomicFiles.writeString(out.resolve("summary.tex"), ReportTables.latex(all, statusByRun,
                "Comparison " + c.name() + ", seeds " + c.seeds() + "; " + c.describeBudget() + "."));
        overall.update(1.0, "drawing figures");
        List<ComparisonFigures.Written> figures = new ArrayList<>(ComparisonFigures.write(c, in, out, log));
        String energyMd = energyReport(c, in, figures);
        if (record.get("finished") == null) {
            record.put("finished", Instant.now().toString());
            record.put("seconds", overall.elapsedSeconds());
            record.put("runs", index);
        }
        Json.write(out.resolve("compare.json"), record);
        AtomicFiles.writeString(out.resolve("report.md"), Report.markdown(c, record, md + energyMd, figures));
        return md;
    }

    /**
     * Redraws a finished comparison's tables, figures and report from its stored results, models and
     * record into {@code out} (may be {@code dir} itself), without training: each run's results.csv
     * and run.json, {@code reference/}, {@code compare.json}. A run without results is refused, naming it.
     */
    static int report(Path dir, Path out, PrintWriter printer) {
        ExperimentConfig c = readConfig(dir);
        List<TrainRun.Prepared> runs = prepare(c);
        Path record = dir.resolve("compare.json");
        if (!Files.isRegularFile(record)) {
            throw new InputException(dir + " has no compare.json: the comparison did not finish; finish it with "
                    + "./workbench resume " + dir);
        }
        try {
            Files.createDirectories(out.resolve("figures"));
            Done[] done = new Done[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                Path rd = runDir(dir, runs.get(i).spec());
                if (!hasResults(rd)) {
                    throw new InputException(dir.relativize(rd) + " has no results (run.json and results.csv); finish "
                            + "the comparison with ./workbench resume " + dir);
                }
                done[i] = readDone(rd);
            }
            if (!out.equals(dir)) {
                AtomicFiles.writeString(out.resolve(CONFIG_FILE), c.toYaml() + "\n");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = Json.MAPPER.readValue(record.toFile(), LinkedHashMap.class);
            PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            List<ResultRow> reference = references(runs, dir, true, log);
            String md = finish(c, runs, done, reference, dir, out, log, new Progress(log, "report", 0), rec);
            printer.println(md);
            printer.println("wrote " + out.resolve("report.md") + ", summary.md, summary.tex, summary.csv, results.csv, "
                    + "compare.json and figures/ from the stored results of " + dir);
            return Workbench.EXIT_OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String energyReport(ExperimentConfig c, Path dir, List<ComparisonFigures.Written> figures) throws IOException {
        ExperimentConfig.EnergyFits e = c.energyFits();
        if (e == null) {
            return "";
        }
        Path out = dir.resolve("energy-fits");
        for (long seed : e.seeds()) {
            String stem = "energy-fit-" + e.model() + "-seed" + seed;
            if (Files.isRegularFile(out.resolve(stem + ".png"))) {
                figures.add(new ComparisonFigures.Written("../energy-fits/" + stem, "Reverse-KL fits of " + e.energies() + " by "
                        + e.model() + " (seed " + seed + "): the target exp(−U) beside the flow's samples on the box [−"
                        + e.box() + ", " + e.box() + "]²; numbers in energy-fits/summary.md."));
            }
        }
        return "\n## Energy fits (reverse KL)\n\n" + Files.readString(out.resolve("summary.md")).replaceAll("(?m)^#", "###") + "\n";
    }

    /**
     * The fraction of the work done, for the time-left estimate: runs differ in cost by orders of
     * magnitude (a Gaussian fit against a flow), so each unfinished run is costed at the mean time
     * of the finished runs of the same model and dataset, else of the same model, else of all.
     */
    private static final class Eta {
        private final List<TrainRun.Prepared> runs;
        private final java.util.Set<Integer> pending;
        private final Map<String, double[]> byModelData = new java.util.HashMap<>();
        private final Map<String, double[]> byModel = new java.util.HashMap<>();
        private final double[] all = new double[2];
        private double spent;

        Eta(List<TrainRun.Prepared> runs, List<Integer> todo) {
            this.runs = runs;
            this.pending = new java.util.HashSet<>(todo);
        }

        void finished(int i, double seconds) {
            pending.remove(i);
            RunSpec rs = runs.get(i).spec();
            add(byModelData.computeIfAbsent(rs.modelId() + "/" + rs.datasetId(), k -> new double[2]), seconds);
            add(byModel.computeIfAbsent(rs.modelId(), k -> new double[2]), seconds);
            add(all, seconds);
            spent += seconds;
        }

        private static void add(double[] acc, double s) {
            acc[0] += s;
            acc[1]++;
        }

        double fraction() {
            if (all[1] == 0) {
                return 0;
            }
            double left = 0;
            for (int i : pending) {
                RunSpec rs = runs.get(i).spec();
                double[] a = byModelData.getOrDefault(rs.modelId() + "/" + rs.datasetId(), byModel.getOrDefault(rs.modelId(), all));
                left += a[0] / a[1];
            }
            return spent / (spent + left);
        }
    }

    /** The rows of the finished runs, in grid order. */
    private static List<ResultRow> collect(Done[] done) {
        List<ResultRow> all = new ArrayList<>();
        for (Done d : done) {
            if (d != null) {
                all.addAll(d.rows());
            }
        }
        return all;
    }

    /**
     * A process killed while writing leaves its temporary {@code .NAME.part} file beside the target
     * (the target itself is intact: it is only ever replaced by a rename). Resuming removes them.
     */
    static void removeStaleParts(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".part") && Files.isRegularFile(f)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes to two streams (the terminal and the log file). */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            b.close();
        }
    }
}
