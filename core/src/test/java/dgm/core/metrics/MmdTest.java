package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmdTest {

    @Test
    void handComputedCaseIsNegative() {
        // x = {0, 1}, y = {0, 2} in 1-D, h = 1, k(a,b) = exp(-(a-b)^2/2):
        //   XX: k(0,1) = e^-1/2, averaged over the 2 ordered pairs -> e^-1/2
        //   YY: k(0,2) = e^-2                                     -> e^-2
        //   XY: k(0,0) + k(0,2) + k(1,0) + k(1,2) = 1 + e^-2 + 2 e^-1/2, over 4 -> (1 + e^-2 + 2e^-1/2)/4
        //   MMD²_u = e^-1/2 + e^-2 - 2 (1 + e^-2 + 2e^-1/2)/4 = e^-2/2 - 1/2 = -0.4323323583816936
        double expected = Math.exp(-2) / 2 - 0.5;
        double[][] x = column(0, 1);
        double[][] y = column(0, 2);
        assertEquals(expected, Mmd.unbiased(x, y, 1.0), 1e-15);
        Mmd.Result r = Mmd.testAtBandwidths(x, y, new double[] {1.0}, 0, 100, new Rng(1));
        assertEquals(expected, r.bandwidths().get(0).mmd2().value(), 1e-15);
        assertEquals(Kind.ESTIMATE, r.bandwidths().get(0).mmd2().kind());
        assertTrue(Double.isNaN(r.bandwidths().get(0).mmd2().standardError()), "SE needs >= 4 points per sample");
        assertTrue(Double.isNaN(r.bandwidths().get(0).pValue()), "no permutations, no p-value");
    }

    @Test
    void medianHeuristicByHand() {
        // pooled {0, 1, 3, 7}: pairwise distances 1, 3, 7, 2, 6, 4 -> sorted 1 2 3 4 6 7 -> median (3+4)/2
        assertEquals(3.5, Mmd.medianDistance(column(0, 1), column(3, 7), 1000, new Rng(1)), 0);
        Mmd.Result r = Mmd.test(column(0, 1), column(3, 7), Mmd.Options.defaults().withPermutations(0), new Rng(1));
        assertEquals(3.5, r.medianBandwidth(), 0);
        assertEquals(3.5 / 16, r.atMultiplier(1.0 / 16).bandwidth(), 0);
    }

    @Test
    void onePassEngineMatchesTextbookSumsAtEveryBandwidth() {
        Rng rng = new Rng(11);
        double[][] x = gaussian(rng, 37, 3);
        double[][] y = gaussian(rng, 23, 3, 0.7, 1.3); // unequal sizes
        Mmd.Result r = Mmd.test(x, y, new Rng(12));
        assertEquals(37, r.nX());
        assertEquals(23, r.nY());
        assertEquals(7, r.bandwidths().size());
        for (Mmd.Bandwidth b : r.bandwidths()) {
            double direct = Mmd.unbiased(x, y, b.bandwidth());
            assertEquals(direct, b.mmd2().value(), 1e-11 * Math.max(1e-3, Math.abs(direct)), "h = " + b.bandwidth());
            assertEquals(60, b.mmd2().n());
        }
    }

    @Test
    void sameDistributionGivesValuesWithinAFewStandardErrorsOfZero() {
        Rng rng = new Rng(21);
        double[][] x = gaussian(rng, 300, 2);
        double[][] y = gaussian(rng, 300, 2);
        Mmd.Result r = Mmd.test(x, y, new Rng(22));
        for (Mmd.Bandwidth b : r.bandwidths()) {
            double se = b.mmd2().standardError();
            assertTrue(se > 0, "SE at " + b.multiplier());
            assertTrue(Math.abs(b.mmd2().value()) < 4 * se, b.toString());
            assertTrue(b.pValue() >= 1.0 / 201 && b.pValue() <= 1, b.toString());
        }
        assertTrue(r.atMedian().pValue() > 0.05, r.atMedian().toString());
        assertTrue(r.aggregatedPValue() > 0.05, "aggregated p = " + r.aggregatedPValue());
    }

    @Test
    void shiftedDistributionIsDetected() {
        Rng rng = new Rng(31);
        double[][] x = gaussian(rng, 300, 2);
        double[][] y = gaussian(rng, 300, 2, 0.5, 1);
        Mmd.Result r = Mmd.test(x, y, new Rng(32));
        Mmd.Bandwidth med = r.atMedian();
        // Closed form for N(0,I) vs N(0.5 e1, I) in 2-D: 2 (h²/(h²+2)) (1 − exp(−0.25/(2(h²+2)))).
        double h2 = med.bandwidth() * med.bandwidth();
        double exact = 2 * (h2 / (h2 + 2)) * (1 - Math.exp(-0.25 / (2 * (h2 + 2))));
        assertTrue(Math.abs(med.mmd2().value() - exact) < 3 * med.mmd2().standardError(), med + " vs exact " + exact);
        assertTrue(med.mmd2().value() > 2 * med.mmd2().standardError(), med.toString());
        assertEquals(1.0 / 201, med.pValue(), 1e-15, "no permutation reaches the observed statistic");
        assertEquals(1.0 / 201, r.aggregatedPValue(), 1e-15);
    }

    /**
     * docs/metrics.md: every mode of 8gaussians 1.5× too wide. At n = 500 the median bandwidth does not
     * see it, a bandwidth of the order of the mode width does.
     */
    @Test
    void tooWideModesAreMissedByTheMedianBandwidthButNotBySmallOnes() {
        Rng rng = new Rng(101);
        double[][] x = TestSamples.eightGaussians(rng, 500, 1.0);
        double[][] y = TestSamples.eightGaussians(rng, 500, 1.5);
        Mmd.Result r = Mmd.test(x, y, new Rng(8));
        System.out.printf("8gaussians, modes 1.5x too wide, n=500: h_med=%.3f; median-bandwidth MMD2=%.2e (SE %.1e) p=%.3f;"
                        + " h_med/8: MMD2=%.2e (SE %.1e) p=%.3f; h_med/16: p=%.3f; aggregated p=%.3f%n",
                r.medianBandwidth(), r.atMedian().mmd2().value(), r.atMedian().mmd2().standardError(),
                r.atMedian().pValue(), r.atMultiplier(0.125).mmd2().value(),
                r.atMultiplier(0.125).mmd2().standardError(), r.atMultiplier(0.125).pValue(),
                r.atMultiplier(0.0625).pValue(), r.aggregatedPValue());
        assertTrue(r.atMultiplier(0.125).pValue() <= 0.01);
        assertTrue(r.atMultiplier(0.0625).pValue() <= 0.01);
        assertTrue(r.aggregatedPValue() <= 0.01);
        assertTrue(r.atMedian().pValue() > 0.05, "the median bandwidth is expected to miss this (docs/metrics.md)");
    }

    /**
     * Unbiasedness and the standard error, by simulation: 400 independent pairs of samples (n = 40).
     * Null: the mean of MMD²_u is 0 within its Monte Carlo error. Alternative N(0,I) vs N(μe₁,I) in
     * 2-D: the mean equals the closed form MMD² = 2 (h²/(h²+2))^{d/2} (1 − exp(−μ²/(2(h²+2)))).
     * The reported SE matches the spread of the estimates under the alternative (root-mean-square
     * SE / sd within 15%) and is conservative, never optimistic, under the null (ratio 0.95–1.5).
     */
    @Test
    void unbiasedAndStandardErrorCalibratedBySimulation() {
        double[] h = {0.25, 1.0, 4.0};
        int reps = 400;
        int n = 40;
        for (double mu : new double[] {0.0, 0.8}) {
            Rng rng = new Rng(mu == 0 ? 41 : 42);
            double[][] v = new double[h.length][reps];
            double[] seSq = new double[h.length];
            for (int q = 0; q < reps; q++) {
                Mmd.Result r = Mmd.testAtBandwidths(gaussian(rng, n, 2), gaussian(rng, n, 2, mu, 1), h, 0, n, rng);
                for (int b = 0; b < h.length; b++) {
                    v[b][q] = r.bandwidths().get(b).mmd2().value();
                    seSq[b] += Math.pow(r.bandwidths().get(b).mmd2().standardError(), 2) / reps;
                }
            }
            for (int b = 0; b < h.length; b++) {
                double h2 = h[b] * h[b];
                double exact = 2 * (h2 / (h2 + 2)) * (1 - Math.exp(-mu * mu / (2 * (h2 + 2))));
                Estimate mean = Estimate.mean(v[b], Kind.ESTIMATE);
                String what = "mu=" + mu + " h=" + h[b] + ": mean " + mean + ", exact " + exact;
                assertTrue(Math.abs(mean.value() - exact) < 4 * mean.standardError(), what);
                double sd = mean.standardError() * Math.sqrt(reps);
                double ratio = Math.sqrt(seSq[b]) / sd;
                if (mu == 0) {
                    assertTrue(ratio > 0.95 && ratio < 1.5, what + ", rms SE / sd = " + ratio);
                } else {
                    assertTrue(ratio > 0.85 && ratio < 1.15, what + ", rms SE / sd = " + ratio);
                }
            }
        }
    }

    /** Under P = Q the permutation p-values are (super-)uniform: P(p ≤ 0.1) ≈ 0.1, for one bandwidth and the max. */
    @Test
    void permutationTestHoldsItsLevel() {
        Rng rng = new Rng(51);
        int reps = 150;
        int rejectMedian = 0;
        int rejectAggregated = 0;
        for (int q = 0; q < reps; q++) {
            Mmd.Result r = Mmd.test(gaussian(rng, 20, 2), gaussian(rng, 20, 2), Mmd.Options.defaults().withPermutations(99), rng);
            rejectMedian += r.atMedian().pValue() <= 0.1 ? 1 : 0;
            rejectAggregated += r.aggregatedPValue() <= 0.1 ? 1 : 0;
            assertEquals(0, Math.IEEEremainder(r.atMedian().pValue() * 100, 1), 1e-9, "p is a multiple of 1/(P+1)");
        }
        // Binomial(150, 0.1): mean 15, sd 3.7.
        assertTrue(rejectMedian >= 4 && rejectMedian <= 27, "median-bandwidth rejections at 10%: " + rejectMedian);
        assertTrue(rejectAggregated >= 4 && rejectAggregated <= 27, "aggregated rejections at 10%: " + rejectAggregated);
    }

    @Test
    void sameSeedSameNumbersAndLargeInputsAreSubsampled() {
        Rng data = new Rng(61);
        double[][] x = gaussian(data, 90, 2);
        double[][] y = gaussian(data, 70, 2, 0.3, 1);
        Mmd.Options o = Mmd.Options.defaults().withMaxPerSample(50).withPermutations(50);
        Mmd.Result a = Mmd.test(x, y, o, new Rng(5));
        Mmd.Result b = Mmd.test(x, y, o, new Rng(5));
        assertEquals(a, b);
        assertEquals(50, a.nX());
        assertEquals(50, a.nY());
        assertEquals(100, a.atMedian().mmd2().n());
        Mmd.Result c = Mmd.test(x, y, o, new Rng(6));
        assertNotEquals(a.atMedian().mmd2().value(), c.atMedian().mmd2().value(), "another seed, another subsample");
    }

    @Test
    void badInputsAreRejectedWithTheProblemNamed() {
        Rng rng = new Rng(1);
        double[][] ok = gaussian(rng, 5, 2);
        assertMessage("NaN", () -> Mmd.test(ok, new double[][] {{0, 1}, {Double.NaN, 0}}, rng));
        assertMessage("dimension mismatch", () -> Mmd.test(ok, gaussian(rng, 5, 3), rng));
        assertMessage("empty", () -> Mmd.test(new double[0][], ok, rng));
        assertMessage("row 1 has dimension 1", () -> Mmd.test(ok, new double[][] {{0, 1}, {2}}, rng));
        assertMessage("at least 2", () -> Mmd.test(ok, new double[][] {{0, 1}}, rng));
        assertMessage("Infinity", () -> Mmd.unbiased(ok, new double[][] {{0, 1}, {Double.POSITIVE_INFINITY, 0}}, 1));
        assertMessage("all pooled points coincide", () -> Mmd.test(new double[][] {{1, 1}, {1, 1}},
                new double[][] {{1, 1}, {1, 1}}, rng));
        assertMessage("positive", () -> Mmd.unbiased(ok, ok, 0));
        assertMessage("rng", () -> Mmd.test(ok, ok, null));
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
