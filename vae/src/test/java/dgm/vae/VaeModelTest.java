package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MonteCarlo;
import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class VaeModelTest {

    /** A small nonlinear VAE at a generic random point, standardised on its data. */
    static VaeModel randomVae(String decoder, int d, int levels, long seed) {
        VaeModel m = VaeTesting.model(d, 2, 16, 2, "tanh", decoder, levels, 0.05, seed);
        VaeTesting.randomize(m, seed + 1, 0.4);
        return m;
    }

    /** L_1 (log-weight form) and the analytic-KL ELBO estimate the same expectation (the order in k: LatentVariableModelContract). */
    @Test
    void theLogWeightElboAgreesWithTheAnalyticKlElbo() {
        VaeModel m = randomVae("gaussian", 3, 0, 1);
        double[][] x = VaeTesting.data("gaussian", 300, 3, 0, new Rng(2));
        m.fitStandardisation(x);
        VaeModel.ElboTerms t = m.elboTerms(x, 200, new Rng(7));
        double[] diff = new double[x.length];
        double[] l1 = m.lowerBound(x, 1, new Rng(8));
        for (int i = 0; i < x.length; i++) {
            diff[i] = l1[i] - t.elbo()[i];
        }
        assertEquals(0, MonteCarlo.mean(diff), 4 * MonteCarlo.standardError(diff));
    }

    @Test
    void analyticKlAgreesWithMonteCarlo() {
        VaeModel m = randomVae("gaussian", 3, 0, 3);
        double[][] x = VaeTesting.data("gaussian", 20, 3, 0, new Rng(4));
        VaeModel.Posterior q = m.encode(x);
        VaeModel.ElboTerms t = m.elboTerms(x, 1, new Rng(5));
        double[] perDim = m.klPerDimension(x);
        double sumPerDim = perDim[0] + perDim[1];
        assertEquals(MonteCarlo.mean(t.kl()), sumPerDim, 1e-12);
        Rng rng = new Rng(6);
        int s = 200_000;
        for (int i = 0; i < x.length; i++) {
            // KL(q‖p) = E_q[log q(z) − log p(z)]
            double[] terms = new double[s];
            for (int r = 0; r < s; r++) {
                double v = 0;
                for (int j = 0; j < 2; j++) {
                    double mu = q.mean()[i][j];
                    double sd = Math.exp(0.5 * q.logVariance()[i][j]);
                    double e = rng.gaussian();
                    double z = mu + sd * e;
                    v += -0.5 * e * e - Math.log(sd) + 0.5 * z * z;
                }
                terms[r] = v;
            }
            assertEquals(MonteCarlo.mean(terms), t.kl()[i], 5 * MonteCarlo.standardError(terms) + 1e-9, "row " + i);
        }
    }

    @Test
    void activeUnitsCountOnlyDimensionsWhosePosteriorMeanVaries() {
        VaeModel m = PpcaBoundTest.ppca(1, 0);
        double[][] x = PpcaBoundTest.ppcaData(500, new Rng(1));
        assertEquals(2, m.activeUnits(x, 0.01));
        // kill unit 1's dependence on x: its posterior mean is then constant, the unit inactive
        for (int i = 0; i < 3; i++) {
            VaeTesting.set(m, "encoder.0.W", i * 4 + 1, 0.0);
        }
        double[] a = m.activity(x);
        assertEquals(0.0, a[1], 1e-20);
        assertTrue(a[0] > 0.5, "unit 0: " + a[0]);
        assertEquals(1, m.activeUnits(x, 0.01));
    }

    @Test
    void theGaussianDecoderKeepsTheBoundInDataSpace() {
        // rescaling the data by c with a refitted standardisation shifts log p by exactly −d·log c
        VaeModel m = randomVae("gaussian", 3, 0, 9);
        double[][] x = VaeTesting.data("gaussian", 40, 3, 0, new Rng(10));
        m.fitStandardisation(x);
        double[] lb = m.lowerBound(x, 20, new Rng(11));
        double c = 10;
        double[][] y = new double[x.length][3];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                y[i][j] = c * x[i][j];
            }
        }
        m.fitStandardisation(y);
        double[] lbY = m.lowerBound(y, 20, new Rng(11));
        for (int i = 0; i < x.length; i++) {
            assertEquals(lb[i] - 3 * Math.log(c), lbY[i], 1e-9);
        }
    }

    @Test
    void eachDecoderIsNormalised() {
        Rng rng = new Rng(12);
        double[] shift = {3.0};
        double[] scale = {2.5};
        // discretised logistic: Σ_v P(v) = 1 over the L levels, i.e. ∫ p(y) dy = 1 over [0, L)
        DiscretisedLogisticDecoder dl = new DiscretisedLogisticDecoder(1, 9, shift, scale, 0.01);
        for (double[] out : new double[][] {{0, 0}, {0.4, -3}, {-2, 1}, {5, -6}, {0.1, 4}}) {
            double total = 0;
            double mean = 0;
            for (int v = 0; v < 9; v++) {
                double p = Math.exp(dl.logLikelihood(out, 0, new double[] {v + rng.uniform()}, 0, null));
                total += p;
                mean += p * (v + 0.5);
            }
            assertEquals(1.0, total, 1e-12);
            double[] m = new double[1];
            dl.mean(out, 0, m, 0);
            assertEquals(mean, m[0], 1e-12);
            assertEquals(Double.NEGATIVE_INFINITY, dl.logLikelihood(out, 0, new double[] {9.0}, 0, null));
            assertEquals(Double.NEGATIVE_INFINITY, dl.logLikelihood(out, 0, new double[] {-0.01}, 0, null));
        }
        // Gaussian: ∫ p(x|z) dx = 1 on a fine grid, with the standardisation in place
        GaussianDecoder g = new GaussianDecoder(1, shift, scale, 0.01);
        double[] out = {0.3, -1.2};
        double total = 0;
        double h = 1e-3;
        for (double t = -30; t < 30; t += h) {
            total += Math.exp(g.logLikelihood(out, 0, new double[] {t + h / 2}, 0, null)) * h;
        }
        assertEquals(1.0, total, 1e-9);
        // Bernoulli: a mass function on {0,1}
        BernoulliDecoder b = new BernoulliDecoder(1);
        assertEquals(1.0, Math.exp(b.logLikelihood(new double[] {0.7}, 0, new double[] {0}, 0, null))
                + Math.exp(b.logLikelihood(new double[] {0.7}, 0, new double[] {1}, 0, null)), 1e-15);
    }

    /**
     * The Bernoulli log-likelihood's fused softplus and sigmoid against the textbook formulas with
     * StrictMath.log1p, over logits from −700 to 700 (and ±0, tiny ones): the value within a few
     * ulps of the sum's terms, the gradient x − σ(l) bit for bit.
     */
    @Test
    void bernoulliLikelihoodMatchesTheStableFormulaToAFewUlps() {
        Rng rng = new Rng(21);
        int d = 2000;
        BernoulliDecoder b = new BernoulliDecoder(d);
        double[] l = new double[d];
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            double scale = j % 4 == 0 ? 700 : j % 4 == 1 ? 40 : j % 4 == 2 ? 1 : 1e-12;
            l[j] = scale * (2 * rng.uniform() - 1);
            x[j] = j % 3 == 0 ? 0.0 : j % 3 == 1 ? 1.0 : rng.uniform();
        }
        l[0] = 0.0;
        l[1] = -0.0;
        l[2] = Double.MIN_VALUE;
        double[] grad = new double[d];
        double[] g1 = new double[d];
        BernoulliDecoder single = new BernoulliDecoder(1);
        double total = 0;
        double absTerms = 0;
        for (int j = 0; j < d; j++) {
            double softplus = l[j] > 0 ? l[j] + StrictMath.log1p(StrictMath.exp(-l[j]))
                    : StrictMath.log1p(StrictMath.exp(l[j]));
            double term = x[j] * l[j] - softplus;
            total += term;
            absTerms += Math.abs(term);
            // one dimension at offset j: the term alone
            assertEquals(term, single.logLikelihood(l, j, x, j, g1), 4 * Math.ulp(Math.abs(term)) + 4 * Math.ulp(softplus),
                    "l = " + l[j] + ", x = " + x[j]);
            assertEquals(x[j] - dgm.core.nn.Activation.sigmoid(l[j]), g1[j], 0.0, "gradient at l = " + l[j]);
            assertEquals(x[j] * l[j] - dgm.core.nn.Activation.softplus(l[j]), single.logLikelihood(l, j, x, j, null),
                    0.0, "the fused softplus is Activation.softplus at l = " + l[j]);
        }
        assertEquals(total, b.logLikelihood(l, 0, x, 0, grad), 1e-15 * absTerms);
        for (int j = 0; j < d; j++) {
            assertEquals(x[j] - dgm.core.nn.Activation.sigmoid(l[j]), grad[j], 0.0);
        }
    }

    @Test
    void discretisedLogisticSamplesFollowTheirMassFunction() {
        DiscretisedLogisticDecoder dl = new DiscretisedLogisticDecoder(1, 6, new double[] {0}, new double[] {1}, 0.01);
        double[] out = {2.2, 0.3};
        Rng rng = new Rng(13);
        int n = 200_000;
        int[] counts = new int[6];
        double[] y = new double[1];
        for (int i = 0; i < n; i++) {
            dl.sample(out, 0, rng, y, 0);
            assertTrue(y[0] >= 0 && y[0] < 6);
            counts[(int) Math.floor(y[0])]++;
        }
        for (int v = 0; v < 6; v++) {
            double p = Math.exp(dl.logLikelihood(out, 0, new double[] {v + 0.5}, 0, null));
            assertEquals(p, counts[v] / (double) n, 5 * Math.sqrt(p * (1 - p) / n) + 1e-9, "level " + v);
        }
    }

    @Test
    void theBoundDoesNotDependOnHowRowsAreChunked() {
        VaeModel m = randomVae("dlogistic", 4, 17, 30);
        double[][] x = VaeTesting.data("dlogistic", 9, 4, 17, new Rng(31));
        double[] all = m.lowerBound(x, 3000, new Rng(32));
        for (int i = 0; i < x.length; i++) {
            assertTrue(Double.isFinite(all[i]));
        }
        // a row's bound with k = 3000 fills one decoder chunk per row: the result for row 0 alone
        // equals its result in the batch (same noise, drawn first)
        double[] one = m.lowerBound(new double[][] {x[0]}, 3000, new Rng(32));
        assertEquals(all[0], one[0], 1e-12);
    }

    @Test
    void badInputIsRefused() {
        VaeModel m = randomVae("gaussian", 3, 0, 40);
        assertThrows(InputException.class, () -> m.lowerBound(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 5, 4), 10, new Rng(1)));
        assertThrows(InputException.class, () -> m.lowerBound(new double[][] {{1, 2}}, 10, new Rng(1)));
        assertThrows(InputException.class, () -> m.lowerBound(new double[][] {{1, 2, 3}}, 0, new Rng(1)));
        assertThrows(InputException.class, () -> m.encode(new double[][] {{1, 2, 3, 4}}));
        assertEquals(5, m.lowerBound(Arrays2.matrix(new double[5][3]), 10, new Rng(1)).length());
        assertEquals(7, m.sample(7, new Rng(1)).size(0));
        // outside the discretised logistic's support: log p = −∞, honestly
        VaeModel dl = randomVae("dlogistic", 2, 5, 41);
        double[] lb = dl.lowerBound(new double[][] {{5.5, 1}, {1, 1}}, 10, new Rng(2));
        assertEquals(Double.NEGATIVE_INFINITY, lb[0]);
        assertTrue(Double.isFinite(lb[1]));
    }
}
