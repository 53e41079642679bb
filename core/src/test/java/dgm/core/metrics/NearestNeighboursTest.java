package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast searches against sorting the full distance matrix, in low and high dimension, with duplicates. */
class NearestNeighboursTest {

    private static double[][] dataWithDuplicates(Rng rng, int n, int d) {
        double[][] a = TestSamples.gaussian(rng, n, d);
        a[3] = a[7].clone();          // an exact duplicate
        a[10] = a[7].clone();         // and a triplicate
        return a;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += (a[t] - b[t]) * (a[t] - b[t]);
        }
        return s;
    }

    @Test
    void kthNeighbourMatchesSortedDistances() {
        for (int d : new int[] {1, 2, 40}) {
            Rng rng = new Rng(d);
            double[][] a = dataWithDuplicates(rng, 60, d);
            double[] flat = Samples.flatten(a, d);
            for (int k : new int[] {1, 2, 5}) {
                double[] fast = NearestNeighbours.kthNeighbourSquaredDistance(flat, a.length, d, k);
                for (int i = 0; i < a.length; i++) {
                    double[] ds = new double[a.length - 1];
                    int c = 0;
                    for (int j = 0; j < a.length; j++) {
                        if (j != i) {
                            ds[c++] = sq(a[i], a[j]);
                        }
                    }
                    Arrays.sort(ds);
                    assertEquals(ds[k - 1], fast[i], 0, "d=" + d + " k=" + k + " i=" + i);
                }
            }
            // the duplicated points have a neighbour at distance 0
            assertEquals(0.0, NearestNeighbours.kthNeighbourSquaredDistance(flat, a.length, d, 2)[7], 0);
        }
    }

    /**
     * The product-screened search returns the plain loop's minimum bit for bit, on image-like data
     * (values far from 0, where the expanded form loses most to rounding) with exact duplicates and
     * near-duplicates one rounding step away, across more than one block of references.
     */
    @Test
    void productScreenedNearestEqualsTheLoopBitForBit() {
        int d = 64;
        int nr = 5000;
        int nq = 300;
        assertTrue((long) nq * nr >= NearestNeighbours.PRODUCT_MIN_PAIRS && d >= NearestNeighbours.PRODUCT_MIN_DIM);
        Rng rng = new Rng(7);
        double[] ref = new double[nr * d];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = 200 + 50 * rng.uniform();
        }
        double[] q = new double[nq * d];
        for (int i = 0; i < nq; i++) {
            int src = rng.nextInt(nr);
            for (int t = 0; t < d; t++) {
                double v = ref[src * d + t];
                q[i * d + t] = switch (i % 3) {
                    case 0 -> v;                                   // an exact copy
                    case 1 -> t == 0 ? Math.nextUp(v) : v;          // one ulp away
                    default -> 200 + 50 * rng.uniform();            // a fresh point
                };
            }
        }
        double[] got = NearestNeighbours.nearestSquaredDistance(q, nq, ref, nr, d);
        double[] loop = NearestNeighbours.nearestSquaredDistanceByLoop(q, nq, ref, nr, d);
        for (int i = 0; i < nq; i++) {
            assertEquals(loop[i], got[i], 0, "query " + i);
        }
        assertEquals(0.0, got[0], 0);
        assertTrue(got[1] > 0 && got[1] < 1e-20, "one ulp away: " + got[1]);
    }

    @Test
    void nearestAndTiesMatchBruteForce() {
        for (int d : new int[] {1, 3, 40}) {
            Rng rng = new Rng(100 + d);
            double[][] a = dataWithDuplicates(rng, 50, d);
            double[][] q = TestSamples.gaussian(rng, 20, d);
            q[0] = a[5].clone();
            double[] nearest = NearestNeighbours.nearestSquaredDistance(Samples.flatten(q, d), q.length,
                    Samples.flatten(a, d), a.length, d);
            for (int i = 0; i < q.length; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] r : a) {
                    best = Math.min(best, sq(q[i], r));
                }
                assertEquals(best, nearest[i], 0);
            }
            assertEquals(0.0, nearest[0], 0);

            int[][] sets = NearestNeighbours.nearestNeighbourSets(Samples.flatten(a, d), a.length, d);
            for (int i = 0; i < a.length; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < a.length; j++) {
                    if (j != i) {
                        best = Math.min(best, sq(a[i], a[j]));
                    }
                }
                List<Integer> expected = new ArrayList<>();
                for (int j = 0; j < a.length; j++) {
                    if (j != i && sq(a[i], a[j]) == best) {
                        expected.add(j);
                    }
                }
                assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), sets[i], "i=" + i);
            }
            assertArrayEquals(new int[] {3, 10}, sets[7]);
        }
    }
}
