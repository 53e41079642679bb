package dgm.experiments.bench;

import dgm.core.metrics.Mmd;
import dgm.core.metrics.NearestNeighbourTwoSampleTest;
import dgm.core.metrics.PrecisionRecallDensityCoverage;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
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
 * The O(n²) sample metrics of {@code dgm.core.metrics} at n = 10,000 points per side (no
 * subsampling): MMD² at the eight default bandwidths (median heuristic on 1,000 pooled points,
 * {@code permutations} permutation tests, 0 by default: the permutations multiply the pair pass),
 * the 1-NN two-sample test (C2ST accuracy) and precision/recall/density/coverage with k = 5. Two
 * samples from the same distribution (two moons at d = 2, standard normal otherwise), seeded. Each
 * call is seconds long, so an iteration is usually one call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class MetricsBenchmark {
    static final int N = 10_000;

    @Param({"2"})
    public int dim;

    private double[][] x;
    private double[][] y;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        x = BenchData.points(N, dim, 11);
        y = BenchData.points(N, dim, 12);
    }

    /** MMD's own parameter, in a state of its own so that only mmd10k's results carry it. */
    @State(Scope.Thread)
    public static class MmdSettings {
        /** permutation tests per bandwidth; each multiplies the pass over the pairs */
        @Param({"0"})
        public int permutations;
    }

    @Benchmark
    public Mmd.Result mmd10k(MmdSettings s, CpuTime cpu) {
        cpu.calls++;
        Mmd.Options o = new Mmd.Options(Mmd.defaultMultipliers(), s.permutations, N, Mmd.DEFAULT_MEDIAN_POINTS);
        return Mmd.test(x, y, o, new Rng(5));
    }

    @Benchmark
    public NearestNeighbourTwoSampleTest.Result knnTwoSample10k(CpuTime cpu) {
        cpu.calls++;
        return NearestNeighbourTwoSampleTest.test(x, y, 0, N, new Rng(6));
    }

    @Benchmark
    public PrecisionRecallDensityCoverage.Result prdc10k(CpuTime cpu) {
        cpu.calls++;
        return PrecisionRecallDensityCoverage.compute(x, y, PrecisionRecallDensityCoverage.DEFAULT_K, N, new Rng(7));
    }
}
