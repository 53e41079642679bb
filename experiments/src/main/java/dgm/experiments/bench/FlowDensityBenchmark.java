package dgm.experiments.bench;

import dgm.core.rng.Rng;
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
 * A flow's evaluation paths on 10,000 points, through the same public calls the evaluator uses:
 * the log-density of 10,000 rows ({@link FlowModel#logProb(double[][])}, row {@code flow_logprob_10k},
 * PyTorch: 10.4 ms for the reference RealNVP, docs/performance.md) and sampling 10,000 rows
 * ({@link FlowModel#sampleRows}). The flow is the one of {@link FlowStepBenchmark}'s reference
 * configuration with jittered (non-identity) parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlowDensityBenchmark {
    static final int N = 10_000;

    @Param({"realnvp"})
    public String model;

    @Param({"64"})
    public int hidden;

    @Param({"2"})
    public int dim;

    private FlowModel flow;
    private double[][] points;
    private Rng rng;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        flow = BenchData.flow(model, dim, hidden, 1);
        points = BenchData.points(N, dim, 2);
        rng = new Rng(4);
    }

    @Benchmark
    public double[] logProb10k(CpuTime cpu) {
        cpu.calls++;
        return flow.logProb(points);
    }

    @Benchmark
    public double[][] sample10k(CpuTime cpu) {
        cpu.calls++;
        return flow.sampleRows(N, rng);
    }
}
