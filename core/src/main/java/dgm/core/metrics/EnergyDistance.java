package dgm.core.metrics;

import dgm.core.rng.Rng;

/**
 * Energy distance (Székely &amp; Rizzo, "Energy statistics: a class of statistics based on
 * distances", J. Stat. Planning and Inference 143, 2013; Baringhaus &amp; Franz 2004):
 *
 * <pre>
 *   E(P, Q) = 2 E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖  ≥ 0, with equality iff P = Q,
 *   Ê = 2/(nm) Σ_{i,j} ‖x_i − y_j‖ − 1/(n(n−1)) Σ_{i≠j} ‖x_i − x_j‖ − 1/(m(m−1)) Σ_{i≠j} ‖y_i − y_j‖
 * </pre>
 *
 * The within-sample terms are U-statistics (i ≠ j), so Ê is unbiased for E and, like MMD²_u, can be
 * slightly negative. Ê is exactly MMD²_u with the kernel k(u, v) = −‖u − v‖ (Sejdinovic et al.,
 * Ann. Statist. 41, 2013), so it shares {@link Mmd}'s machinery: the same standard error and
 * permutation test, p = (1 + #{permuted ≥ observed}) / (1 + P). Units: those of the data (a distance).
 *
 * <p>Inputs larger than maxPerSample are subsampled without replacement with the {@link Rng}
 * (order: x, then y, then the permutations); the sizes used are reported.
 */
public final class EnergyDistance {
    public static final int DEFAULT_PERMUTATIONS = 200;
    public static final int DEFAULT_MAX_PER_SAMPLE = 2000;

    private EnergyDistance() {
    }

    /**
     * @param energyDistance Ê (kind ESTIMATE) with its standard error; n = points used (n + m)
     * @param pValue         permutation p-value for P = Q (NaN without permutations)
     * @param permutations   P
     * @param nX             points of x used
     * @param nY             points of y used
     */
    public record Result(Estimate energyDistance, double pValue, int permutations, int nX, int nY) {
    }

    /** With {@value #DEFAULT_PERMUTATIONS} permutations and at most {@value #DEFAULT_MAX_PER_SAMPLE} points per sample. */
    public static Result test(double[][] x, double[][] y, Rng rng) {
        return test(x, y, DEFAULT_PERMUTATIONS, DEFAULT_MAX_PER_SAMPLE, rng);
    }

    public static Result test(double[][] x, double[][] y, int permutations, int maxPerSample, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        Samples.requireAtLeast("x", x, 2, "for the unbiased energy distance");
        Samples.requireAtLeast("y", y, 2, "for the unbiased energy distance");
        Samples.requireRng(rng);
        if (maxPerSample < 4) {
            throw new IllegalArgumentException("maxPerSample must be >= 4, got " + maxPerSample);
        }
        double[][] xs = Samples.subsample(x, maxPerSample, rng);
        double[][] ys = Samples.subsample(y, maxPerSample, rng);
        double[] z = Samples.flattenPooled(xs, ys, d);
        KernelTwoSampleStatistic.Result r = KernelTwoSampleStatistic.compute(z, d, xs.length, ys.length,
                NEGATIVE_DISTANCE, permutations, rng);
        Estimate e = Estimate.estimate(r.value()[0], r.standardError()[0], (long) xs.length + ys.length);
        return new Result(e, r.pValue()[0], permutations, xs.length, ys.length);
    }

    /** Ê on all points by the textbook sums (no subsampling, no randomness); O((n+m)²·d). */
    public static double unbiased(double[][] x, double[][] y) {
        Samples.requireSameDimension("x", x, "y", y);
        Samples.requireAtLeast("x", x, 2, "for the unbiased energy distance");
        Samples.requireAtLeast("y", y, 2, "for the unbiased energy distance");
        int n = x.length;
        int m = y.length;
        double dxy = 0;
        for (double[] a : x) {
            for (double[] b : y) {
                dxy += dist(a, b);
            }
        }
        double dxx = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                dxx += dist(x[i], x[j]);
            }
        }
        double dyy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                dyy += dist(y[i], y[j]);
            }
        }
        return 2 * dxy / ((double) n * m) - 2 * dxx / ((double) n * (n - 1)) - 2 * dyy / ((double) m * (m - 1));
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double diff = a[t] - b[t];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    private static final KernelTwoSampleStatistic.Kernels NEGATIVE_DISTANCE = new KernelTwoSampleStatistic.Kernels() {
        @Override
        public int count() {
            return 1;
        }

        @Override
        public void evaluate(double squaredDistance, double[] out) {
            out[0] = -Math.sqrt(squaredDistance);
        }
    };
}
