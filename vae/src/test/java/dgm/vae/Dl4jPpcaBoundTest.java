package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MonteCarlo;
import dgm.core.rng.Rng;
import dgm.vae.dl4j.Dl4jNetworks;
import dgm.vae.dl4j.Dl4jVaeConfig;
import dgm.vae.dl4j.Dl4jVaeModel;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * dl4j-vae's bound on a model whose log p(x) is known: {@link PpcaBoundTest}'s probabilistic PCA
 * (z ~ N(0, I₂), x = W z + b + N(0, σ² I₃)) written into the parameters of DL4J's VAE layer with
 * identity activations (one 2-wide layer each side; the decoder's log-variance weights zero, its
 * bias log σ²). With the exact posterior every L_k equals log p(x); with a perturbed encoder the
 * bound stays below log p(x) and tightens as k grows.
 */
class Dl4jPpcaBoundTest {
    static final double[] ZERO = {0, 0, 0};
    static final double[] ONE = {1, 1, 1};

    static Dl4jVaeModel ppca(double meanFactor, double logVarShift) {
        Dl4jVaeConfig c = new Dl4jVaeConfig(3, 2, 2, 1, "identity", "double");
        MultiLayerNetwork net = Dl4jNetworks.create(c, 1, new Adam(1e-3), 0);
        Map<String, INDArray> t = net.getLayer(0).paramTable();
        t.values().forEach(a -> a.assign(0));
        double[] u = PpcaBoundTest.S;
        for (int j = 0; j < 2; j++) {
            double cj = meanFactor * u[j] / (u[j] * u[j] + PpcaBoundTest.SIGMA2);
            double bias = 0;
            for (int i = 0; i < 3; i++) {
                t.get("e0W").putScalar(new long[] {i, j}, cj * PpcaBoundTest.U[i][j]);
                bias -= cj * PpcaBoundTest.U[i][j] * PpcaBoundTest.B[i];
            }
            t.get("e0b").putScalar(j, bias);
            t.get("pZXMeanW").putScalar(new long[] {j, j}, 1.0);
            t.get("pZXLogStd2b").putScalar(j, Math.log(PpcaBoundTest.SIGMA2 / (u[j] * u[j] + PpcaBoundTest.SIGMA2)) + logVarShift);
            t.get("d0W").putScalar(new long[] {j, j}, 1.0);
            for (int q = 0; q < 3; q++) {
                t.get("pXZW").putScalar(new long[] {j, q}, PpcaBoundTest.U[q][j] * u[j]);
            }
        }
        for (int q = 0; q < 3; q++) {
            t.get("pXZb").putScalar(q, PpcaBoundTest.B[q]);
            t.get("pXZb").putScalar(3 + q, Math.log(PpcaBoundTest.SIGMA2));
        }
        return Dl4jVaeModel.of("dl4j-vae", c, net, ZERO, ONE);
    }

    @Test
    void withTheExactPosteriorEveryBoundEqualsLogPExactly() {
        Dl4jVaeModel m = ppca(1, 0);
        double[][] x = PpcaBoundTest.ppcaData(50, new Rng(1));
        for (int k : new int[] {1, 7, 500}) {
            double[] lb = m.lowerBound(x, k, new Rng(2));
            for (int i = 0; i < x.length; i++) {
                assertEquals(PpcaBoundTest.logMarginal(x[i]), lb[i], 1e-9 * (1 + Math.abs(lb[i])), "k=" + k + " row " + i);
            }
        }
    }

    @Test
    void withAPerturbedEncoderTheBoundStaysAboveTheExactNllAndTightensWithK() {
        Dl4jVaeModel m = ppca(0.6, 0.8);
        int n = 400;
        double[][] x = PpcaBoundTest.ppcaData(n, new Rng(4));
        int[] ks = {1, 10, 100};
        double[][] gap = new double[ks.length][n];
        for (int a = 0; a < ks.length; a++) {
            double[] lb = m.lowerBound(x, ks[a], new Rng(10 + a));
            for (int i = 0; i < n; i++) {
                gap[a][i] = PpcaBoundTest.logMarginal(x[i]) - lb[i];   // −L_k − (−log p): the bound's excess NLL
            }
            assertTrue(MonteCarlo.mean(gap[a]) > -3 * MonteCarlo.standardError(gap[a]),
                    "k=" + ks[a] + ": −L_k below the exact NLL by " + -MonteCarlo.mean(gap[a]));
        }
        assertTrue(MonteCarlo.mean(gap[0]) > 0.2, "ELBO gap " + MonteCarlo.mean(gap[0]));
        for (int a = 1; a < ks.length; a++) {
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) {
                diff[i] = gap[a - 1][i] - gap[a][i];
            }
            assertTrue(MonteCarlo.mean(diff) > 3 * MonteCarlo.standardError(diff), "k=" + ks[a - 1] + " → " + ks[a]);
        }
    }
}
