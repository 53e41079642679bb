package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.MmdTest.assertMessage;
import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearestNeighbourTwoSampleTestTest {

    @Test
    void handComputedCaseWithMixedTies() {
        // x = {0, 1}, y = {2, 3, 10} on a line. Nearest other points:
        //   0 -> 1 (x): right                      credit 1
        //   1 -> 0 (x) and 2 (y) at distance 1     credit 1/2
        //   2 -> 1 (x) and 3 (y) at distance 1     credit 1/2
        //   3 -> 2 (y): right                      credit 1
        //  10 -> 3 (y): right                      credit 1
        // acc = 4/5; x: (1 + 1/2)/2 = 3/4; y: (1/2 + 1 + 1)/3 = 5/6
        // null mean a0 = (2·1 + 3·2)/(5·4) = 2/5; z = (4/5 − 2/5)/√(2/5 · 3/5 / 5) = 1.8257418583505538
        NearestNeighbourTwoSampleTest.Result r = NearestNeighbourTwoSampleTest.test(column(0, 1), column(2, 3, 10), 0,
                100, new Rng(1));
        assertEquals(0.8, r.accuracy().value(), 1e-15);
        assertEquals(0.75, r.accuracyX().value(), 1e-15);
        assertEquals(5.0 / 6, r.accuracyY().value(), 1e-15);
        assertEquals(0.4, r.nullMean(), 1e-15);
        assertEquals(0.4 / Math.sqrt(0.4 * 0.6 / 5), r.zScore(), 1e-12);
        assertEquals(Math.sqrt(0.8 * 0.2 / 5), r.accuracy().standardError(), 1e-15);
        assertEquals(5, r.accuracy().n());
        assertTrue(Double.isNaN(r.pValue()));
    }

    /**
     * The Monte Carlo permutation p-value against the exact one from all C(6,3) = 20 relabellings of a
     * small pool, enumerated here independently of the implementation's credit code.
     */
    @Test
    void permutationPValueMatchesFullEnumeration() {
        double[][] x = column(0, 0.9, 2.5);
        double[][] y = column(1.1, 4, 4.6);
        double[] z = {0, 0.9, 2.5, 1.1, 4, 4.6};
        int[] nn = new int[6];
        for (int i = 0; i < 6; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 6; j++) {
                if (j != i && Math.abs(z[i] - z[j]) < best) {
                    best = Math.abs(z[i] - z[j]);
                    nn[i] = j;
                }
            }
        }
        double observed = accuracy(nn, 0b000111);
        int atLeast = 0;
        int splits = 0;
        for (int mask = 0; mask < 64; mask++) {
            if (Integer.bitCount(mask) == 3) {
                splits++;
                atLeast += accuracy(nn, mask) >= observed - 1e-12 ? 1 : 0;
            }
        }
        double exact = (double) atLeast / splits;
        NearestNeighbourTwoSampleTest.Result r = NearestNeighbourTwoSampleTest.test(x, y, 4000, 100, new Rng(2));
        assertEquals(observed, r.accuracy().value(), 1e-15);
        assertEquals(exact, r.pValue(), 4 * Math.sqrt(exact * (1 - exact) / 4000) + 1.0 / 4001, "exact " + exact);
    }

    private static double accuracy(int[] nn, int xMask) {
        int right = 0;
        for (int i = 0; i < nn.length; i++) {
            boolean li = (xMask >> i & 1) == 1;
            boolean lj = (xMask >> nn[i] & 1) == 1;
            right += li == lj ? 1 : 0;
        }
        return (double) right / nn.length;
    }

    @Test
    void sameDistributionNearNullMeanShiftFarAbove() {
        Rng rng = new Rng(3);
        NearestNeighbourTwoSampleTest.Result same = NearestNeighbourTwoSampleTest.test(gaussian(rng, 500, 2),
                gaussian(rng, 500, 2), new Rng(4));
        assertEquals(499.0 / 999, same.nullMean(), 1e-15); // (n-1)/(2n-1)
        assertTrue(Math.abs(same.accuracy().value() - same.nullMean()) < 3 * same.accuracy().standardError(), same.toString());
        assertTrue(same.pValue() > 0.05, same.toString());
        NearestNeighbourTwoSampleTest.Result shifted = NearestNeighbourTwoSampleTest.test(gaussian(rng, 500, 2),
                gaussian(rng, 500, 2, 1.0, 1), new Rng(4));
        assertTrue(shifted.accuracy().value() > 0.55, shifted.toString()); // Bayes accuracy Φ(1/2) = 0.69; 1-NN is weaker
        assertTrue(shifted.zScore() > 4, shifted.toString());
        assertEquals(1.0 / 201, shifted.pValue(), 1e-15);
    }

    @Test
    void copiesOfTheRealSampleGiveAccuracyZero() {
        Rng rng = new Rng(5);
        double[][] real = gaussian(rng, 300, 2);
        double[][] copies = new double[300][];
        for (int i = 0; i < 300; i++) {
            copies[i] = real[i].clone();
        }
        NearestNeighbourTwoSampleTest.Result r = NearestNeighbourTwoSampleTest.test(real, copies, new Rng(6));
        assertEquals(0.0, r.accuracy().value(), 0, "every point's nearest neighbour is its copy in the other sample");
        assertTrue(r.zScore() < -20);
        assertEquals(1.0, r.pValue(), 0, "the one-sided test for 'distinguishable' does not reject");
    }

    @Test
    void sameSeedSameNumbersSubsamplingAndBadInputs() {
        Rng data = new Rng(7);
        double[][] x = gaussian(data, 80, 2);
        double[][] y = gaussian(data, 60, 2);
        var a = NearestNeighbourTwoSampleTest.test(x, y, 50, 40, new Rng(8));
        assertEquals(a, NearestNeighbourTwoSampleTest.test(x, y, 50, 40, new Rng(8)));
        assertEquals(40, a.nX());
        assertEquals(40, a.nY());
        assertMessage("NaN", () -> NearestNeighbourTwoSampleTest.test(x, new double[][] {{0, Double.NaN}}, data));
        assertMessage("dimension mismatch", () -> NearestNeighbourTwoSampleTest.test(x, gaussian(data, 3, 3), data));
        assertMessage("empty", () -> NearestNeighbourTwoSampleTest.test(new double[0][], y, data));
    }
}
