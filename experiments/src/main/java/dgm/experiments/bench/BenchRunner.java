package dgm.experiments.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import dgm.core.nn.Engine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a {@link BenchPlan} through JMH's {@link Runner} (programmatically: the benchmark list is
 * the {@code META-INF/BenchmarkList} that JMH's annotation processor wrote into the application
 * jar) and writes all runs' results as one JMH JSON file.
 *
 * <p><b>Threads in the forks.</b> Every trial runs in a forked JVM. JMH cannot set a fork's
 * environment ({@code jvmArgsAppend} passes JVM options only), but a fork inherits its parent's
 * environment, so OMP_NUM_THREADS and OPENBLAS_NUM_THREADS must be set in the parent: the
 * {@code ./workbench} launcher exports both (1 unless DGM_THREADS says otherwise). The forks also
 * get {@code -Ddgm.threads} and configure ND4J's and the BLAS's pools from inside through
 * {@link dgm.core.run.ThreadSettings} in each benchmark's set-up, so a direct {@code java -jar}
 * without the variables still runs single-threaded native code (OpenBLAS may then start and park
 * its default pool).
 *
 * <p><b>Engine in the forks.</b> The forks get this JVM's {@link Engine} as explicit system
 * properties ({@link Engine#jvmArguments()}: kind, BLAS threshold, resident path, threads), so
 * {@code -Ddgm.engine=java} or {@code -Ddgm.nn.layerByLayer=true} given to {@code bench} reaches
 * the code it measures.
 */
final class BenchRunner {
    private BenchRunner() {
    }

    /** All results so far, and the failure that stopped the plan early (null if none). */
    record Outcome(List<RunResult> results, RuntimeException failure) {
    }

    static Outcome run(List<BenchPlan.Run> plan, Path logDir, Engine engine, PrintWriter progress) {
        List<RunResult> all = new ArrayList<>();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int k = 0;
        for (BenchPlan.Run run : plan) {
            k++;
            Path log = logDir.resolve(String.format(Locale.ROOT, "%02d-%s.log", k, run.name().replaceAll("[^A-Za-z0-9]+", "-")));
            progress.printf(Locale.ROOT, "[%d/%d] %s: %d configuration(s) × %d fork(s), about %.0f s (JMH log: %s)%n",
                    k, plan.size(), run.name(), run.configurations(), run.forks(), run.estimatedSeconds(), log);
            progress.flush();
            try {
                all.addAll(new Runner(options(run, log, engine)).run());
            } catch (RunnerException | RuntimeException e) {
                return new Outcome(all, new IllegalStateException("the JMH run '" + run.name() + "' failed: " + e.getMessage()
                        + " (see " + log + ")", e));
            }
        }
        return new Outcome(all, null);
    }

    static Options options(BenchPlan.Run run, Path log, Engine engine) {
        OptionsBuilder b = new OptionsBuilder();
        for (String m : run.benchmarks()) {
            b.include("^" + Pattern.quote(m) + "$");
        }
        run.params().forEach((name, values) -> b.param(name, values.toArray(String[]::new)));
        b.warmupIterations(run.warmupIterations())
                .warmupTime(TimeValue.milliseconds(Math.round(run.warmupSeconds() * 1000)))
                .measurementIterations(run.measurementIterations())
                .measurementTime(TimeValue.milliseconds(Math.round(run.measurementSeconds() * 1000)))
                .forks(run.forks())
                .shouldFailOnError(true)
                .jvmArgsAppend(jvmArguments(engine))
                .output(log.toString());
        return b.build();
    }

    /** The forks' JVM options: the engine's settings, headless AWT, quiet logging. */
    static String[] jvmArguments(Engine engine) {
        List<String> a = new java.util.ArrayList<>(engine.jvmArguments());
        a.add("-Djava.awt.headless=true");
        a.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return a.toArray(String[]::new);
    }

    /** Writes the results in JMH's own JSON format (the format of {@code -rf json}). */
    static void writeJson(List<RunResult> results, Path file) {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
