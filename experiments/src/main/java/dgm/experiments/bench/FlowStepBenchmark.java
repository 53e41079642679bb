package dgm.experiments.bench;

import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.core.train.GradientTrainer;
import dgm.flow.FlowModel;
import dgm.flow.FlowTrainer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One maximum-likelihood training step of a flow, taken by the training loop itself
 * ({@link GradientTrainer#step} on {@link dgm.flow.FlowTrainer}'s objective): the next shuffled
 * minibatch of 10,000 points, the NaN rule's parameter snapshot, zeroed gradients, mean NLL and its
 * gradient, gradient-norm clipping at 10, one Adam update. Reference configuration
 * (docs/performance.md, row {@code realnvp_step}): realnvp, 4 affine couplings, conditioner
 * 1→64→64→2 (ReLU, tanh-bounded log-scale), d = 2 (two moons), batch 256.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlowStepBenchmark {
    /** realnvp, maf, nsf or glow (any stacked flow of {@link dgm.flow.Architectures}). */
    @Param({"realnvp"})
    public String model;

    @Param({"256"})
    public int batch;

    @Param({"64"})
    public int hidden;

    @Param({"2"})
    public int dim;

    private GradientTrainer trainer;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        FlowModel flow = BenchData.flow(model, dim, hidden, 1);
        trainer = FlowTrainer.trainer(flow, BenchData.points(10_000, dim, 2), null, BenchData.endless(batch, 10), 1e-3, 0.0,
                new Rng(3), null);
    }

    /** @return the steps taken (JMH sinks it; the step's work lands in the trainer's state) */
    @Benchmark
    public long step(CpuTime cpu) {
        cpu.calls++;
        return trainer.step();
    }
}
