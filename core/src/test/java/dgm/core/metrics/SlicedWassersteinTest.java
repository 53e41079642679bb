package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.MmdTest.assertMessage;
import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlicedWassersteinTest {

    @Test
    void oneDimensionalWassersteinByHand() {
        // equal sizes: sorted {0,1} vs {3,4}: (|0-3| + |1-4|)/2 = 3
        assertEquals(3.0, SlicedWasserstein.wasserstein1(new double[] {1, 0}, new double[] {4, 3}), 0);
        // unequal sizes: a = {0,1}, b = {0,1,2}. F = 1/2 on [0,1), 1 after; G = 1/3 on [0,1), 2/3 on [1,2).
        // ∫|F-G| = |1/2-1/3|·1 + |1-2/3|·1 = 1/6 + 1/3 = 1/2
        // (quantiles: u in (1/3,1/2]: 0 vs 1, u in (2/3,1]: 1 vs 2 -> 1/6 + 1/3 = 1/2)
        assertEquals(0.5, SlicedWasserstein.wasserstein1(new double[] {0, 1}, new double[] {2, 0, 1}), 1e-15);
        // a point mass against a two-point sample: {1} vs {0, 4}: (1 + 3)/2 = 2
        assertEquals(2.0, SlicedWasserstein.wasserstein1(new double[] {1}, new double[] {0, 4}), 1e-15);
        // ties across samples: {0,0,1} vs {0,1}: F = 2/3 on [0,1), G = 1/2 -> 1/6
        assertEquals(1.0 / 6, SlicedWasserstein.wasserstein1(new double[] {0, 0, 1}, new double[] {0, 1}), 1e-15);
    }

    @Test
    void unequalSizeMergeAgreesWithTheQuantileIntegralOnReplicatedSamples() {
        // Replicating every point of a sample k times leaves its empirical distribution unchanged, so
        // W1(a, b) with |a| ≠ |b| must equal the equal-size sorted formula on (a repeated |b| times,
        // b repeated |a| times).
        Rng rng = new Rng(3);
        double[] a = new double[7];
        double[] b = new double[5];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.gaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.5 + 2 * rng.gaussian();
        }
        double[] ar = new double[35];
        double[] br = new double[35];
        for (int i = 0; i < 35; i++) {
            ar[i] = a[i % 7];
            br[i] = b[i % 5];
        }
        assertEquals(SlicedWasserstein.wasserstein1(ar, br), SlicedWasserstein.wasserstein1(a, b), 1e-12);
    }

    @Test
    void inOneDimensionEverySliceIsTheDataItself() {
        // directions in 1-D are ±1 and W1 is symmetric under reflection: SW1 = W1, SE 0
        SlicedWasserstein.Result r = SlicedWasserstein.compute(column(0, 1), column(3, 4), 50, new Rng(1));
        assertEquals(3.0, r.sw1().value(), 1e-12);
        assertEquals(0.0, r.sw1().standardError(), 1e-12);
        assertEquals(Kind.ESTIMATE, r.sw1().kind());
    }

    @Test
    void shiftIsMeasuredAndSameDistributionIsSmall() {
        Rng rng = new Rng(4);
        int n = 2000;
        double[][] x = gaussian(rng, n, 2);
        double[][] same = gaussian(rng, n, 2);
        double[][] shifted = gaussian(rng, n, 2, 1.0, 1);
        SlicedWasserstein.Result s0 = SlicedWasserstein.compute(x, same, new Rng(5));
        SlicedWasserstein.Result s1 = SlicedWasserstein.compute(x, shifted, new Rng(5));
        // A shift δ projects to δ|cos θ|, W1 of two equal-shape laws = the shift: E = δ·2/π = 0.6366
        // (plus a small positive finite-sample bias of order 1/√n).
        assertEquals(2 / Math.PI, s1.sw1().value(), 0.04, s1.toString());
        // same distribution: finite-sample bias only, about 0.04 ± 0.01 at n = 2000 (by simulation)
        assertTrue(s0.sw1().value() < 0.1, "same distribution: " + s0);
        assertTrue(s0.sw1().value() > 0, "the plug-in estimate is positive");
        assertEquals(500, s1.directions());
    }

    /** The same-distribution value is the plug-in bias, of order 1/√n: quadrupling n halves it. */
    @Test
    void sameDistributionBiasShrinksLikeOneOverRootN() {
        Rng rng = new Rng(7);
        double[] mean = new double[2];
        int[] sizes = {200, 800};
        for (int s = 0; s < 2; s++) {
            for (int q = 0; q < 20; q++) {
                mean[s] += SlicedWasserstein.compute(gaussian(rng, sizes[s], 2), gaussian(rng, sizes[s], 2), 100, rng)
                        .sw1().value() / 20;
            }
        }
        double ratio = mean[0] / mean[1];
        assertTrue(ratio > 1.6 && ratio < 2.5, "mean SW1 at n=200 / at n=800 = " + ratio);
    }

    @Test
    void sameSeedSameNumbersAndBadInputs() {
        Rng data = new Rng(6);
        double[][] x = gaussian(data, 30, 3);
        double[][] y = gaussian(data, 20, 3);
        assertEquals(SlicedWasserstein.compute(x, y, new Rng(9)), SlicedWasserstein.compute(x, y, new Rng(9)));
        assertTrue(SlicedWasserstein.compute(x, y, new Rng(9)).sw1().value()
                != SlicedWasserstein.compute(x, y, new Rng(10)).sw1().value());
        assertMessage("NaN", () -> SlicedWasserstein.compute(x, new double[][] {{0, 0, Double.NaN}}, data));
        assertMessage("dimension mismatch", () -> SlicedWasserstein.compute(x, gaussian(data, 4, 2), data));
        assertMessage("empty", () -> SlicedWasserstein.compute(x, new double[0][], data));
        assertMessage("non-empty", () -> SlicedWasserstein.wasserstein1(new double[0], new double[] {1}));
        assertMessage("directions", () -> SlicedWasserstein.compute(x, y, 0, data));
    }
}
