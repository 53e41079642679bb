package dgm.core.metrics;

import dgm.core.rng.Rng;

/**
 * Input checks and small array utilities shared by the sample-quality metrics. Data are
 * {@code double[][]} with one point per row; internally they are copied into flat row-major
 * arrays so that the distance loops run over contiguous memory.
 */
final class Samples {
    private Samples() {
    }

    /**
     * Checks that {@code a} is a non-empty, rectangular matrix of finite numbers and returns its
     * number of columns.
     *
     * @throws IllegalArgumentException naming {@code name}, the row and the column of the problem
     */
    static int requireFinite(String name, double[][] a) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (a.length == 0) {
            throw new IllegalArgumentException(name + " is empty (no points)");
        }
        if (a[0] == null) {
            throw new IllegalArgumentException(name + " row 0 is null");
        }
        int d = a[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(name + " has dimension 0");
        }
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            if (row == null) {
                throw new IllegalArgumentException(name + " row " + i + " is null");
            }
            if (row.length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has dimension " + row.length
                        + ", but row 0 has dimension " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = row[j];
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException(name + " contains NaN at row " + i + ", column " + j);
                }
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException(name + " contains " + v + " at row " + i + ", column " + j);
                }
            }
        }
        return d;
    }

    /** Checks both inputs and that they have the same dimension, which is returned. */
    static int requireSameDimension(String nameA, double[][] a, String nameB, double[][] b) {
        int da = requireFinite(nameA, a);
        int db = requireFinite(nameB, b);
        if (da != db) {
            throw new IllegalArgumentException("dimension mismatch: " + nameA + " has dimension " + da
                    + ", " + nameB + " has dimension " + db);
        }
        return da;
    }

    static void requireAtLeast(String name, double[][] a, int min, String why) {
        if (a.length < min) {
            throw new IllegalArgumentException(name + " has " + a.length + " point(s); at least " + min
                    + " needed " + why);
        }
    }

    static void requireRng(Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng is null: pass an explicit, seeded Rng");
        }
    }

    /**
     * At most {@code max} rows of {@code a}, chosen uniformly without replacement by a partial
     * Fisher–Yates shuffle driven by {@code rng}; {@code a} itself (no copy, no randomness consumed)
     * when it already has at most {@code max} rows. The chosen rows keep their original order.
     */
    static double[][] subsample(double[][] a, int max, Rng rng) {
        if (max < 1) {
            throw new IllegalArgumentException("maximum sample size must be at least 1, got " + max);
        }
        if (a.length <= max) {
            return a;
        }
        int[] idx = new int[a.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(chosen);
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = a[chosen[i]];
        }
        return out;
    }

    /** Row-major copy of {@code a} (all rows have length {@code d}). */
    static double[] flatten(double[][] a, int d) {
        double[] f = new double[a.length * d];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * d, d);
        }
        return f;
    }

    /** Row-major copy of the rows of {@code a} followed by the rows of {@code b}. */
    static double[] flattenPooled(double[][] a, double[][] b, int d) {
        double[] f = new double[(a.length + b.length) * d];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * d, d);
        }
        int off = a.length * d;
        for (int i = 0; i < b.length; i++) {
            System.arraycopy(b[i], 0, f, off + i * d, d);
        }
        return f;
    }

    /** Squared Euclidean distance between row {@code i} of {@code a} and row {@code j} of {@code b}. */
    static double squaredDistance(double[] a, int i, double[] b, int j, int d) {
        int ai = i * d;
        int bj = j * d;
        double s = 0;
        for (int t = 0; t < d; t++) {
            double diff = a[ai + t] - b[bj + t];
            s += diff * diff;
        }
        return s;
    }
}
