package dgm.core.metrics;

import dgm.core.rng.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Squared maximum mean discrepancy with Gaussian kernels, unbiased estimator, at several bandwidths
 * at once, with permutation tests (Gretton, Borgwardt, Rasch, Schölkopf, Smola, "A Kernel Two-Sample
 * Test", JMLR 13, 2012, eq. 3 and §5):
 *
 * <pre>
 *   k_h(x, y) = exp(−‖x − y‖² / (2h²))
 *   MMD²_u   = 1/(n(n−1)) Σ_{i≠j} k(x_i,x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i,y_j) − 2/(nm) Σ_{i,j} k(x_i,y_j)
 * </pre>
 *
 * MMD²_u is unbiased for MMD² and therefore <em>can be negative</em>; it is never square-rooted here.
 * Its expectation is 0 exactly when the two distributions are equal (the Gaussian kernel is
 * characteristic).
 *
 * <p><b>Bandwidths.</b> h_med is the median heuristic, the median Euclidean distance between
 * distinct points of the pooled sample (Gretton et al. 2012, §8), computed on at most
 * {@link Options#medianPoints} pooled points drawn with the {@link Rng}. Default multipliers are the
 * powers of two 1/16 … 4 ({@link #defaultMultipliers()}): a factor 2 apart, so some kernel sits
 * within √2 of any length scale from h_med/16 to 4 h_med. The median bandwidth alone is blind to
 * errors at scales much smaller than the spread of the data (e.g. every mode of a mixture too wide,
 * docs/metrics.md); the small bandwidths see them.
 *
 * <p><b>Tests.</b> For each bandwidth a permutation test of P = Q: P random relabellings of the
 * pooled sample, p = (1 + #{permuted ≥ observed}) / (1 + P), which is a valid p-value at any P. The
 * aggregated test over all bandwidths uses max_b of the statistic standardised by its own
 * permutation mean and sd (see {@link KernelTwoSampleStatistic#aggregatedPValue}), calibrated by the
 * same permutations, so looking at many bandwidths costs no multiple-testing correction.
 *
 * <p><b>Standard error.</b> From the U-statistic variance: √(V̂₀ + max(0, V̂₁)), the exact null
 * variance plus the first-order term (see {@link KernelTwoSampleStatistic}). Never below the null SE;
 * conservative near P = Q (about 20–40% too large by simulation), accurate once the distributions
 * clearly differ. NaN when a sample has fewer than 4 points. For deciding whether P = Q use the
 * permutation p-value, not value/SE.
 *
 * <p><b>Cost.</b> One pass over the N(N−1)/2 pairs of the pooled sample (N = n + m) for all
 * bandwidths and permutations together. Inputs larger than {@link Options#maxPerSample} are
 * subsampled without replacement with the {@link Rng}; the sizes used are reported.
 *
 * <p>Randomness is drawn from the given {@link Rng} in this order: subsample of x, subsample of y,
 * subsample for the median, permutations.
 */
public final class Mmd {
    private static final double[] DEFAULT_MULTIPLIERS = {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1, 2, 4};
    public static final int DEFAULT_PERMUTATIONS = 200;
    public static final int DEFAULT_MAX_PER_SAMPLE = 2000;
    public static final int DEFAULT_MEDIAN_POINTS = 1000;

    private Mmd() {
    }

    /** Bandwidth multipliers of h_med used by default: 1/16, 1/8, 1/4, 1/2, 1, 2, 4 (a fresh copy). */
    public static double[] defaultMultipliers() {
        return DEFAULT_MULTIPLIERS.clone();
    }

    /**
     * @param multipliers  bandwidths as multiples of h_med (positive, finite)
     * @param permutations number P of permutations per test (0: no tests, p-values NaN)
     * @param maxPerSample larger samples are subsampled to this size
     * @param medianPoints h_med is computed on at most this many pooled points
     */
    public record Options(double[] multipliers, int permutations, int maxPerSample, int medianPoints) {
        public Options {
            if (multipliers == null || multipliers.length == 0) {
                throw new IllegalArgumentException("at least one bandwidth multiplier is needed");
            }
            multipliers = multipliers.clone();
            for (double c : multipliers) {
                if (!(c > 0) || Double.isInfinite(c)) {
                    throw new IllegalArgumentException("bandwidth multipliers must be positive and finite, got " + c);
                }
            }
            if (permutations < 0) {
                throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
            }
            if (maxPerSample < 4) {
                throw new IllegalArgumentException("maxPerSample must be >= 4, got " + maxPerSample);
            }
            if (medianPoints < 2) {
                throw new IllegalArgumentException("medianPoints must be >= 2, got " + medianPoints);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MULTIPLIERS, DEFAULT_PERMUTATIONS, DEFAULT_MAX_PER_SAMPLE, DEFAULT_MEDIAN_POINTS);
        }

        public Options withPermutations(int p) {
            return new Options(multipliers, p, maxPerSample, medianPoints);
        }

        public Options withMultipliers(double... m) {
            return new Options(m, permutations, maxPerSample, medianPoints);
        }

        public Options withMaxPerSample(int max) {
            return new Options(multipliers, permutations, max, medianPoints);
        }

        @Override
        public double[] multipliers() {
            return multipliers.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options other && Arrays.equals(multipliers, other.multipliers)
                    && permutations == other.permutations && maxPerSample == other.maxPerSample
                    && medianPoints == other.medianPoints;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(multipliers) + permutations * 7 + maxPerSample * 3 + medianPoints;
        }

        @Override
        public String toString() {
            return "Options[multipliers=" + Arrays.toString(multipliers) + ", permutations=" + permutations
                    + ", maxPerSample=" + maxPerSample + ", medianPoints=" + medianPoints + "]";
        }
    }

    /**
     * One bandwidth's result.
     *
     * @param multiplier h / h_med (NaN when the bandwidth was given absolutely)
     * @param bandwidth  h
     * @param mmd2       MMD²_u (kind ESTIMATE; may be negative) with its standard error; n = points used (n + m)
     * @param pValue     permutation p-value for P = Q at this bandwidth (NaN without permutations)
     */
    public record Bandwidth(double multiplier, double bandwidth, Estimate mmd2, double pValue) {
    }

    /**
     * @param nX               points of x used (after subsampling)
     * @param nY               points of y used
     * @param medianBandwidth  h_med (NaN when bandwidths were given absolutely)
     * @param bandwidths       one entry per bandwidth, in the order requested
     * @param aggregatedPValue permutation p-value of the max-over-bandwidths test (NaN without permutations)
     * @param permutations     P
     */
    public record Result(int nX, int nY, double medianBandwidth, List<Bandwidth> bandwidths,
                         double aggregatedPValue, int permutations) {
        public Result {
            bandwidths = List.copyOf(bandwidths);
        }

        /** The entry whose multiplier is 1 (the median heuristic). */
        public Bandwidth atMedian() {
            return atMultiplier(1.0);
        }

        /** The entry with the given multiplier. */
        public Bandwidth atMultiplier(double multiplier) {
            for (Bandwidth b : bandwidths) {
                if (b.multiplier() == multiplier) {
                    return b;
                }
            }
            throw new IllegalArgumentException("no bandwidth with multiplier " + multiplier + " in this result");
        }
    }

    /** {@link #test(double[][], double[][], Options, Rng)} with {@link Options#defaults()}. */
    public static Result test(double[][] x, double[][] y, Rng rng) {
        return test(x, y, Options.defaults(), rng);
    }

    /** MMD²_u at h_med times each multiplier, with permutation tests; see the class comment. */
    public static Result test(double[][] x, double[][] y, Options options, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        Samples.requireAtLeast("x", x, 2, "for the unbiased MMD²");
        Samples.requireAtLeast("y", y, 2, "for the unbiased MMD²");
        Samples.requireRng(rng);
        double[][] xs = Samples.subsample(x, options.maxPerSample(), rng);
        double[][] ys = Samples.subsample(y, options.maxPerSample(), rng);
        double hMed = medianDistance(xs, ys, options.medianPoints(), rng);
        double[] mult = options.multipliers();
        double[] h = new double[mult.length];
        for (int b = 0; b < h.length; b++) {
            h[b] = mult[b] * hMed;
        }
        return run(xs, ys, d, mult, h, hMed, options.permutations(), rng);
    }

    /**
     * MMD²_u at the given absolute bandwidths, with permutation tests; inputs larger than
     * {@code maxPerSample} are subsampled. Multipliers and h_med are reported as NaN.
     */
    public static Result testAtBandwidths(double[][] x, double[][] y, double[] bandwidths, int permutations,
                                          int maxPerSample, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        Samples.requireAtLeast("x", x, 2, "for the unbiased MMD²");
        Samples.requireAtLeast("y", y, 2, "for the unbiased MMD²");
        Samples.requireRng(rng);
        if (bandwidths == null || bandwidths.length == 0) {
            throw new IllegalArgumentException("at least one bandwidth is needed");
        }
        for (double hb : bandwidths) {
            if (!(hb > 0) || Double.isInfinite(hb)) {
                throw new IllegalArgumentException("bandwidths must be positive and finite, got " + hb);
            }
        }
        if (maxPerSample < 4) {
            throw new IllegalArgumentException("maxPerSample must be >= 4, got " + maxPerSample);
        }
        double[][] xs = Samples.subsample(x, maxPerSample, rng);
        double[][] ys = Samples.subsample(y, maxPerSample, rng);
        double[] mult = new double[bandwidths.length];
        Arrays.fill(mult, Double.NaN);
        return run(xs, ys, d, mult, bandwidths.clone(), Double.NaN, permutations, rng);
    }

    private static Result run(double[][] xs, double[][] ys, int d, double[] mult, double[] h, double hMed,
                              int permutations, Rng rng) {
        double[] z = Samples.flattenPooled(xs, ys, d);
        KernelTwoSampleStatistic.Result r = KernelTwoSampleStatistic.compute(z, d, xs.length, ys.length,
                new GaussianKernels(h), permutations, rng);
        List<Bandwidth> out = new ArrayList<>();
        long nUsed = (long) xs.length + ys.length;
        for (int b = 0; b < h.length; b++) {
            out.add(new Bandwidth(mult[b], h[b], Estimate.estimate(r.value()[b], r.standardError()[b], nUsed),
                    r.pValue()[b]));
        }
        return new Result(xs.length, ys.length, hMed, out, r.aggregatedPValue(), permutations);
    }

    /**
     * MMD²_u at bandwidth h on all points, by the textbook triple sum (no subsampling, no
     * randomness). O((n+m)²·d); meant for small inputs and as an independent check of {@link #test}.
     */
    public static double unbiased(double[][] x, double[][] y, double h) {
        Samples.requireSameDimension("x", x, "y", y);
        Samples.requireAtLeast("x", x, 2, "for the unbiased MMD²");
        Samples.requireAtLeast("y", y, 2, "for the unbiased MMD²");
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("bandwidth must be positive and finite, got " + h);
        }
        double c = 1 / (2 * h * h);
        int n = x.length;
        int m = y.length;
        double kxx = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    kxx += Math.exp(-c * sq(x[i], x[j]));
                }
            }
        }
        double kyy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    kyy += Math.exp(-c * sq(y[i], y[j]));
                }
            }
        }
        double kxy = 0;
        for (double[] xi : x) {
            for (double[] yj : y) {
                kxy += Math.exp(-c * sq(xi, yj));
            }
        }
        return kxx / ((double) n * (n - 1)) + kyy / ((double) m * (m - 1)) - 2 * kxy / ((double) n * m);
    }

    /**
     * The median heuristic h_med: the median of ‖z_i − z_j‖ over unordered pairs i &lt; j of the
     * pooled sample (the mean of the two middle values when their number is even), computed on at
     * most {@code maxPoints} pooled points drawn without replacement with {@code rng}. If the median
     * is 0 (more than half the pairs are duplicates) the mean pairwise distance is used instead.
     *
     * @throws IllegalArgumentException if all points coincide (no bandwidth can be derived)
     */
    public static double medianDistance(double[][] x, double[][] y, int maxPoints, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        double[][] pooled = new double[x.length + y.length][];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        if (pooled.length < 2) {
            throw new IllegalArgumentException("the median heuristic needs at least 2 pooled points");
        }
        double[][] s = Samples.subsample(pooled, Math.max(2, maxPoints), rng);
        double[] f = Samples.flatten(s, d);
        int n = s.length;
        double[] dist = new double[n * (n - 1) / 2];
        int c = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = Math.sqrt(Samples.squaredDistance(f, i, f, j, d));
                dist[c++] = v;
                sum += v;
            }
        }
        Arrays.sort(dist);
        int len = dist.length;
        double med = (len % 2 == 1) ? dist[len / 2] : 0.5 * (dist[len / 2 - 1] + dist[len / 2]);
        if (med > 0) {
            return med;
        }
        double mean = sum / len;
        if (mean > 0) {
            return mean;
        }
        throw new IllegalArgumentException("all pooled points coincide: no median bandwidth can be derived");
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double diff = a[t] - b[t];
            s += diff * diff;
        }
        return s;
    }

    /**
     * exp(−s/(2h_b²)) for each bandwidth h_b. Where h_b is exactly half of another bandwidth h_j
     * (as for the default powers of two), k_b = (k_j)⁴ is computed by two squarings instead of an
     * exponential: exact in exact arithmetic, and the rounding error grows only 4-fold per halving
     * (about 1e-12 relative after six halvings).
     */
    private static final class GaussianKernels implements KernelTwoSampleStatistic.Kernels {
        private final double[] negInvTwoH2;
        private final int[] order;  // evaluation order: decreasing bandwidth
        private final int[] source; // source[b] = j with h_j = 2 h_b already evaluated, or -1: use exp

        GaussianKernels(double[] h) {
            int nb = h.length;
            negInvTwoH2 = new double[nb];
            for (int b = 0; b < nb; b++) {
                negInvTwoH2[b] = -1 / (2 * h[b] * h[b]);
            }
            Integer[] idx = new Integer[nb];
            for (int b = 0; b < nb; b++) {
                idx[b] = b;
            }
            Arrays.sort(idx, (u, v) -> Double.compare(h[v], h[u]));
            order = new int[nb];
            source = new int[nb];
            for (int r = 0; r < nb; r++) {
                int b = idx[r];
                order[r] = b;
                source[b] = -1;
                for (int q = 0; q < r; q++) {
                    if (h[idx[q]] == 2 * h[b]) {
                        source[b] = idx[q];
                        break;
                    }
                }
            }
        }

        @Override
        public int count() {
            return negInvTwoH2.length;
        }

        @Override
        public void evaluate(double squaredDistance, double[] out) {
            for (int b : order) {
                int j = source[b];
                if (j < 0) {
                    out[b] = Math.exp(squaredDistance * negInvTwoH2[b]);
                } else {
                    double k2 = out[j] * out[j];
                    out[b] = k2 * k2;
                }
            }
        }
    }
}
