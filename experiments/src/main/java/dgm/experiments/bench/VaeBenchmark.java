package dgm.experiments.bench;

import dgm.core.data.DigitsDataset;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.vae.VaeConfig;
import dgm.vae.VaeModel;
import dgm.vae.VaeTrainer;
import dgm.core.train.GradientTrainer;
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
 * The VAE in the reference configuration of docs/performance.md: the 1797 digits scaled to [0, 1] (64 dimensions),
 * encoder 64→256→256→16 (μ and log σ² of an 8-dimensional latent), decoder 8→256→256→64 Bernoulli
 * logits, ReLU, standardised encoder input.
 * <ul>
 *   <li>{@link #step} (row {@code vae_step}): one training step taken by the training loop itself
 *       ({@link GradientTrainer#step} on {@link VaeTrainer}'s objective): the next shuffled batch of
 *       {@link #batch} digits (128), its noise, the NaN rule's snapshot, zeroed gradients, the ELBO
 *       (k = 1, β = 1) and its gradient, gradient-norm clipping at 100, one Adam update;</li>
 *   <li>{@link #iwaeK1000} (row {@code vae_iwae_k1000}): the importance-weighted bound L_1000 of each
 *       of the 359 test digits (index % 5 == 4, the digits data set's test split), i.e. 359,000
 *       decoder passes, through {@link VaeModel#lowerBound(double[][], int, Rng)} as the evaluator
 *       calls it. Parameters are the seeded initial ones (the cost does not depend on training).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VaeBenchmark {
    /** Minibatch size (docs/performance.md, reference configurations: 128). */
    @Param({"128"})
    public int batch;

    private static final int LATENT = 8;

    private VaeModel model;
    private GradientTrainer trainer;
    private double[][] test;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        double[][] raw = DigitsDataset.rawImages();
        double[][] unit = new double[raw.length][64];
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < 64; j++) {
                unit[i][j] = raw[i][j] / 16.0;
            }
        }
        model = new VaeModel("vae", new VaeConfig(64, LATENT, 256, 2, "relu", "bernoulli", 17, 0.01), new Rng(2));
        model.fitStandardisation(unit);
        trainer = VaeTrainer.trainer(model, unit, null, new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 1e-3, 0.0),
                BenchData.endless(batch, 100), new Rng(3), new Rng(4));
        test = new double[359][];
        for (int i = 0; i < test.length; i++) {
            test[i] = unit[5 * i + 4];
        }
    }

    /** @return the steps taken (JMH sinks it) */
    @Benchmark
    public long step(CpuTime cpu) {
        cpu.calls++;
        return trainer.step();
    }

    @Benchmark
    public double[] iwaeK1000(CpuTime cpu) {
        cpu.calls++;
        return model.lowerBound(test, 1000, new Rng(5));
    }
}
