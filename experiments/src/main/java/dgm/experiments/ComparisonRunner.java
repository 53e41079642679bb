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
    record Done(List<ResultRow> rows, String status, boolean wallClockLimited, int dimension) {
        static Done of(GridTask.Result r) {
            return new Done(r.rows(), r.status(), r.wallClockLimited(), r.dimension());
        }
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

    /** The grid on the local pool with {@code jobs} runs at a time. */
    static int run(ExperimentConfig c, List<TrainRun.Prepared> runs, Path dir, boolean resume, PrintWriter out, int jobs,
                   TrainRun.Options options) {
        checkJobs(jobs);
        try (GridExecutor pool = new LocalPool(Math.min(jobs, Math.max(1, runs.size())))) {
            return run(c, runs, dir, resume, out, pool, options);
        }
    }

    /**
     * Runs the grid on {@code executor} (the local pool, or a cluster). Each run is a pure function
     * of its spec and seed (its large matrix products share the cores left to it, with the same
     * bits for any thread count), so the results depend neither on the executor nor on how many
     * runs it executes at once; only the timings do. The aggregate {@code results.csv} is
     * rewritten, in grid order, after every finished run. Each run checkpoints as {@code options}
     * says; on {@code resume}, incomplete runs continue from their checkpoints.
     */
    static int run(ExperimentConfig c, List<TrainRun.Prepared> runs, Path dir, boolean resume, PrintWriter out,
                   GridExecutor executor, TrainRun.Options options) {
        TrainRun.Options runOptions = resume ? options.resuming() : options;
        if (resume) {
            removeStaleParts(dir);
        }
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), c.toYaml() + "\n");
        try (OutputStream logFile = new FileOutputStream(dir.resolve("compare.log").toFile(), true);
             PrintStream log = new PrintStream(new Tee(System.err, logFile), true, StandardCharsets.UTF_8)) {
            Map<String, Object> where = executor.describe();
            log.printf("%s compare '%s': %d runs into %s, %d at a time%s%s%n", Instant.now(), c.name(), runs.size(), dir,
                    executor.slots(), "local".equals(where.get("kind")) ? "" : " on " + where.get("kind") + " " + where.get("master"),
                    resume ? " (resume)" : "");
            Progress overall = new Progress(log, "compare", 0);
            Instant started = Instant.now();
            Done[] done = new Done[runs.size()];
            int[] counts = {0, 0, 0}; // finished, not completed (failed or diverged), retried attempts
            List<String> badInput = new ArrayList<>();
            List<GridTask> tasks = new ArrayList<>();
            if (c.energyFits() != null && !Files.isRegularFile(dir.resolve("energy-fits").resolve("run.json"))) {
                // the longest single task: queued first, so it overlaps with the grid
                tasks.add(GridTask.energyFits(c.energyFits()));
            }
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Path rd = runDir(dir, runs.get(i).spec());
                if (resume && GridTask.finished(rd)) {
                    done[i] = readDone(rd);
                    counts[0]++;
                } else {
                    todo.add(i);
                    tasks.add(GridTask.run(i, runs.size(), runs.get(i).spec(), runOptions));
                }
            }
            if (resume) {
                overall.update((double) counts[0] / runs.size(), counts[0] + " complete run(s) kept, " + todo.size() + " to run");
            }
            int redone = todo.size();
            // before the grid: trains (or loads) each labelled dataset's reference classifier once, for all its runs
            List<ResultRow> reference = references(runs, dir, resume, log);
            Eta eta = new Eta(runs, todo);
            Object lock = new Object();
            executor.execute(dir, tasks, new GridExecutor.Listener() {
                @Override
                public void started(GridTask task, Map<String, String> at) {
                    synchronized (lock) {
                        overall.update(eta.fraction(), "start " + task.label() + (at.containsKey("executor")
                                && !"local".equals(at.get("executor")) ? " on executor " + at.get("executor") + " (" + at.get("host") + ")" : ""));
                    }
                }

                @Override
                public void finished(GridTask task, GridTask.Result r) {
                    synchronized (lock) {
                        if (!task.isRun()) {
                            return;
                        }
                        int i = task.index();
                        done[i] = Done.of(r);
                        counts[0]++;
                        eta.finished(i, r.seconds());
                        if (r.badInput()) {
                            badInput.add(task.label() + ": " + r.detail());
                        }
                        if (!RunStatus.COMPLETED.label().equals(r.status())) {
                            counts[1]++;
                            log.printf("  %s: %s %s%n", task.label(), r.status(), r.detail());
                        }
                        overall.update(eta.fraction(), "done " + task.label() + " [" + counts[0] + "/" + runs.size()
                                + (counts[1] > 0 ? ", " + counts[1] + " not completed" : "")
                                + (counts[2] > 0 ? ", " + counts[2] + " attempt(s) retried" : "") + "]");
                        ResultsCsv.write(dir.resolve("results.csv"), collect(done));
                    }
                }

                @Override
                public void retrying(GridTask task, int attempt, String reason) {
                    synchronized (lock) {
                        counts[2]++;
                        log.printf("  %s: attempt %d failed (%s); retrying%n", task.label(), attempt + 1, reason);
                    }
                }
            }, log);
            for (int i : todo) {
                if (done[i] == null) {
                    throw new IllegalStateException("the executor returned without finishing " + runs.get(i).spec().modelId()
                            + " on " + runs.get(i).spec().datasetId() + ", seed " + runs.get(i).spec().seed());
                }
            }
            overall.update(1.0, "all runs done" + (resume ? " (" + redone + " run again, " + (runs.size() - redone) + " kept)" : "")
                    + (counts[2] > 0 ? "; " + counts[2] + " failed attempt(s) retried" : ""));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("format", "dgm-workbench comparison record v1");
            record.put("config", c.toMap());
            record.put("started", started.toString());
            record.put("finished", null);
            record.put("seconds", null);
            record.put("resumed", resume);
            record.put("jobs", executor.slots());
            if (!"local".equals(where.get("kind"))) {
                record.put("executor", where);
            }
            if (counts[2] > 0) {
                record.put("retried_attempts", counts[2]);
            }
            record.put("code", Provenance.codeVersion());
            record.put("environment", Provenance.environment());
            String md = finish(c, runs, done, reference, dir, dir, log, overall, record);
            out.println(md);
            out.println("wrote " + dir.resolve("report.md") + ", summary.md, summary.tex, summary.csv, results.csv, compare.json, compare.log, figures/ and runs/");
            if (!badInput.isEmpty()) {
                // the sweep went on; the command still says that some of its input was bad
                String msg = badInput.size() + " run(s) could not read their data (recorded as failed; fix the input and "
                        + "run 'workbench resume " + dir + "' to run them):\n  " + String.join("\n  ", badInput);
                log.println(msg);
                out.println("error: " + msg);
                return Workbench.EXIT_USAGE;
            }
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
                // the dataset's runs meet the same input and are recorded as failed by it; the comparison exits 2
                log.printf("  real-image reference of %s: bad input: %s%n", e.getKey(), ex.getMessage());
            } catch (RuntimeException ex) {
                log.printf("  real-image reference of %s failed: %s: %s%n", e.getKey(), ex.getClass().getSimpleName(), ex.getMessage());
            }
        }
        return all;
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
                if (!GridTask.finished(rd)) {
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
