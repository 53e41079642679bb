package dgm.experiments.bench;

import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.core.train.GradientTrainer;
import dgm.gan.BatchSource;
import dgm.gan.Critic;
import dgm.gan.FGanTrainer;
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
 * One f-GAN training step taken by the training loop itself ({@link GradientTrainer#step} on
 * {@link FGanTrainer}'s objective), the alternating method with k = 1 (docs/performance.md, row
 * {@code fgan_step}): KL divergence, generator 2→128→128→2 and critic 2→128→128→1 (ReLU), batch 256
 * of data and of noise, Adam (β₁ = 0.5) on each network, gradient-norm clipping at 10; one critic
 * update (a shuffled data batch, fresh noise, zero, F̂ and ∂(−F̂)/∂ω, clip, Adam) then one generator
 * update on fresh noise (zero, the alternative loss −mean g_f(V(G(z))) and ∂/∂θ, clip, Adam), with
 * the NaN rule's snapshot of both networks. Data is a ring of eight Gaussians (radius 2, σ 0.2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FGanBenchmark {
    @Param({"256"})
    public int batch;

    @Param({"128"})
    public int hidden;

    private GradientTrainer trainer;

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
        FGan gan = new FGan(Divergence.KL, g, c);
        FGanTrainer.Options o = new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING, GeneratorLoss.ALTERNATIVE,
                Integer.MAX_VALUE, batch, 1, 2e-4, 2e-4, 0.5, "constant", 10, Integer.MAX_VALUE, 2, 0);
        trainer = FGanTrainer.trainer(gan, BatchSource.rows(data, new Rng(3)), BatchSource.rows(data, new Rng(5)), o,
                new Rng(4), new Rng(6));
    }

    /** @return the steps taken (JMH sinks it) */
    @Benchmark
    public long step(CpuTime cpu) {
        cpu.calls++;
        return trainer.step();
    }
}
