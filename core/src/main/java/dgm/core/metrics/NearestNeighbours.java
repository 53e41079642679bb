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

    /** From this dimension on, {@link #nearestSquaredDistance} screens candidates with matrix products. */
    static final int PRODUCT_MIN_DIM = 32;
    /** Query × reference pairs below which the plain loop is used whatever the dimension. */
    static final long PRODUCT_MIN_PAIRS = 1L << 20;
    private static final int QUERY_BLOCK = 128;
    private static final int REF_BLOCK = 2048;

    /**
     * For each of the nq rows of q, the squared distance to its nearest row of ref: exactly the
     * minimum over ref of {@link #squaredDistance} (the loop's value, bit for bit), however it is
     * found. In dimension ≥ {@value #PRODUCT_MIN_DIM} the candidates are screened by matrix
     * products: with q̃, r̃ centred at the mean of ref, ‖q̃ − r̃‖² ≈ ‖q̃‖² − 2 q̃·r̃ + ‖r̃‖² through
     * {@link dgm.core.nn.Gemm} (on 784-D images about 10× faster than the loop), and a reference row
     * is passed to the exact loop only if its screened value minus a rigorous bound on the rounding
     * of both computations, 8(d + 4)·u·(‖q̃‖² + ‖r̃‖² + value) with u = 2⁻⁵³, is not above the best
     * exact distance found so far. So the result equals the plain loop's for any BLAS.
     */
    static double[] nearestSquaredDistance(double[] q, int nq, double[] ref, int nr, int d) {
        if (d < PRODUCT_MIN_DIM || (long) nq * nr < PRODUCT_MIN_PAIRS) {
            return nearestSquaredDistanceByLoop(q, nq, ref, nr, d);
        }
        double[] centre = new double[d];
        for (int j = 0; j < nr; j++) {
            for (int t = 0; t < d; t++) {
                centre[t] += ref[j * d + t];
            }
        }
        for (int t = 0; t < d; t++) {
            centre[t] /= nr;
        }
        double[] qc = centred(q, nq, d, centre);
        double[] qNorm = rowNorms(qc, nq, d);
        double[] best = new double[nq];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        final double unit = 8.0 * (d + 4) * 0x1p-53;
        double[] rt = new double[d * REF_BLOCK];
        double[] rNorm = new double[REF_BLOCK];
        double[] dots = new double[QUERY_BLOCK * REF_BLOCK];
        double[] qb = new double[QUERY_BLOCK * d];
        for (int r0 = 0; r0 < nr; r0 += REF_BLOCK) {
            int rows = Math.min(REF_BLOCK, nr - r0);
            // this block of ref, centred and transposed to [d × rows]
            for (int j = 0; j < rows; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double v = ref[(r0 + j) * d + t] - centre[t];
                    rt[t * rows + j] = v;
                    s += v * v;
                }
                rNorm[j] = s;
            }
            for (int q0 = 0; q0 < nq; q0 += QUERY_BLOCK) {
                int qs = Math.min(QUERY_BLOCK, nq - q0);
                System.arraycopy(qc, q0 * d, qb, 0, qs * d);
                dgm.core.nn.Gemm.mul(qb, rt, 0, dots, qs, d, rows);
                for (int i = 0; i < qs; i++) {
                    int qi = q0 + i;
                    int off = i * rows;
                    // the block's screened minimum first, so the bound is tight before the scan
                    int first = 0;
                    double firstValue = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < rows; j++) {
                        double a = qNorm[qi] - 2 * dots[off + j] + rNorm[j];
                        dots[off + j] = a;
                        if (a < firstValue) {
                            firstValue = a;
                            first = j;
                        }
                    }
                    double b = best[qi];
                    double e = squaredDistance(q, qi, ref, r0 + first, d, b);
                    if (e < b) {
                        b = e;
                    }
                    for (int j = 0; j < rows; j++) {
                        double a = dots[off + j];
                        double margin = unit * (qNorm[qi] + rNorm[j] + Math.abs(a));
                        if (a - margin <= b && j != first) {
                            double s = squaredDistance(q, qi, ref, r0 + j, d, b);
                            if (s < b) {
                                b = s;
                            }
                        }
                    }
                    best[qi] = b;
                }
            }
        }
        return best;
    }

    /** {@link #nearestSquaredDistance} by the plain loop over every pair. */
    static double[] nearestSquaredDistanceByLoop(double[] q, int nq, double[] ref, int nr, int d) {
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

    private static double[] centred(double[] a, int n, int d, double[] centre) {
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                out[i * d + t] = a[i * d + t] - centre[t];
            }
        }
        return out;
    }

    private static double[] rowNorms(double[] a, int n, int d) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += a[i * d + t] * a[i * d + t];
            }
            out[i] = s;
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
