package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dgm.core.metrics.MmdTest.assertMessage;
import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrecisionRecallDensityCoverageTest {

    @Test
    void handComputedCaseK1() {
        // real {0, 1, 3}, fake {0.5, 10, 11}, k = 1.
        // real radii (to the nearest other real): 0 -> 1, 1 -> 1, 3 -> 2; balls [-1,1], [0,2], [1,5]
        // fake radii: 0.5 -> 9.5, 10 -> 1, 11 -> 1;                 balls [-9,10], [9,11], [10,12]
        // real balls containing each fake: 0.5 -> 2 ([-1,1], [0,2]); 10 -> 0; 11 -> 0
        //   precision = 1/3, density = (2 + 0 + 0)/(1·3) = 2/3
        // coverage: 0 has 0.5 within 1 (yes); 1 has 0.5 within 1 (yes); 3 has no fake within 2 -> 2/3
        // recall: every real lies in the fake ball [-9,10] around the outlier-ish 0.5 -> 1
        //   (the inflated recall that Naeem et al. criticise)
        PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(column(0, 1, 3),
                column(0.5, 10, 11), 1, 100, new Rng(1));
        assertEquals(1.0 / 3, r.precision().value(), 1e-15);
        assertEquals(1.0, r.recall().value(), 1e-15);
        assertEquals(2.0 / 3, r.density().value(), 1e-15);
        assertEquals(2.0 / 3, r.coverage().value(), 1e-15);
        assertEquals(3, r.precision().n());
        assertEquals(3, r.coverage().n());
        assertEquals(Kind.ESTIMATE, r.density().kind());
        // expected coverage for identical distributions, N = M = 3, k = 1: 1 − (3−1)/(6−1) = 3/5
        assertEquals(0.6, r.expectedCoverageIfIdentical(), 1e-15);
    }

    @Test
    void ballsAreClosed() {
        // real {0, 1}, k = 1: both radii 1. Fake {2, 2.5} (fake radii 0.5): 2 is at distance exactly 1
        // from real 1, so it lies in the closed ball: precision 1/2, density (1 + 0)/2 = 1/2; coverage:
        // real 1 has fake 2 at distance 1 <= 1 (yes), real 0 has none within 1 -> 1/2.
        PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(column(0, 1), column(2, 2.5),
                1, 100, new Rng(1));
        assertEquals(0.5, r.precision().value(), 1e-15);
        assertEquals(0.5, r.density().value(), 1e-15);
        assertEquals(0.5, r.coverage().value(), 1e-15);
        assertEquals(0.0, r.recall().value(), 1e-15);
    }

    /** Against a direct transcription of the four formulas on full distance matrices. */
    @Test
    void matchesTheDefinitionsOnRandomData() {
        for (int d : new int[] {2, 30}) {
            Rng rng = new Rng(d);
            double[][] real = gaussian(rng, 70, d);
            double[][] fake = gaussian(rng, 50, d, 0.5, 1.2);
            int k = 5;
            double[] rr = radii(real, k);
            double[] fr = radii(fake, k);
            double precision = 0;
            double density = 0;
            for (double[] f : fake) {
                int c = 0;
                for (int i = 0; i < real.length; i++) {
                    c += dist(f, real[i]) <= rr[i] ? 1 : 0;
                }
                precision += c > 0 ? 1 : 0;
                density += c;
            }
            precision /= fake.length;
            density /= (double) k * fake.length;
            double recall = 0;
            double coverage = 0;
            for (int i = 0; i < real.length; i++) {
                boolean rec = false;
                double nearestFake = Double.POSITIVE_INFINITY;
                for (int j = 0; j < fake.length; j++) {
                    rec |= dist(real[i], fake[j]) <= fr[j];
                    nearestFake = Math.min(nearestFake, dist(real[i], fake[j]));
                }
                recall += rec ? 1 : 0;
                coverage += nearestFake <= rr[i] ? 1 : 0;
            }
            recall /= real.length;
            coverage /= real.length;
            PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(real, fake, k, 1000, new Rng(1));
            assertEquals(precision, r.precision().value(), 1e-15, "d=" + d);
            assertEquals(recall, r.recall().value(), 1e-15, "d=" + d);
            assertEquals(density, r.density().value(), 1e-12, "d=" + d);
            assertEquals(coverage, r.coverage().value(), 1e-15, "d=" + d);
        }
    }

    private static double[] radii(double[][] a, int k) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double[] ds = new double[a.length - 1];
            int c = 0;
            for (int j = 0; j < a.length; j++) {
                if (j != i) {
                    ds[c++] = dist(a[i], a[j]);
                }
            }
            Arrays.sort(ds);
            out[i] = ds[k - 1];
        }
        return out;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += (a[t] - b[t]) * (a[t] - b[t]);
        }
        return Math.sqrt(s);
    }

    /**
     * docs/metrics.md and Naeem et al.: for two samples of one distribution E[density] = 1 and E[coverage] =
     * 1 − Π(N−i)/(N+M−i) ≈ 1 − 2^−5 ≈ 0.97 whatever the dimension, while precision and recall drop in
     * high dimension. In 64-D the density of one data set scatters by about ±0.1 (hubs), so five
     * replicates are averaged there.
     */
    @Test
    void identicalDistributionsGiveDensityOneAndCoverageNearNinetySeven() {
        Rng rng = new Rng(9);
        PrecisionRecallDensityCoverage.Result r2 = PrecisionRecallDensityCoverage.compute(gaussian(rng, 1000, 2),
                gaussian(rng, 1000, 2), rng);
        assertEquals(1 - 999.0 / 1999 * 998 / 1998 * 997 / 1997 * 996 / 1996 * 995 / 1995, r2.expectedCoverageIfIdentical(), 1e-15);
        assertEquals(1.0, r2.density().value(), 0.06, r2.toString());
        assertEquals(r2.expectedCoverageIfIdentical(), r2.coverage().value(), 0.02, r2.toString());
        assertTrue(r2.precision().value() > 0.95 && r2.recall().value() > 0.95, r2.toString());

        int reps = 5;
        double[] density = new double[reps];
        double[] coverage = new double[reps];
        double[] precision = new double[reps];
        double[] recall = new double[reps];
        double expected = Double.NaN;
        for (int q = 0; q < reps; q++) {
            PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(gaussian(rng, 500, 64),
                    gaussian(rng, 500, 64), rng);
            density[q] = r.density().value();
            coverage[q] = r.coverage().value();
            precision[q] = r.precision().value();
            recall[q] = r.recall().value();
            expected = r.expectedCoverageIfIdentical();
        }
        String what = "64-D: density " + Arrays.toString(density) + " coverage " + Arrays.toString(coverage);
        assertEquals(1.0, Estimate.mean(density, Kind.ESTIMATE).value(), 0.15, what);
        assertEquals(expected, Estimate.mean(coverage, Kind.ESTIMATE).value(), 0.02, what);
        assertTrue(Estimate.mean(precision, Kind.ESTIMATE).value() < 0.85, "precision falls in 64-D: " + Arrays.toString(precision));
        assertTrue(Estimate.mean(recall, Kind.ESTIMATE).value() < 0.85, "recall falls in 64-D: " + Arrays.toString(recall));
    }

    @Test
    void shiftedAndCollapsedModelsMoveTheRightNumbers() {
        Rng rng = new Rng(10);
        double[][] real = gaussian(rng, 1000, 2);
        PrecisionRecallDensityCoverage.Result shifted = PrecisionRecallDensityCoverage.compute(real,
                gaussian(rng, 1000, 2, 2.0, 1), rng);
        // Coverage is the mover for a shift (half the real balls lose their fakes). Density barely moves:
        // with small balls it estimates ∫ q·(p/q) = 1 wherever the supports overlap, and Gaussians overlap
        // everywhere; it drops only by the fakes that land beyond the real sample's reach.
        assertTrue(shifted.coverage().value() < 0.7, shifted.toString());
        assertTrue(shifted.density().value() < 0.95 && shifted.recall().value() < 0.95, shifted.toString());
        // a collapsed model: all mass in a small region near the mode -> high fidelity, low diversity
        PrecisionRecallDensityCoverage.Result collapsed = PrecisionRecallDensityCoverage.compute(real,
                gaussian(rng, 1000, 2, 0, 0.2), rng);
        assertTrue(collapsed.precision().value() > 0.95, collapsed.toString());
        assertTrue(collapsed.density().value() > 0.9, "fidelity stays high: " + collapsed);
        assertTrue(collapsed.coverage().value() < 0.25 && collapsed.recall().value() < 0.3, collapsed.toString());
    }

    @Test
    void sameSeedSameNumbersAndBadInputs() {
        Rng data = new Rng(11);
        double[][] real = gaussian(data, 60, 3);
        double[][] fake = gaussian(data, 50, 3);
        assertEquals(PrecisionRecallDensityCoverage.compute(real, fake, 5, 40, new Rng(2)),
                PrecisionRecallDensityCoverage.compute(real, fake, 5, 40, new Rng(2)));
        assertEquals(40, PrecisionRecallDensityCoverage.compute(real, fake, 5, 40, new Rng(2)).nReal());
        assertMessage("at least 6", () -> PrecisionRecallDensityCoverage.compute(real, gaussian(data, 5, 3), data));
        assertMessage("NaN", () -> PrecisionRecallDensityCoverage.compute(real, new double[][] {{0, 0, Double.NaN}}, data));
        assertMessage("dimension mismatch", () -> PrecisionRecallDensityCoverage.compute(real, gaussian(data, 9, 2), data));
        assertMessage("empty", () -> PrecisionRecallDensityCoverage.compute(real, new double[0][], data));
    }
}
