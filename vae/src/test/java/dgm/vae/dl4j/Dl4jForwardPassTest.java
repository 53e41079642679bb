package dgm.vae.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import dgm.core.run.ThreadSettings;
import dgm.vae.VaeModel;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The workbench's float64 copy of DL4J's VAE layer ({@link Dl4jNetworks#copy}) computes what DL4J
 * computes, checked against DL4J's own forward passes on the same input, in float64, at generic
 * parameters (every parameter ~ N(0, 0.3²)) and a non-trivial standardisation, for every offered
 * activation: the encoder's mean against the layer's {@code activate} (the network's output), its
 * log-variance and the decoder's Gaussian parameters against ND4J products of the layer's
 * {@code paramTable()}, the decoder's mean against {@code generateAtMeanGivenZ}, the layer's own
 * training score (its one-sample negative ELBO) against the workbench's on the same noise, and the
 * layer's {@code reconstructionLogProbability} against the workbench's reconstruction term (which it
 * is: the ELBO without its KL, not a bound on log p(x)). Then the k = 1 bound the model reports
 * equals minus an ELBO computed here independently, from DL4J's arrays and DL4J's Gaussian density.
 */
class Dl4jForwardPassTest {
    static final int D = 5;
    static final int DZ = 3;

    @BeforeAll
    static void threads() {
        ThreadSettings.configureDefault();
    }

    /** A network at generic parameters, and its model with the standardisation (shift, scale). */
    static Dl4jVaeModel randomModel(String activation, int layers, long seed, double[] shift, double[] scale) {
        Dl4jVaeConfig c = new Dl4jVaeConfig(D, DZ, 7, layers, activation, "double");
        MultiLayerNetwork net = Dl4jNetworks.create(c, seed, new Adam(1e-3), 0);
        Rng rng = new Rng(seed);
        INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) {
            p.putScalar(i, 0.3 * rng.gaussian());
        }
        return Dl4jVaeModel.of("dl4j-vae", c, net, shift, scale);
    }

    static final double[] SHIFT = {0.5, -1, 2, 0, 3};
    static final double[] SCALE = {2, 0.5, 1.5, 1, 4};

    static double[][] rows(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][D];
        for (double[] r : x) {
            for (int j = 0; j < D; j++) {
                r[j] = SHIFT[j] + SCALE[j] * 1.3 * rng.gaussian();
            }
        }
        return x;
    }

    static INDArray standardised(double[][] x) {
        double[][] s = new double[x.length][D];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < D; j++) {
                s[i][j] = (x[i][j] - SHIFT[j]) / SCALE[j];
            }
        }
        return Nd4j.create(s);
    }

    static org.nd4j.linalg.activations.IActivation act(String name) {
        return Dl4jNetworks.activation(name).getActivationFunction();
    }

    /** The last encoder layer's activations by ND4J products of the layer's parameters. */
    static INDArray encoderHidden(Layer layer, String activation, int layers, INDArray x) {
        Map<String, INDArray> t = layer.paramTable();
        INDArray h = x.dup();
        for (int l = 0; l < layers; l++) {
            h = act(activation).getActivation(h.mmul(t.get("e" + l + "W")).addiRowVector(t.get("e" + l + "b")), false);
        }
        return h;
    }

    /** The decoder's pre-output (mean, log σ²) for latent rows z, by ND4J products of the layer's parameters. */
    static INDArray decoderOut(Layer layer, String activation, int layers, INDArray z) {
        Map<String, INDArray> t = layer.paramTable();
        INDArray h = z.dup();
        for (int l = 0; l < layers; l++) {
            h = act(activation).getActivation(h.mmul(t.get("d" + l + "W")).addiRowVector(t.get("d" + l + "b")), false);
        }
        return h.mmul(t.get("pXZW")).addiRowVector(t.get("pXZb"));
    }

    static void close(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * (1 + Math.abs(expected)), what);
    }

    @Test
    void encoderAndDecoderEqualDl4jsOwnForwardPassForEveryActivation() {
        for (String a : new String[] {"relu", "leaky_relu", "tanh", "elu", "softplus"}) {
            for (int layers : new int[] {1, 2}) {
                Dl4jVaeModel m = randomModel(a, layers, 3, SHIFT, SCALE);
                MultiLayerNetwork net = m.network();
                Layer layer = net.getLayer(0);
                double[][] x = rows(40, 4);
                INDArray xs = standardised(x);
                VaeModel.Posterior post = m.workbenchVae().encode(x);
                // μ: DL4J's own activate (the network's output is the mean of q(z|x))
                INDArray mu = net.output(xs, false);
                INDArray h = encoderHidden(layer, a, layers, xs);
                INDArray lv = h.mmul(layer.paramTable().get("pZXLogStd2W")).addiRowVector(layer.paramTable().get("pZXLogStd2b"));
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < DZ; j++) {
                        close(mu.getDouble(i, j), post.mean()[i][j], 1e-12, a + "/" + layers + " μ[" + i + "][" + j + "]");
                        close(lv.getDouble(i, j), post.logVariance()[i][j], 1e-12, a + " log σ²[" + i + "][" + j + "]");
                    }
                }
                // decoder: DL4J's generateAtMeanGivenZ, in standardised units; the workbench's mean is in data units
                double[][] z = new Rng(5).gaussian(40, DZ);
                INDArray at = ((VariationalAutoencoder) layer).generateAtMeanGivenZ(Nd4j.create(z));
                double[][] mean = m.workbenchVae().decodeMean(z);
                for (int i = 0; i < z.length; i++) {
                    for (int j = 0; j < D; j++) {
                        close(SHIFT[j] + SCALE[j] * at.getDouble(i, j), mean[i][j], 1e-12, a + " E[x|z][" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void theLayersOwnScoreIsTheWorkbenchsNegativeElboOnTheSameNoise() {
        for (String a : new String[] {"relu", "tanh"}) {
            Dl4jVaeModel m = randomModel(a, 2, 8, SHIFT, SCALE);
            MultiLayerNetwork net = m.network();
            net.initGradientsView();
            VariationalAutoencoder layer = (VariationalAutoencoder) net.getLayer(0);
            double[][] x = rows(64, 9);
            INDArray xs = standardised(x);
            // the first random draw of the layer's score is its noise ε [n × d_z]: draw it the same way
            Nd4j.getRandom().setSeed(77);
            INDArray e = Nd4j.randn(DataType.DOUBLE, x.length, DZ);
            double[] eps = e.dup('c').data().asDouble();
            Nd4j.getRandom().setSeed(77);
            layer.setInput(xs, LayerWorkspaceMgr.noWorkspaces());
            layer.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
            double score = layer.score();
            double logJ = 0;
            for (double s : SCALE) {
                logJ += Math.log(s);
            }
            double[] flat = new double[x.length * D];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, flat, i * D, D);
            }
            VaeModel w = m.workbenchVae();
            double negElbo = w.objective(flat, x.length, 1, eps, VaeModel.Objective.ELBO, 1.0, false);
            // DL4J's score is in standardised units: the data-unit density adds −Σ log s per row
            close(score + logJ, negElbo, 1e-11, a + ": the layer's score (+ log-Jacobian) against the workbench's −ELBO");
            // reconstructionLogProbability, on the same noise: the reconstruction term E_q log p(x′|z), not the ELBO
            Nd4j.getRandom().setSeed(77);
            INDArray rec = layer.reconstructionLogProbability(xs, 1);
            double meanRec = rec.meanNumber().doubleValue();
            close(w.lastReconstruction(), meanRec - logJ, 1e-11, a + ": reconstructionLogProbability against the reconstruction term");
            assertTrue(w.lastKl() > 0.1, "KL " + w.lastKl());
            close(meanRec - logJ - w.lastKl(), -negElbo, 1e-11, a + ": reconstructionLogProbability exceeds the ELBO by the KL");
        }
    }

    @Test
    void theK1BoundIsMinusAnElboComputedIndependentlyFromDl4jsArrays() {
        Dl4jVaeModel m = randomModel("tanh", 2, 12, SHIFT, SCALE);
        MultiLayerNetwork net = m.network();
        Layer layer = net.getLayer(0);
        double[][] x = rows(50, 13);
        double[] bound = m.lowerBound(x, 1, new Rng(14));
        // the same noise: lowerBound draws row by row, coordinate by coordinate, from its generator
        Rng rng = new Rng(14);
        double[][] eps = new double[x.length][DZ];
        for (double[] r : eps) {
            for (int j = 0; j < DZ; j++) {
                r[j] = rng.gaussian();
            }
        }
        INDArray xs = standardised(x);
        INDArray mu = net.output(xs, false);
        INDArray lv = encoderHidden(layer, "tanh", 2, xs).mmul(layer.paramTable().get("pZXLogStd2W"))
                .addiRowVector(layer.paramTable().get("pZXLogStd2b"));
        double[][] z = new double[x.length][DZ];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < DZ; j++) {
                z[i][j] = mu.getDouble(i, j) + Math.exp(0.5 * lv.getDouble(i, j)) * eps[i][j];
            }
        }
        INDArray out = decoderOut(layer, "tanh", 2, Nd4j.create(z));
        INDArray negLogP = new GaussianReconstructionDistribution().exampleNegLogProbability(xs, out);
        for (int i = 0; i < x.length; i++) {
            double elbo = -negLogP.getDouble(i);
            for (int j = 0; j < D; j++) {
                elbo -= Math.log(SCALE[j]);
            }
            for (int j = 0; j < DZ; j++) {
                double v = Math.exp(lv.getDouble(i, j));
                // log N(z; 0, 1) − log N(z; μ, σ²)
                elbo += -0.5 * z[i][j] * z[i][j] + 0.5 * Math.pow(z[i][j] - mu.getDouble(i, j), 2) / v + 0.5 * Math.log(v);
            }
            close(elbo, bound[i], 1e-10, "row " + i);
        }
    }

    @Test
    void floatNetworksAreReadIntoFloat64() {
        Dl4jVaeConfig c = new Dl4jVaeConfig(D, DZ, 7, 2, "relu", "float");
        MultiLayerNetwork net = Dl4jNetworks.create(c, 1, new Adam(1e-3), 0);
        Dl4jVaeModel m = Dl4jVaeModel.of("dl4j-vae", c, net, SHIFT, SCALE);
        double[][] x = rows(10, 2);
        INDArray mu = net.output(standardised(x).castTo(DataType.FLOAT), false);
        double[][] w = m.workbenchVae().encode(x).mean();
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < DZ; j++) {
                close(mu.getDouble(i, j), w[i][j], 1e-5, "float32 μ[" + i + "][" + j + "]");
            }
        }
    }
}
