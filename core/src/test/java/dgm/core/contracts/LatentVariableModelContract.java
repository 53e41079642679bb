package dgm.core.contracts;

import static dgm.core.contracts.ContractChecks.assertAllFinite;
import static dgm.core.contracts.MonteCarlo.mean;
import static dgm.core.contracts.ContractChecks.scores;
import static dgm.core.contracts.MonteCarlo.standardError;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.rng.Rng;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link LatentVariableModel} promises beyond {@link GenerativeModelContract} (which a
 * class implementing this runs too), for each subject:
 *
 * <ul>
 *   <li><b>finite</b>: the bounds L_1 (the ELBO) and L_{@value #K} are finite [n] vectors on
 *       held-out points;</li>
 *   <li><b>the bounds tighten with k</b> (Burda et al. 2016, Theorem 1: E L_k ≤ E L_k′ ≤ log q(x)
 *       for k ≤ k′): on the held-out points, mean L_1 &lt; mean L_{@value #K} &lt; mean
 *       L_{@value #K_PRIME}, each beyond Monte Carlo error. Every bound is evaluated with its own
 *       noise ({@value #REPEATS} independent evaluations per point, averaged: the gap of a briefly
 *       fitted VAE can be 0.01 nats against a per-evaluation spread of 0.1), and the per-point
 *       differences of the averages must have a mean above {@value #Z} standard errors — the
 *       standard error taken across points, which is what the paired differences vary over. So
 *       reversing the order fails, and so does a bound that ignores k (a mean difference of 0 passes
 *       3 se with probability 0.13%). The strict order needs an approximate posterior that is not
 *       exact (then E L_k is strictly increasing): any fitted VAE;</li>
 *   <li><b>bad input</b>: points of dimension d + 1 (the message names "dimension d"), a rank-1
 *       array, and k = 0 are {@link InputException}s.</li>
 * </ul>
 */
public interface LatentVariableModelContract extends GenerativeModelContract {

    /** The middle number of importance samples. */
    int K = 8;
    /** The largest number of importance samples. */
    int K_PRIME = 64;
    /** Independent evaluations of each bound per held-out point. */
    int REPEATS = 16;
    /** Standard errors by which each mean difference must exceed 0. */
    double Z = 3;

    @TestFactory
    default Stream<DynamicNode> latentVariableModelContract() {
        return subjects().stream().map(s -> dynamicContainer(s.name(), LatentCases.of(s)));
    }

    /** The cases, one subject at a time. */
    final class LatentCases {
        private LatentCases() {
        }

        static List<DynamicTest> of(ModelSubject s) {
            return List.of(
                    dynamicTest("L_1 and L_" + K + " are finite on held-out points", () -> finite(s)),
                    dynamicTest("mean ELBO < mean L_" + K + " < mean L_" + K_PRIME + " beyond Monte Carlo error",
                            () -> tightens(s)),
                    dynamicTest("wrong dimension or rank and k = 0 are InputExceptions", () -> badInput(s)));
        }

        static LatentVariableModel latent(ModelSubject s) {
            GenerativeModel m = s.model();
            if (!(m instanceof LatentVariableModel lm)) {
                return fail(s + ": the latent-variable contract runs on latent-variable models; this one is "
                        + m.getClass().getName());
            }
            return lm;
        }

        static void finite(ModelSubject s) {
            LatentVariableModel m = latent(s);
            double[][] held = s.heldOut();
            INDArray x = Arrays2.matrix(held);
            for (int k : new int[] {1, K}) {
                assertAllFinite(scores(m.lowerBound(x, k, new Rng(81 + k)), held.length, "L_" + k),
                        s + ": L_" + k + " of held-out points");
            }
        }

        /**
         * Per held-out point, the mean of {@value #REPEATS} independent evaluations of L_k: one call on
         * the points stacked {@value #REPEATS} times (each row gets its own noise).
         */
        static double[] averagedBound(LatentVariableModel m, double[][] held, int k, long seed) {
            int n = held.length;
            double[][] stacked = new double[n * REPEATS][];
            for (int r = 0; r < REPEATS; r++) {
                System.arraycopy(held, 0, stacked, r * n, n);
            }
            double[] l = scores(m.lowerBound(Arrays2.matrix(stacked), k, new Rng(seed)), stacked.length, "L_" + k);
            double[] avg = new double[n];
            for (int j = 0; j < l.length; j++) {
                avg[j % n] += l[j] / REPEATS;
            }
            return avg;
        }

        static void tightens(ModelSubject s) {
            LatentVariableModel m = latent(s);
            double[][] held = s.heldOut();
            int[] ks = {1, K, K_PRIME};
            double[][] l = new double[ks.length][];
            for (int a = 0; a < ks.length; a++) {
                l[a] = averagedBound(m, held, ks[a], 90 + a);
            }
            StringBuilder means = new StringBuilder();
            for (int a = 0; a < ks.length; a++) {
                means.append(" mean L_").append(ks[a]).append(" = ").append(mean(l[a]));
            }
            for (int a = 1; a < ks.length; a++) {
                double[] diff = new double[held.length];
                for (int i = 0; i < held.length; i++) {
                    diff[i] = l[a][i] - l[a - 1][i];
                }
                double md = mean(diff);
                double se = standardError(diff);
                assertTrue(md > Z * se, s + ": mean(L_" + ks[a] + " − L_" + ks[a - 1] + ") = " + md + " ± " + se
                        + " is not above " + Z + " standard errors;" + means);
            }
        }

        static void badInput(ModelSubject s) {
            LatentVariableModel m = latent(s);
            InputException e = assertThrows(InputException.class,
                    () -> m.lowerBound(Arrays2.matrix(new double[3][m.dimension() + 1]), 2, new Rng(1)),
                    s + ": the bound of points of dimension " + (m.dimension() + 1));
            assertTrue(e.getMessage().contains("dimension " + m.dimension()), s + ": the message should name dimension "
                    + m.dimension() + ": " + e.getMessage());
            assertThrows(InputException.class, () -> m.lowerBound(Arrays2.vector(new double[m.dimension()]), 2, new Rng(1)),
                    s + ": the bound of a rank-1 array (a point must be a row of an [n, d] array)");
            assertThrows(InputException.class, () -> m.lowerBound(Arrays2.matrix(s.heldOut()), 0, new Rng(1)),
                    s + ": the bound with k = 0");
        }
    }
}
