package dgm.experiments.bench;

import dgm.core.nn.Adam;
import dgm.core.run.ThreadSettings;
import dgm.flow.FlowModel;
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
 * One maximum-likelihood training step of a flow, exactly as {@link dgm.flow.FlowTrainer} takes it:
 * zero the gradients, mean NLL and its gradient on a minibatch, gradient-norm clipping at 10, one
 * Adam update. Reference configuration (REFERENCE §5, row {@code realnvp_step}): realnvp, 4 affine
 * couplings, conditioner 1→64→64→2 (ReLU, tanh-bounded log-scale), d = 2 (two moons), batch 256.
 *
 * <p>The minibatches are drawn in the set-up (16 of them, seeded) and cycled through, so the
 * measured call does no sampling or copying that the trainer's own loop would not also do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlowStepBenchmark {
    private static final int BATCHES = 16;

    /** realnvp, maf, nsf or glow (any stacked flow of {@link dgm.flow.Architectures}). */
    @Param({"realnvp"})
    public String model;

    @Param({"256"})
    public int batch;

    @Param({"64"})
    public int hidden;

    @Param({"2"})
    public int dim;

    private FlowModel flow;
    private Adam adam;
    private double[][] xs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        flow = BenchData.flow(model, dim, hidden, 1);
        xs = BenchData.batches(BenchData.points(10_000, dim, 2), BATCHES, batch, 3);
        adam = new Adam();
        next = 0;
    }

    /** @return the step's loss (JMH sinks it, so the computation cannot be elided) */
    @Benchmark
    public double step(CpuTime cpu) {
        cpu.calls++;
        double[] x = xs[next];
        next = (next + 1) & (BATCHES - 1);
        flow.params().zeroGrad();
        double loss = flow.meanNllAndGradient(x, batch);
        flow.params().clipGradNorm(10);
        adam.step(flow.params(), 1e-3);
        return loss;
    }
}
