package dgm.experiments.bench;

import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.gan.BatchSource;
import dgm.core.train.GradientTrainer;
import dgm.flow.FlowModel;
import dgm.flow.FlowTrainer;
import dgm.gan.Critic;
import dgm.gan.Divergence;
import dgm.gan.FGan;
import dgm.gan.FGanTrainer;
import dgm.gan.GeneratorLoss;
import dgm.gan.MlpGenerator;
import dgm.vae.VaeConfig;
import dgm.vae.VaeModel;
import dgm.vae.VaeTrainer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training steps and the IWAE bound at image scale (784 dimensions, the size of MNIST-class
 * images), at exactly the sizes of the PyTorch mirror {@code experiments/reference/pytorch_images.py}
 * (docs/performance.md, image scale). Inputs are seeded standard-normal points (the costs do not
 * depend on the data's values); every step is the training loop's own ({@link GradientTrainer#step}).
 * <ul>
 *   <li>{@code maf}: 5 MAF layers, an ActNorm before each, MADE conditioner 784→64→64→2·784 (ReLU),
 *       tanh-bounded log-scale (bound 2), reverse permutations, standard normal base, batch 256,
 *       Adam, gradient-norm clipping at 10 (row {@code maf_step/dim=784});</li>
 *   <li>{@code maf_wide}: the same with a one-hidden-layer MADE 784→512→2·784, batch 128
 *       ({@code maf_step/dim=784,wide});</li>
 *   <li>{@code vae}: encoder 784→256→256→16 (μ and log σ² of an 8-D latent), decoder 8→256→256→2·784
 *       (Gaussian mean and log-scale per pixel), ELBO with k = 1, batch 128, clipping at 100
 *       ({@code vae_step/dim=784});</li>
 *   <li>{@code fgan}: KL, generator 64→256→256→784, critic 784→256→256→1 (ReLU), batch 256, one
 *       critic and one generator update, Adam β₁ = 0.5, clipping at 10 ({@code fgan_step/dim=784});</li>
 * </ul>
 * The row {@code realnvp_step/dim=784} (4 affine couplings, conditioner 784→64→64→2·784, batch
 * 256) is {@link FlowStepBenchmark}'s dimension sweep. {@link ImageBoundBenchmark} times the VAE's IWAE bound at the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ImageStepBenchmark {
    /** The image-scale sizes. */
    static final int DIM = 784;
    /** The works {@link #step} measures. */
    static final List<String> WORKS = List.of("maf", "maf_wide", "vae", "fgan");

    /** The row name of a work: {@code {model}_step/dim=784}, {@code maf_step/dim=784,wide} for the wide MAF. */
    static String rowName(String work) {
        return work.equals("maf_wide") ? "maf_step/dim=784,wide" : work + "_step/dim=784";
    }

    @Param({"maf"})
    public String work;

    private GradientTrainer trainer;
    private VaeModel vae;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        double[][] data = new Rng(2).gaussian(10_000, DIM);
        switch (work) {
            case "maf" -> trainer = flowTrainer("maf", 5, 64, 2, true, data, 256);
            case "maf_wide" -> trainer = flowTrainer("maf", 5, 512, 1, true, data, 128);
            case "vae" -> {
                vae = vae();
                trainer = VaeTrainer.trainer(vae, data, null,
                        new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 1e-3, 0.0),
                        BenchData.endless(128, 100), new Rng(3), new Rng(4));
            }
            case "fgan" -> {
                Rng rng = new Rng(1);
                MlpGenerator g = new MlpGenerator(64, DIM, 256, 2, Activation.RELU);
                Critic c = new Critic(DIM, 256, 2, Activation.RELU);
                g.initialize(rng);
                c.initialize(rng);
                FGanTrainer.Options o = new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING, GeneratorLoss.ALTERNATIVE,
                        Integer.MAX_VALUE, 256, 1, 2e-4, 2e-4, 0.5, "constant", 10, Integer.MAX_VALUE, 2, 0);
                trainer = FGanTrainer.trainer(new FGan(Divergence.KL, g, c), BatchSource.rows(data, new Rng(3)),
                        BatchSource.rows(data, new Rng(5)), o, new Rng(4), new Rng(6));
            }
            default -> throw new IllegalArgumentException("work " + work + " is not one of " + WORKS);
        }
    }

    /** The VAE of {@code vae} (and of {@link #iwae}), seeded initial parameters. */
    static VaeModel vae() {
        return new VaeModel("vae", new VaeConfig(DIM, 8, 256, 2, "relu", "gaussian", 0, 0.01), new Rng(2));
    }

    /** The training loop of {@link BenchData#flow} with these sizes (jittered, no standardisation), Adam, clipping at 10. */
    static GradientTrainer flowTrainer(String id, int layers, int hidden, int depth, boolean actnorm, double[][] data,
                                       int batch) {
        FlowModel flow = BenchData.flow(id, DIM, layers, hidden, depth, actnorm, 1);
        return FlowTrainer.trainer(flow, data, null, BenchData.endless(batch, 10), 1e-3, 0.0, new Rng(3), null);
    }

    /** @return the steps taken (JMH sinks it; the step's work lands in the trainer's state) */
    @Benchmark
    public long step(CpuTime cpu) {
        cpu.calls++;
        return trainer.step();
    }
}
