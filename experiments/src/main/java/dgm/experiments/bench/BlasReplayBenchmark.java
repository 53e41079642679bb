package dgm.experiments.bench;

import dgm.core.nn.BlasTrace;
import dgm.core.run.ThreadSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "The time the BLAS calls alone need" (the target of docs/performance.md) for any family's training step: the set-up builds
 * the step benchmark of {@link #model} at {@link #batch} ({@link FlowStepBenchmark},
 * {@link VaeBenchmark} or {@link FGanBenchmark}, reference sizes otherwise), runs three steps to
 * warm it, records the BLAS calls of a fourth ({@link BlasTrace#record}: routine, transposes, sizes,
 * leading dimensions, α, β and which buffer each operand was in), and the measured method makes
 * exactly those calls again ({@link BlasTrace.Replay}) on buffers of its own, one for each buffer
 * the step used, so operands share memory as they did in the step and the calls touch as much of
 * it. Nothing else runs: no copies, activations, losses, clipping or Adam.
 *
 * <p>Row {@code {model}_step_blas_replay/batch=B}; summary.md divides the step's row at the same
 * batch by it. Products the step runs through the Java kernels (below {@code dgm.nn.nativeGemmMin}
 * multiply-adds) make no BLAS call and are left out, so at small batches the replay is not the
 * step's whole matrix work; at batch ≥ 1024 every MLP layer of these models is native, and what
 * stays in Java is glow's 2×2 invertible linear maps (n·4 multiply-adds each).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlasReplayBenchmark {
    /** realnvp, maf, nsf, glow, vae or fgan. */
    @Param({"realnvp"})
    public String model;

    @Param({"1024"})
    public int batch;

    private BlasTrace.Replay replay;

    /** The models whose steps can be replayed. */
    static final List<String> MODELS = List.of("realnvp", "maf", "nsf", "glow", "vae", "fgan");

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        Runnable step = step(model, batch);
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        replay = new BlasTrace.Replay(BlasTrace.record(step), 11);
    }

    /** One training step of the model's step benchmark at this batch, set up. */
    static Runnable step(String model, int batch) {
        CpuTime cpu = new CpuTime();
        switch (model) {
            case "vae" -> {
                VaeBenchmark b = new VaeBenchmark();
                b.batch = batch;
                b.setUp();
                return () -> b.step(cpu);
            }
            case "fgan" -> {
                FGanBenchmark b = new FGanBenchmark();
                b.batch = batch;
                b.hidden = 128;
                b.setUp();
                return () -> b.step(cpu);
            }
            case "realnvp", "maf", "nsf", "glow" -> {
                FlowStepBenchmark b = new FlowStepBenchmark();
                b.model = model;
                b.batch = batch;
                b.hidden = 64;
                b.dim = 2;
                b.setUp();
                return () -> b.step(cpu);
            }
            default -> throw new IllegalArgumentException("model must be one of " + String.join(", ", MODELS)
                    + ", got " + model);
        }
    }

    @Benchmark
    public Object replay(CpuTime cpu) {
        cpu.calls++;
        replay.run();
        return replay;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replay.close();
    }
}
