package dgm.spark;

import dgm.core.InputException;
import dgm.experiments.GridExecutor;
import dgm.experiments.GridTask;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The comparison grid as Apache Spark jobs: one job of one task per unit ({@link GridTask}),
 * submitted in grid order (Spark's FIFO scheduler starts them in that order as task slots free),
 * so a failed task is retried by Spark alone ({@code spark.task.maxFailures}, or F in
 * {@code local[N,F]}) and each result reaches the driver as soon as its run ends. A retried task
 * continues its run as {@code resume} would (in the shared folder: from its checkpoint, after
 * removing the failed attempt's temporary files), so every run is recorded exactly once and with
 * the results of an uninterrupted run.
 *
 * <p>Outputs: {@code shared}: executors write the run folders into the output folder themselves (a
 * filesystem every executor mounts at the same path: NFS, a cluster filesystem mount, or one
 * machine); {@code driver}: each run is written in its executor's temporary folder, zipped, sent
 * back with the task's result and written by the driver. {@code auto}: shared for {@code local}
 * masters, driver for the others.
 */
public final class SparkGrid implements GridExecutor.Provider {
    /** Test-only fault injection: grid indices (0-based, comma-separated) whose first attempt throws. */
    public static final String FAIL_FIRST_ATTEMPT = "dgm.spark.failFirstAttempt";

    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|spark://.+|yarn|k8s://.+|mesos://.+");
    private static final String JOB_PROPERTY = "dgm.task";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public GridExecutor open(String master, Map<String, String> settings, PrintStream log) {
        String output = settings.getOrDefault("output", "auto");
        if (!Set.of("auto", "shared", "driver").contains(output)) {
            throw new InputException("--spark-output must be one of shared, driver, auto; got '" + output + "'");
        }
        SparkConf conf = new SparkConf().setAppName("dgm-workbench compare");
        if ("submit".equals(master)) {
            if (!conf.contains("spark.master")) {
                throw new InputException("--spark submit takes the master spark-submit was given, but this JVM was not "
                        + "started by spark-submit (no spark.master); give the master URL instead");
            }
            master = conf.get("spark.master");
        } else if (!MASTER.matcher(master).matches()) {
            throw new InputException("--spark: '" + master + "' is not a Spark master URL; use local, local[N], local[*], "
                    + "local[N,F] (F attempts per task), spark://HOST:PORT, yarn, k8s://https://HOST:PORT, or 'submit' under "
                    + "spark-submit");
        } else {
            conf.setMaster(master);
            if (!master.startsWith("local") && !conf.contains("spark.jars")) {
                // a client-mode driver started by ./workbench: the executors fetch the workbench's jars from it
                conf.set("spark.jars", String.join(",", classPathJars()));
            }
        }
        boolean shared = "shared".equals(output) || ("auto".equals(output) && master.startsWith("local"));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");   // the workbench prints the grid's progress
        conf.setIfMissing("spark.speculation", "false");              // one attempt of a run at a time
        // as under ./workbench: native pools at one thread, the workbench shares the cores itself
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        conf.setIfMissing("spark.executor.extraJavaOptions", "-Djava.awt.headless=true");
        if (!shared) {
            conf.setIfMissing("spark.driver.maxResultSize", "0");    // a run folder with a large model is one result
        }
        int[] failFirst = Arrays.stream(System.getProperty(FAIL_FIRST_ATTEMPT, "").split(","))
                .filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new InputException("--spark " + master + ": Spark did not start: " + e.getMessage());
        }
        sc.setLogLevel("WARN");
        return new Executor(sc, master, shared, failFirst);
    }

    /** The jars of this JVM's class path (the workbench and its libraries). */
    private static List<String> classPathJars() {
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.endsWith(".jar")) {
                jars.add(Path.of(e).toAbsolutePath().toUri().toString());
                // a thin jar's manifest Class-Path lists the libraries; they are on the class path too
                try (var jf = new java.util.jar.JarFile(e)) {
                    var mf = jf.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        java.net.URI base = Path.of(e).toAbsolutePath().getParent().toUri();
                        for (String lib : cp.trim().split("\\s+")) {
                            jars.add(base.resolve(lib).toString());   // relative (lib/x.jar) or absolute (file:/…)
                        }
                    }
                } catch (IOException ex) {
                    // not a readable jar: Spark reports it when it fetches it
                }
            }
        }
        return jars;
    }

    /** What a task sends back: its result, and in driver mode its folder. */
    record Shipped(GridTask.Result result, byte[] folder) implements Serializable {
    }

    /** The code that runs on an executor (serialised with its fields). */
    record Work(String root, boolean shared, int[] failFirst) implements Serializable {
        Shipped run(GridTask task) throws IOException {
            TaskContext ctx = TaskContext.get();
            int attempt = ctx.attemptNumber();
            Map<String, String> where = GridTask.where(SparkEnv.get().executorId());
            where.put("attempt", Integer.toString(attempt));
            where.put("spark_task", ctx.stageId() + "." + ctx.partitionId());
            int cores = SparkEnv.get().conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
            Path base = shared ? Path.of(root) : Files.createTempDirectory("dgm-run-");
            try {
                if (attempt == 0 && Arrays.stream(failFirst).anyMatch(i -> i == task.index())) {
                    // a first attempt that dies midway: a half-written file in the run's folder
                    Path dir = base.resolve(task.folder());
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve(".results.csv.part"), "dataset,model,seed,metric,value,stderr,kind\nhalf");
                    throw new IllegalStateException("injected failure of the first attempt (" + FAIL_FIRST_ATTEMPT + ")");
                }
                GridTask.Result r = task.execute(base, attempt > 0, where, cores, System.err);
                return new Shipped(r, shared ? null : FolderArchive.zip(base.resolve(task.folder())));
            } finally {
                if (!shared) {
                    FolderArchive.delete(base);
                }
            }
        }

        List<String> checkData(List<GridTask> tasks) {
            String at = "executor " + SparkEnv.get().executorId() + " (" + GridTask.where("").get("host") + ")";
            return GridTask.dataProblems(tasks).stream().map(p -> at + ": " + p).toList();
        }
    }

    /** The grid's Spark context and how it executes units. */
    private static final class Executor implements GridExecutor {
        private final JavaSparkContext sc;
        private final String master;
        private final boolean shared;
        private final int[] failFirst;
        private volatile Listener listener;

        Executor(JavaSparkContext sc, String master, boolean shared, int[] failFirst) {
            this.sc = sc;
            this.master = master;
            this.shared = shared;
            this.failFirst = failFirst;
            sc.sc().addSparkListener(new Events());
        }

        @Override
        public int slots() {
            return sc.defaultParallelism();
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "spark");
            m.put("master", master);
            m.put("spark_version", sc.version());
            m.put("application_id", sc.sc().applicationId());
            m.put("default_parallelism", sc.defaultParallelism());
            m.put("output", shared ? "shared (executors write into the output folder)"
                    : "driver (run folders sent back to the driver, which writes them)");
            return m;
        }

        @Override
        public void checkData(List<GridTask> tasks) {
            Set<String> problems = new TreeSet<>(GridTask.dataProblems(tasks).stream().map(p -> "driver: " + p).toList());
            if (problems.isEmpty() && GridTask.anyNeedsFiles(tasks)) {
                // every executor: as many small tasks as twice the slots, so each executor gets some
                int n = Math.max(2, 2 * sc.defaultParallelism());
                Work w = work(Path.of("."));
                List<Integer> parts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    parts.add(i);
                }
                problems.addAll(sc.parallelize(parts, n).flatMap(i -> w.checkData(tasks).iterator()).distinct().collect());
            }
            if (!problems.isEmpty()) {
                throw new InputException("the grid's data is not reachable everywhere it must be read:\n  "
                        + String.join("\n  ", problems));
            }
        }

        private Work work(Path root) {
            return new Work(root.toAbsolutePath().toString(), shared, failFirst);
        }

        @Override
        public void execute(Path root, List<GridTask> tasks, Listener listener, PrintStream log) {
            this.tasks = List.copyOf(tasks);
            this.listener = listener;
            Work w = work(root);
            List<JavaFutureAction<List<Shipped>>> futures = new ArrayList<>();
            for (int k = 0; k < tasks.size(); k++) {
                GridTask task = tasks.get(k);
                sc.setLocalProperty(JOB_PROPERTY, Integer.toString(k));
                sc.setJobDescription(task.label());
                futures.add(sc.parallelize(List.of(task), 1).map(w::run).collectAsync());
            }
            sc.setLocalProperty(JOB_PROPERTY, null);
            boolean[] reported = new boolean[tasks.size()];
            int left = tasks.size();
            try {
                while (left > 0) {
                    boolean any = false;
                    for (int k = 0; k < tasks.size(); k++) {
                        if (!reported[k] && futures.get(k).isDone()) {
                            Shipped s = futures.get(k).get().get(0);
                            if (s.folder() != null) {
                                FolderArchive.unpack(s.folder(), root.resolve(tasks.get(k).folder()));
                            }
                            listener.finished(tasks.get(k), s.result());
                            reported[k] = true;
                            left--;
                            any = true;
                        }
                    }
                    if (!any) {
                        Thread.sleep(100);
                    }
                }
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted", e);
            }
        }

        private volatile List<GridTask> tasks = List.of();

        /** A job that failed for good: bad input stays bad input (exit 2); the rest says what Spark said. */
        private static RuntimeException failure(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof InputException ie) {
                    return ie;
                }
            }
            return new IllegalStateException("a Spark task failed after its retries: " + t.getMessage(), t);
        }

        @Override
        public void close() {
            sc.stop();
        }

        /** Spark's scheduler events, for the driver's progress (started, retried). */
        private final class Events extends SparkListener {
            private final Map<Integer, Integer> stageToTask = new ConcurrentHashMap<>();

            @Override
            public void onJobStart(SparkListenerJobStart e) {
                String k = e.properties() == null ? null : e.properties().getProperty(JOB_PROPERTY);
                if (k != null) {
                    for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds())) {
                        stageToTask.put((Integer) stage, Integer.parseInt(k));
                    }
                }
            }

            private GridTask task(int stage) {
                Integer k = stageToTask.get(stage);
                List<GridTask> t = tasks;
                return k == null || k >= t.size() ? null : t.get(k);
            }

            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                GridTask t = task(e.stageId());
                Listener l = listener;
                if (t != null && l != null) {
                    Map<String, String> where = new LinkedHashMap<>();
                    where.put("executor", e.taskInfo().executorId());
                    where.put("host", e.taskInfo().host());
                    l.started(t, where);
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                GridTask t = task(e.stageId());
                Listener l = listener;
                if (t != null && l != null && e.reason() instanceof TaskFailedReason f) {
                    l.retrying(t, e.taskInfo().attemptNumber(), f.toErrorString().lines().findFirst().orElse(""));
                }
            }
        }
    }
}
