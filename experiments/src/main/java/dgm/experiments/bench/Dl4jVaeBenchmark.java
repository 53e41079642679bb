package dgm.experiments.bench;

import dgm.core.data.DigitsDataset;
import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
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
 * What a JVM user would pick instead of the workbench's VAE (row {@code dl4j_vae_step}, beside
 * {@code vae_step}): Deeplearning4j's own {@code VariationalAutoencoder} layer, the sizes of
 * {@link VaeBenchmark} (the digits scaled to [0, 1], encoder 64→256→256, an 8-dimensional latent
 * with its mean and log-variance, decoder 8→256→256→64 Bernoulli logits, ReLU), Adam (1e-3), one
 * sample per row, trained by the layer's own unsupervised fit ({@code MultiLayerNetwork.pretrainLayer}
 * on a batch of 128 digits: the ELBO, its gradient, one Adam update). Batches are cut beforehand
 * from one shuffle of the 1797 digits and taken in turn. {@code dtype}: DL4J's default float32, or
 * float64 as the workbench trains. ND4J runs with the workbench's thread settings (one OpenMP and
 * one BLAS thread), as everything in this JVM; DL4J does not standardise the encoder's input (the
 * workbench's VAE does; a 64×128 affine map, negligible here).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Dl4jVaeBenchmark {
    @Param({"float", "double"})
    public String dtype;

    private static final int BATCH = 128;

    private MultiLayerNetwork net;
    private final List<INDArray> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        DataType type = "float".equals(dtype) ? DataType.FLOAT : DataType.DOUBLE;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(2).dataType(type).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new VariationalAutoencoder.Builder()
                        .nIn(64).nOut(8)
                        .encoderLayerSizes(256, 256).decoderLayerSizes(256, 256)
                        .activation(Activation.RELU).pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .numSamples(1)
                        .build())
                .build();
        net = new MultiLayerNetwork(conf);
        net.init();
        double[][] raw = DigitsDataset.rawImages();
        int[] order = new Rng(3).permutation(raw.length);
        for (int start = 0; start + BATCH <= raw.length; start += BATCH) {
            double[][] b = new double[BATCH][64];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < 64; j++) {
                    b[i][j] = raw[order[start + i]][j] / 16.0;
                }
            }
            batches.add(Nd4j.create(b).castTo(type));
        }
    }

    /** One unsupervised step of the VAE layer; returns its score (the negative ELBO per row). */
    @Benchmark
    public double step(CpuTime cpu) {
        cpu.calls++;
        net.pretrainLayer(0, batches.get(next));
        next = (next + 1) % batches.size();
        return net.getLayer(0).score();
    }
}
