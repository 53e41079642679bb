package dgm.vae.dl4j;

import dgm.vae.VaeConfig;
import dgm.vae.VaeModel;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Map;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the Deeplearning4j network of a {@link Dl4jVaeConfig} (one {@code VariationalAutoencoder}
 * layer: encoder d → hidden^layers → (μ, log σ²) of q(z|x) with the identity as DL4J's
 * {@code pzxActivationFunction}, decoder d_z → hidden^layers → (mean, log σ²) of a
 * {@code GaussianReconstructionDistribution} with the identity activation, one sample per row,
 * Xavier initialisation) and copies its parameters into the workbench's {@link VaeModel} of the same
 * architecture, whose float64 code then computes the bounds.
 *
 * <p>DL4J's parameter table ({@code paramTable()}) holds {@code e<l>W} [in×out], {@code e<l>b},
 * {@code pZXMeanW}, {@code pZXMeanb}, {@code pZXLogStd2W}, {@code pZXLogStd2b}, {@code d<l>W},
 * {@code d<l>b}, {@code pXZW} [hidden × 2d] and {@code pXZb}; every layer computes x·W + b, as the
 * workbench's {@code Dense} does, and the pXZ output is [mean_1..d, log σ²_1..d], as the workbench's
 * {@code GaussianDecoder} reads it. The copy: {@code encoder.l} ← e<l> (l &lt; layers),
 * {@code encoder.<layers>} ← [pZXMean | pZXLogStd2] side by side, {@code decoder.l} ← d<l>,
 * {@code decoder.<layers>} ← pXZ. The decoder's variance gets no floor (min_scale 0): DL4J's
 * Gaussian has none.
 */
public final class Dl4jNetworks {
    private Dl4jNetworks() {
    }

    public static DataType dataType(Dl4jVaeConfig c) {
        return c.dtype().equals("float") ? DataType.FLOAT : DataType.DOUBLE;
    }

    static Activation activation(String name) {
        return switch (name) {
            case "relu" -> Activation.RELU;
            case "leaky_relu" -> Activation.LEAKYRELU;   // DL4J's default slope 0.01, the workbench's too
            case "tanh" -> Activation.TANH;
            case "elu" -> Activation.ELU;                 // α = 1 in both
            case "softplus" -> Activation.SOFTPLUS;
            case "identity" -> Activation.IDENTITY;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
        };
    }

    /**
     * A fresh network: parameters initialised by DL4J from {@code seed}, trained (by
     * {@code MultiLayerNetwork.pretrainLayer}) with {@code updater} and, if {@code clip} &gt; 0, DL4J's
     * gradient normalisation {@code ClipL2PerLayer} at that threshold (the VAE is the network's only
     * layer, so the clipped norm is that of the whole gradient).
     */
    public static MultiLayerNetwork create(Dl4jVaeConfig c, long seed, IUpdater updater, double clip) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c, seed, updater, clip));
        net.init();
        return net;
    }

    /** A network holding {@code params} (DL4J's flattened parameter vector, as {@code net.params()} gives it). */
    public static MultiLayerNetwork withParameters(Dl4jVaeConfig c, double[] params) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c, 0, new Adam(1e-3), 0));
        INDArray p = Nd4j.create(params, new long[] {1, params.length}, DataType.DOUBLE).castTo(dataType(c));
        net.init(p, true);
        return net;
    }

    static MultiLayerConfiguration configuration(Dl4jVaeConfig c, long seed, IUpdater updater, double clip) {
        int[] sizes = new int[c.layers()];
        java.util.Arrays.fill(sizes, c.hidden());
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(dataType(c)).updater(updater).weightInit(WeightInit.XAVIER);
        if (clip > 0) {
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(clip);
        }
        return b.list()
                .layer(new VariationalAutoencoder.Builder()
                        .nIn(c.dimension()).nOut(c.latent())
                        .encoderLayerSizes(sizes).decoderLayerSizes(sizes)
                        .activation(activation(c.activation())).pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                        .numSamples(1)
                        .build())
                .build();
    }

    /** DL4J's flattened parameters in float64. */
    public static double[] parameters(MultiLayerNetwork net) {
        return net.params().castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** The workbench's VAE of this architecture (Gaussian decoder without a variance floor), at zero parameters. */
    public static VaeModel workbenchVae(String id, Dl4jVaeConfig c) {
        return new VaeModel(id, new VaeConfig(c.dimension(), c.latent(), c.hidden(), c.layers(), c.activation(),
                "gaussian", 0, 0.0), new Rng(0));
    }

    /** Copies the parameters of DL4J's VAE layer (its {@code paramTable()}) into {@code vae}, as the class comment says. */
    public static void copy(Map<String, INDArray> table, Dl4jVaeConfig c, VaeModel vae) {
        ParamBuffer pb = vae.params();
        int L = c.layers();
        for (int l = 0; l < L; l++) {
            put(pb, "encoder." + l + ".W", table.get("e" + l + "W"), null);
            put(pb, "encoder." + l + ".b", table.get("e" + l + "b"), null);
            put(pb, "decoder." + l + ".W", table.get("d" + l + "W"), null);
            put(pb, "decoder." + l + ".b", table.get("d" + l + "b"), null);
        }
        put(pb, "encoder." + L + ".W", table.get("pZXMeanW"), table.get("pZXLogStd2W"));
        put(pb, "encoder." + L + ".b", table.get("pZXMeanb"), table.get("pZXLogStd2b"));
        put(pb, "decoder." + L + ".W", table.get("pXZW"), null);
        put(pb, "decoder." + L + ".b", table.get("pXZb"), null);
    }

    /** Writes a [rows×cols] array (or a bias vector), and {@code right} beside it if given, into the slot row-major. */
    private static void put(ParamBuffer pb, String slot, INDArray left, INDArray right) {
        ParamBuffer.Slot s = pb.slots().stream().filter(x -> x.name().equals(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the workbench VAE has no parameter " + slot));
        if (left == null) {
            throw new IllegalStateException("DL4J's VAE layer has no parameter for " + slot);
        }
        double[][] a = matrix(left);
        double[][] b = right == null ? null : matrix(right);
        int rows = a.length;
        int cols = a[0].length + (b == null ? 0 : b[0].length);
        if (rows * cols != s.size()) {
            throw new IllegalStateException(slot + ": DL4J gives " + rows + "×" + cols + ", the workbench expects "
                    + s.size() + " values");
        }
        double[] v = pb.values();
        for (int i = 0; i < rows; i++) {
            int o = s.offset() + i * cols;
            System.arraycopy(a[i], 0, v, o, a[i].length);
            if (b != null) {
                System.arraycopy(b[i], 0, v, o + a[i].length, b[i].length);
            }
        }
    }

    /** A weight matrix as rows, or a bias (any vector shape) as one row; float64. */
    private static double[][] matrix(INDArray x) {
        INDArray d = x.castTo(DataType.DOUBLE);
        if (d.rank() == 2 && d.size(0) > 1) {
            return d.toDoubleMatrix();
        }
        return new double[][] {d.toDoubleVector()};
    }
}
