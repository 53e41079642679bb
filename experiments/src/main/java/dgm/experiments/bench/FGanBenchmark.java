package dgm.experiments.bench;

import dgm.core.nn.Activation;
import dgm.core.nn.Adam;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.gan.Critic;
import dgm.gan.Divergence;
import dgm.gan.FGan;
import dgm.gan.GeneratorLoss;
import dgm.gan.MlpGenerator;
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
 * One f-GAN training step as {@link dgm.gan.FGanTrainer}'s alternating method with k = 1 takes it
 * (REFERENCE §5, row {@code fgan_step}, PyTorch 4.4 ms): KL divergence, generator 2→128→128→2 and
 * critic 2→128→128→1 (ReLU), batch 256 of data and of noise, Adam (β₁ = 0.5) on each network,
 * gradient-norm clipping at 10; one critic update (zero, F̂ and ∂(−F̂)/∂ω, clip, Adam) then one
 * generator update on fresh noise (zero, the alternative loss −mean g_f(V(G(z))) and ∂/∂θ, clip,
 * Adam). Data is a ring of eight Gaussians (radius 2, σ 0.2); data and noise batches are drawn in
 * the set-up (16 of each, seeded) and cycled through.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FGanBenchmark {
    private static final int BATCHES = 16;

    @Param({"256"})
    public int batch;

    @Param({"128"})
    public int hidden;

    private FGan gan;
    private Adam adamG;
    private Adam adamC;
    private double[][] xs;
    private double[][] zc;
    private double[][] zg;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        Rng rng = new Rng(1);
        double[][] data = new double[10_000][2];
        for (double[] r : data) {
            double a = 2 * Math.PI * rng.nextInt(8) / 8;
            r[0] = 2 * Math.cos(a) + 0.2 * rng.gaussian();
            r[1] = 2 * Math.sin(a) + 0.2 * rng.gaussian();
        }
        MlpGenerator g = new MlpGenerator(2, 2, hidden, 2, Activation.RELU);
        Critic c = new Critic(2, hidden, 2, Activation.RELU);
        g.initialize(rng);
        c.initialize(rng);
        gan = new FGan(Divergence.KL, g, c);
        xs = BenchData.batches(data, BATCHES, batch, 3);
        zc = new double[BATCHES][batch * 2];
        zg = new double[BATCHES][batch * 2];
        for (int b = 0; b < BATCHES; b++) {
            for (int q = 0; q < batch * 2; q++) {
                zc[b][q] = rng.gaussian();
                zg[b][q] = rng.gaussian();
            }
        }
        adamG = new Adam(0.5, 0.999, 1e-8, 0.0);
        adamC = new Adam(0.5, 0.999, 1e-8, 0.0);
        next = 0;
    }

    /** @return F̂ + L_G (JMH sinks it) */
    @Benchmark
    public double step(CpuTime cpu) {
        cpu.calls++;
        int b = next;
        next = (next + 1) & (BATCHES - 1);
        ParamBuffer pc = gan.critic().params();
        ParamBuffer pg = gan.generator().params();
        pc.zeroGrad();
        double f = gan.criticStep(xs[b], batch, zc[b], batch);
        pc.clipGradNorm(10);
        adamC.step(pc, 2e-4);
        pg.zeroGrad();
        double lg = gan.generatorStep(zg[b], batch, GeneratorLoss.ALTERNATIVE);
        pg.clipGradNorm(10);
        adamG.step(pg, 2e-4);
        return f + lg;
    }
}
