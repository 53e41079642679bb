package dgm.experiments;

import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.Json;
import dgm.core.run.Progress;
import dgm.core.run.ResultsCsv;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One unit of a comparison grid's work: a run (dataset, model, seed) or the grid's energy fits. It
 * executes in any JVM that has the workbench on its class path (a worker thread of the local pool,
 * a Spark executor), writes into its own folder under the comparison's, and returns what the
 * driver needs for the aggregate files ({@link Result}). Serializable: it carries its run's spec in
 * the canonical JSON of {@code run-spec.json}.
 *
 * <p>Every unit is a pure function of its spec and seed, so where and how often it executes does
 * not change its results. Executed again in a folder that holds a finished run, it keeps that run's
 * records; in a folder left by an interrupted attempt it removes the attempt's temporary files and
 * continues from the attempt's checkpoint, with the same files in the end as an uninterrupted run.
 */
public final class GridTask implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The units executing in this JVM right now (their matrix products share its cores). */
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private final int index;
    private final int of;
    private final String specJson;
    private final ExperimentConfig.EnergyFits energyFits;
    private final String folder;
    private final double checkpointEverySeconds;
    private final boolean resume;
    /** {@link #spec()} parsed once (not serialised: rebuilt from {@code specJson} where the task runs). */
    private transient RunSpec parsed;

    private GridTask(int index, int of, String specJson, ExperimentConfig.EnergyFits energyFits, String folder,
                     double checkpointEverySeconds, boolean resume) {
        this.index = index;
        this.of = of;
        this.specJson = specJson;
        this.energyFits = energyFits;
        this.folder = folder;
        this.checkpointEverySeconds = checkpointEverySeconds;
        this.resume = resume;
    }

    /** Run {@code index} (0-based) of a grid of {@code of} runs. */
    static GridTask run(int index, int of, RunSpec spec, TrainRun.Options options) {
        try {
            return new GridTask(index, of, Json.MAPPER.writeValueAsString(spec.toMap()), null,
                    "runs/" + spec.datasetId() + "/" + spec.modelId() + "/seed-" + spec.seed(),
                    options.checkpointEverySeconds(), options.resume());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The grid's energy fits (into {@code energy-fits/}). */
    static GridTask energyFits(ExperimentConfig.EnergyFits e) {
        return new GridTask(-1, 0, null, e, "energy-fits", 0, false);
    }

    /** The run's position in the grid (0-based), or −1 for the energy fits. */
    public int index() {
        return index;
    }

    /** Whether this is a run of the grid (not the energy fits). */
    public boolean isRun() {
        return specJson != null;
    }

    /** Whether any of the tasks reads files that every executor must reach (a dataset that is not built in). */
    public static boolean anyNeedsFiles(List<GridTask> tasks) {
        DatasetRegistry datasets = DatasetRegistry.standard();
        return tasks.stream().anyMatch(t -> t.specJson != null && !datasets.source(t.spec().datasetId()).builtIn());
    }

    /** Its folder relative to the comparison's, e.g. {@code runs/moons/maf/seed-0}. */
    public String folder() {
        return folder;
    }

    /** The run's spec (null for the energy fits). */
    @SuppressWarnings("unchecked")
    public RunSpec spec() {
        if (specJson == null) {
            return null;
        }
        if (parsed == null) {
            try {
                parsed = RunSpec.fromMap(Json.MAPPER.readValue(specJson, Map.class), folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parsed;
    }

    /** For progress lines: {@code run 3/165: maf on moons, seed 2}, or {@code energy fits}. */
    public String label() {
        if (specJson == null) {
            return "energy fits (" + energyFits.model() + " on " + energyFits.energies() + ")";
        }
        RunSpec rs = spec();
        return String.format("run %d/%d: %s on %s, seed %d", index + 1, of, rs.modelId(), rs.datasetId(), rs.seed());
    }

    /**
     * Whether this JVM reaches the data of the given units' file-based datasets (Fashion-MNIST,
     * MNIST, CSV): one line per dataset it does not, naming what is missing and where it was looked
     * for; empty when all are there. Built-in datasets need nothing. Each distinct dataset and
     * data parameters is checked once; nothing is loaded.
     */
    public static List<String> dataProblems(List<GridTask> tasks) {
        ModelRegistry models = ModelRegistry.load();
        DatasetRegistry datasets = DatasetRegistry.standard();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> problems = new java.util.ArrayList<>();
        for (GridTask t : tasks) {
            if (t.specJson == null) {
                continue;
            }
            RunSpec rs = t.spec();
            if (datasets.source(rs.datasetId()).builtIn() || !seen.add(rs.datasetId() + " " + new java.util.TreeMap<>(rs.dataParams()))) {
                continue;
            }
            TrainRun.Prepared p = TrainRun.prepare(rs, models, datasets);
            try {
                p.dataset().checkReachable(p.dataParams());
            } catch (dgm.core.InputException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Executes the unit into {@code root}/{@link #folder()}.
     *
     * @param again      whether an earlier attempt may have started in the folder (a retried task):
     *                   then it is continued as on resume
     * @param executedOn where it executes, for the run's record ({@code executed_on})
     * @param cores      the cores this JVM gives to the units it executes at once; the units going on
     *                   in the JVM share them (results do not depend on it)
     * @param log        progress lines
     */
    public Result execute(Path root, boolean again, Map<String, String> executedOn, int cores, PrintStream log) {
        Path dir = root.resolve(folder);
        long t0 = System.nanoTime();
        share(RUNNING.incrementAndGet(), cores);
        try {
            if (specJson == null) {
                if (!Files.isRegularFile(dir.resolve("run.json"))) {
                    Files.createDirectories(dir);
                    EnergyFitRunner.run(EnergyFitRunner.plan(energyFits.energies(), energyFits.model(), energyFits.params(),
                            energyFits.seeds(), energyFits.steps(), energyFits.box()), dir, log);
                }
                return new Result(index, "completed", "", List.of(), false, 0, seconds(t0), executedOn, false, false);
            }
            boolean continuing = resume || again;
            if (continuing && Files.isDirectory(dir)) {
                ComparisonRunner.removeStaleParts(dir);
                if (finished(dir)) {
                    return kept(dir, executedOn, t0);
                }
            }
            RunSpec rs = spec();
            TrainRun.Prepared p = TrainRun.prepare(rs, ModelRegistry.load(), DatasetRegistry.standard());
            TrainRun.Options options = new TrainRun.Options(checkpointEverySeconds, continuing, executedOn);
            TrainRun.Outcome o;
            try {
                o = TrainRun.execute(p, dir, new Progress(log, rs.modelId() + "/" + rs.datasetId() + "/s" + rs.seed(), 15_000), options);
            } catch (dgm.core.InputException e) {
                return badInput(dir, rs, e.getMessage(), executedOn, t0);
            }
            return new Result(index, o.status().label(), o.detail(), o.results(), ComparisonRunner.wallClockLimited(o.record()),
                    ComparisonRunner.dimension(o.record()), seconds(t0), executedOn, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            share(RUNNING.decrementAndGet(), cores);
        }
    }

    /**
     * Whether a run folder holds a finished run's records (run.json and results.csv). A run stopped
     * by bad input is not finished: once the input is fixed, resume runs it.
     */
    static boolean finished(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve("run.json")) || !Files.isRegularFile(runDir.resolve("results.csv"))) {
            return false;
        }
        try {
            return !Boolean.TRUE.equals(Json.MAPPER.readValue(runDir.resolve("run.json").toFile(), Map.class).get("bad_input"));
        } catch (IOException e) {
            return false;   // a record that cannot be read is not a finished run
        }
    }

    /**
     * A run whose data turned out unusable when it was loaded (a file missing on this machine, NaN
     * in a CSV, a wrong dimension): recorded as failed with the message, so the sweep goes on; the
     * comparison ends with exit 2 naming it ({@link ComparisonRunner}).
     */
    private Result badInput(Path dir, RunSpec rs, String message, Map<String, String> executedOn, long t0) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", "dgm-workbench run record v1");
        r.put("status", dgm.core.train.RunStatus.FAILED.label());
        r.put("detail", "bad input: " + message);
        r.put("bad_input", true);
        r.put("config", rs.toMap());
        r.put("config_sha256", rs.sha256());
        if (!executedOn.isEmpty()) {
            r.put("executed_on", new java.util.TreeMap<>(executedOn));
        }
        ResultsCsv.write(dir.resolve("results.csv"), List.of());
        Json.write(dir.resolve("run.json"), r);
        return new Result(index, dgm.core.train.RunStatus.FAILED.label(), "bad input: " + message, List.of(), false, 0,
                seconds(t0), executedOn, false, true);
    }

    /** A finished run as its folder recorded it. */
    Result kept(Path dir, Map<String, String> executedOn, long t0) throws IOException {
        Map<?, ?> rec = Json.MAPPER.readValue(dir.resolve("run.json").toFile(), Map.class);
        return new Result(index, (String) rec.get("status"), rec.get("detail") instanceof String s ? s : "",
                ResultsCsv.read(dir.resolve("results.csv")), ComparisonRunner.wallClockLimited(rec),
                ComparisonRunner.dimension(rec), seconds(t0), executedOn, true, false);
    }

    /** Auto threads: the JVM's cores shared among the units going on in it. */
    private static void share(int running, int cores) {
        int processors = Runtime.getRuntime().availableProcessors();
        // Engine divides the JVM's processors by the declared runs; a JVM given fewer cores than it
        // sees (a Spark executor of c cores on a larger node) counts as processors / c runs per unit
        int perUnit = Math.max(1, processors / Math.max(1, Math.min(cores, processors)));
        dgm.core.nn.Engine.declareConcurrentRuns(Math.max(1, running) * perUnit);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A place to execute, for the run's record: {@code {executor: EXECUTOR, host: this machine's name}}. */
    public static Map<String, String> where(String executor) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("executor", executor);
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        m.put("host", host);
        return m;
    }

    /**
     * What a unit returns to the driver.
     *
     * @param index            the run's position in the grid (−1: the energy fits)
     * @param status           the run's status label (completed, diverged, failed, …)
     * @param rows             its rows of {@code results.csv}
     * @param wallClockLimited whether a wall-clock limit could stop its training
     * @param dimension        the data's dimension (0 when not recorded)
     * @param seconds          wall-clock seconds of this execution
     * @param executedOn       where it executed
     * @param kept             whether the folder already held the finished run (nothing executed)
     * @param badInput         whether the run's data was unusable (then status failed and no rows)
     */
    public record Result(int index, String status, String detail, List<dgm.core.run.ResultRow> rows, boolean wallClockLimited,
                         int dimension, double seconds, Map<String, String> executedOn, boolean kept, boolean badInput)
            implements Serializable {
        public Result {
            rows = List.copyOf(rows);
            executedOn = Map.copyOf(executedOn);
        }
    }
}
