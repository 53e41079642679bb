package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
