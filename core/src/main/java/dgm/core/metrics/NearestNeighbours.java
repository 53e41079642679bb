package dgm.core.metrics;

import java.util.Arrays;

/**
 * Exact nearest-neighbour searches by brute force over flat row-major arrays, shared by the k-NN
 * based metrics. Each unordered pair is visited once (both points' neighbour lists are updated from
 * one distance), and in dimension above 16 the squared distance is accumulated in blocks of 8
 * coordinates with an early exit once it exceeds every threshold that could still use it (exact:
 * the partial sum only grows). All distances are compared squared, so no square root enters a
 * comparison.
 */
final class NearestNeighbours {
    private static final int EARLY_EXIT_MIN_DIM = 16;

    private NearestNeighbours() {
    }

    /**
     * Squared distance between row i of a and row j of b, or any value &gt; {@code bound} once the
     * partial sum exceeds {@code bound}.
     */
    static double squaredDistance(double[] a, int i, double[] b, int j, int d, double bound) {
        final int ai = i * d;
        final int bj = j * d;
        if (d < EARLY_EXIT_MIN_DIM) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double diff = a[ai + t] - b[bj + t];
                s += diff * diff;
            }
            return s;
        }
        double s = 0;
        int t = 0;
        while (t < d) {
            int end = Math.min(d, t + 8);
            for (; t < end; t++) {
                double diff = a[ai + t] - b[bj + t];
                s += diff * diff;
            }
            if (s > bound) {
                return s;
            }
        }
        return s;
    }

    /**
     * For each of the n points of {@code a}, the squared distance to its k-th nearest <em>other</em>
     * point (the point itself excluded by index; exact duplicates count, at distance 0).
     */
    static double[] kthNeighbourSquaredDistance(double[] a, int n, int d, int k) {
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k must be between 1 and n-1 = " + (n - 1) + ", got " + k);
        }
        final double[] best = new double[n * k]; // per point: the k smallest squared distances, ascending
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            final int oi = i * k;
            double ki = best[oi + k - 1];
            for (int j = i + 1; j < n; j++) {
                final int oj = j * k;
                double kj = best[oj + k - 1];
                double s = squaredDistance(a, i, a, j, d, Math.max(ki, kj));
                if (s < ki) {
                    insert(best, oi, k, s);
                    ki = best[oi + k - 1];
                }
                if (s < kj) {
                    insert(best, oj, k, s);
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = best[i * k + k - 1];
        }
        return out;
    }

    private static void insert(double[] best, int off, int k, double s) {
        int p = off + k - 1;
        while (p > off && best[p - 1] > s) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = s;
    }

    /** For each of the nq rows of q, the squared distance to its nearest row of ref. */
    static double[] nearestSquaredDistance(double[] q, int nq, double[] ref, int nr, int d) {
        double[] out = new double[nq];
        for (int i = 0; i < nq; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < nr; j++) {
                double s = squaredDistance(q, i, ref, j, d, best);
                if (s < best) {
                    best = s;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * For each of the n points of {@code z}, all other points at the minimum distance from it (its
     * nearest neighbours, several only in case of exact ties), as indices in increasing order.
     */
    static int[][] nearestNeighbourSets(double[] z, int n, int d) {
        if (n < 2) {
            throw new IllegalArgumentException("nearest neighbours need at least 2 points, got " + n);
        }
        final double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        final int[][] ties = new int[n][];
        final int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            double bi = best[i];
            for (int j = i + 1; j < n; j++) {
                double bj = best[j];
                double s = squaredDistance(z, i, z, j, d, Math.max(bi, bj));
                if (s <= bi) {
                    if (s < bi) {
                        best[i] = bi = s;
                        count[i] = 0;
                    }
                    ties[i] = add(ties[i], count[i]++, j);
                }
                if (s <= bj) {
                    if (s < bj) {
                        best[j] = s;
                        count[j] = 0;
                    }
                    ties[j] = add(ties[j], count[j]++, i);
                }
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOf(ties[i], count[i]);
            Arrays.sort(out[i]);
        }
        return out;
    }

    private static int[] add(int[] list, int size, int v) {
        if (list == null) {
            list = new int[2];
        } else if (size == list.length) {
            list = Arrays.copyOf(list, 2 * size);
        }
        list[size] = v;
        return list;
    }
}
