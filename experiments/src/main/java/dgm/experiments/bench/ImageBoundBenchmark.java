package dgm.experiments.bench;

import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.vae.VaeModel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The importance-weighted bound with k = 1000 of 100 seeded 784-dimensional points for the VAE of
 * {@link ImageStepBenchmark} (encoder 784→256→256→16, decoder 8→256→256→2·784, Gaussian), through
 * {@link VaeModel#lowerBound(double[][], int, Rng)} as the evaluator calls it: 100,000 decoder
 * passes; the time is for the 100 (row {@code vae_iwae_k1000/dim=784}). Parameters are the seeded
 * initial ones (the cost does not depend on training).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ImageBoundBenchmark {
    private VaeModel model;
    private double[][] images;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        model = ImageStepBenchmark.vae();
        double[][] data = new Rng(2).gaussian(1000, ImageStepBenchmark.DIM);
        model.fitStandardisation(data);
        images = Arrays.copyOf(data, 100);
    }

    @Benchmark
    public double[] iwae(CpuTime cpu) {
        cpu.calls++;
        return model.lowerBound(images, 1000, new Rng(5));
    }
}
