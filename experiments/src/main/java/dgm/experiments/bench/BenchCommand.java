package dgm.experiments.bench;

import dgm.core.InputException;
import dgm.core.nn.Engine;
import dgm.experiments.Workbench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code workbench bench}: runs the JMH benchmarks and writes DIR/jmh.json (JMH's JSON),
 * DIR/summary.csv ({@code benchmark,ms_per_op}), DIR/summary.md (the table against PyTorch) and
 * the JMH logs under DIR/logs/.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks (forked, warmed up, seeded) and write DIR/jmh.json (JMH's JSON),",
            "DIR/summary.csv (benchmark,ms_per_op), DIR/summary.md (times against the PyTorch reference of",
            "docs/performance.md, as ratios) and the JMH logs in DIR/logs/.",
            "Row names: realnvp_step, maf_step, nsf_step, glow_step, vae_step, dl4j_vae_step, samediff_realnvp_step, fgan_step,",
            "flow_logprob_10k, flow_sample_10k, vae_iwae_k1000, mmd_10k, knn_two_sample_10k, prdc_10k in the reference configuration;",
            "'/param=value' marks a sweep point; realnvp_step_gemm_only/batch=B is the step's matrix products alone",
            "(summary.md prints the step's time over it).",
            "--quick: a check and a first look (a few minutes); --full (the default): the measurement (about half",
            "an hour on two cores). Forks inherit OMP_NUM_THREADS/OPENBLAS_NUM_THREADS: run through ./workbench,",
            "which sets them. Other processes on the machine slow every number: note the load in summary.md."})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "output folder (must be new or empty unless --force)")
    Path out;

    @Option(names = "--quick", description = "short warm-up and measurement, one fork, small sweeps")
    boolean quick;

    @Option(names = "--full", description = "the measurement: longer iterations, two forks, whole sweeps (default)")
    boolean full;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "only benchmarks whose JMH name (e.g. dgm.experiments.bench.FlowStepBenchmark.step) matches REGEX")
    String include;

    @Option(names = "--list", description = "print the plan (runs, parameters, iterations) and exit without running")
    boolean list;

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Option(names = "--pytorch", paramLabel = "PYTHON", description = "after the benchmarks, time the PyTorch mirror of "
            + "the same work (experiments/reference/, float32, one thread) with this Python, e.g. /usr/bin/python3 with "
            + "python3-torch; summary.md then compares with these times, measured in the same session")
    String python;

    /**
     * Runs {@code bench} on its own, with the exit codes of {@link Workbench} (2 for bad input), for
     * use before it is registered as a subcommand and by the tests:
     * {@code java -cp experiments/target/workbench.jar dgm.experiments.bench.BenchCommand --quick --out DIR}.
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            return Workbench.EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("error: " + ex.getMessage());
            if (ex instanceof InputException) {
                return Workbench.EXIT_USAGE;
            }
            ex.printStackTrace(c.getErr());
            return Workbench.EXIT_FAILURE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (quick && full) {
            throw new InputException("--quick and --full exclude each other; give one (the default is --full)");
        }
        BenchPlan.Mode mode = quick ? BenchPlan.Mode.QUICK : BenchPlan.Mode.FULL;
        List<BenchPlan.Run> plan = BenchPlan.filter(BenchPlan.plan(mode), include);
        if (list) {
            for (BenchPlan.Run r : plan) {
                o.printf(Locale.ROOT, "%s: %s %s; warm-up %d × %.0f s, measurement %d × %.0f s, %d fork(s)%n", r.name(),
                        r.benchmarks(), r.params(), r.warmupIterations(), r.warmupSeconds(), r.measurementIterations(),
                        r.measurementSeconds(), r.forks());
            }
            return Workbench.EXIT_OK;
        }
        if (python != null) {
            PyTorchReference.scripts();
            o.println("pytorch: " + python + " has torch " + PyTorchReference.check(python));
        }
        prepare(out, force);
        return execute(plan, mode.label(), out, o, spec.commandLine().getErr(), python);
    }

    /** Runs the plan and writes the files; the test drives this with a one-trial plan. */
    static int execute(List<BenchPlan.Run> plan, String modeLabel, Path out, PrintWriter o, PrintWriter err) {
        return execute(plan, modeLabel, out, o, err, null);
    }

    /** As {@link #execute(List, String, Path, PrintWriter, PrintWriter)}, then PyTorch with {@code python} when not null. */
    static int execute(List<BenchPlan.Run> plan, String modeLabel, Path out, PrintWriter o, PrintWriter err,
                       String python) {
        Engine engine = Engine.current();
        int threads = engine.threads();
        String omp = System.getenv("OMP_NUM_THREADS");
        String openblas = System.getenv("OPENBLAS_NUM_THREADS");
        if (omp == null || openblas == null) {
            err.println("warning: OMP_NUM_THREADS or OPENBLAS_NUM_THREADS is not set; the benchmark forks inherit this "
                    + "environment (run through ./workbench, which sets both); they still configure " + threads
                    + " native thread(s) from inside");
        }
        double seconds = plan.stream().mapToDouble(BenchPlan.Run::estimatedSeconds).sum();
        o.printf(Locale.ROOT, "bench (%s): %d run(s), about %.0f min at least; results in %s%n", modeLabel, plan.size(),
                seconds / 60, out);
        o.flush();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BenchRunner.Outcome outcome = BenchRunner.run(plan, out.resolve("logs"), engine, o);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path json = out.resolve("jmh.json");
        BenchRunner.writeJson(outcome.results(), json);
        List<BenchSummary.Row> rows = BenchSummary.read(json);
        int cpus = Runtime.getRuntime().availableProcessors();
        Map<String, Double> pytorch = BenchSummary.PYTORCH_MS;
        String pytorchNote = "PyTorch: 1.13, CPU, one thread, same machine and sizes, an earlier session's times "
                + "(docs/performance.md; --pytorch PYTHON measures them in this session).";
        if (python != null && outcome.failure() == null) {
            PyTorchReference.Times t = PyTorchReference.measure(python,
                    rows.stream().map(BenchSummary.Row::benchmark).toList(), o);
            PyTorchReference.write(out.resolve("pytorch.csv"), t);
            pytorch = t.ms();
            pytorchNote = "PyTorch " + t.version() + ": float32, CPU, one thread, the mirror scripts of "
                    + "experiments/reference/ run after the benchmarks in this session (pytorch.csv).";
        }
        String context = String.format(Locale.ROOT,
                "Benchmarks, %s mode, started %s, %d processor(s); load average %.2f before and %.2f after%s. "
                        + "Threads per fork: %d (OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s, chosen by: %s). "
                        + "Engine: %s. "
                        + "JMH average time per op, forked; warm-up, iterations and forks per run are in jmh.json. %s",
                modeLabel, start, cpus, loadBefore, loadAfter,
                Math.max(loadBefore, loadAfter) > cpus - 0.5 ? " (measured under load: other processes shared the cores, so the times are inflated)" : "",
                threads, omp, openblas, System.getenv("OPENBLAS_CORETYPE"),
                System.getProperty("dgm.openblas.coretype.source", "not the launcher (run through ./workbench)"),
                engineSummary(engine), pytorchNote);
        write(out.resolve("summary.csv"), BenchSummary.csv(rows));
        String md = BenchSummary.markdown(rows, context, pytorch);
        write(out.resolve("summary.md"), md);
        o.println();
        o.println(md);
        o.println("wrote " + json + ", " + out.resolve("summary.csv") + ", " + out.resolve("summary.md"));
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return Workbench.EXIT_OK;
    }

    /** The engine for the summary's context line: kind, threshold, resident path, BLAS threads and core. */
    static String engineSummary(Engine engine) {
        Map<String, Object> d = engine.describe();
        return engine.kind() == Engine.Kind.BLAS
                ? String.format(Locale.ROOT, "BLAS for layers of ≥ %s multiply-adds, resident MLP path %s, large products "
                        + "and row passes shared among %s thread(s) (%s), OpenBLAS's own threads %s, OpenBLAS core %s",
                        d.get("native_min_multiply_adds"), Boolean.TRUE.equals(d.get("resident_path")) ? "on" : "off",
                        d.get("threads"), d.get("threads_setting"), d.get("blas_threads"), d.get("blas_core"))
                : "Java loops only";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** An output folder: refused when it is a file, or exists and is not empty unless --force. */
    static void prepare(Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new InputException("--out " + dir + " exists and is a file, not a folder");
            }
            if (Files.isDirectory(dir) && !force) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException("output folder " + dir
                                + " exists and is not empty; choose another --out or pass --force to write into it");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
