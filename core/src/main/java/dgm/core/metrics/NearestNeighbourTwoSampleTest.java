package dgm.core.metrics;

import dgm.core.rng.Rng;

/**
 * The 1-nearest-neighbour classifier two-sample test with leave-one-out accuracy (Lopez-Paz &amp;
 * Oquab, "Revisiting Classifier Two-Sample Tests", ICLR 2017; as a GAN metric: Xu et al., "An
 * empirical study on evaluation metrics of generative adversarial networks", 2018).
 *
 * <p>Pool x (label X, e.g. real) and y (label Y, e.g. generated), N = n + m points. Each point is
 * classified by the label of its nearest other point in the pool (Euclidean); with exact ties the
 * point gets the fraction of its tied nearest neighbours that carry its own label. The accuracy is
 *
 * <pre>
 *   acc = (1/N) Σ_i 1[label(NN(z_i)) = label(z_i)].
 * </pre>
 *
 * Under P = Q the labels are exchangeable, so E[acc] = (n(n−1) + m(m−1)) / (N(N−1)) =: a₀ (slightly
 * below ½ for n = m: (n−1)/(2n−1)); acc well above a₀ means the samples are distinguishable. An
 * accuracy well <em>below</em> a₀ means generated points sit closer to real points than real points
 * do to each other, the signature of copying the real sample (Xu et al. 2018).
 *
 * <p>Reported: the accuracy with the binomial standard error √(acc(1−acc)/N); the per-class
 * accuracies; z = (acc − a₀)/√(a₀(1−a₀)/N), the normal approximation of Lopez-Paz &amp; Oquab (it
 * treats the N leave-one-out predictions as independent, which mutual nearest neighbours make only
 * approximately true); and an exact permutation p-value (one-sided, acc large), p = (1 + #{permuted
 * acc ≥ observed})/(1 + P). The neighbour graph does not depend on the labels, so each permutation
 * costs O(N).
 *
 * <p>Cost: brute-force exact search, O(N²d/2). Inputs larger than maxPerSample are subsampled with
 * the {@link Rng} (order: x, y, then the permutations).
 */
public final class NearestNeighbourTwoSampleTest {
    public static final int DEFAULT_PERMUTATIONS = 200;
    public static final int DEFAULT_MAX_PER_SAMPLE = 10_000;

    private NearestNeighbourTwoSampleTest() {
    }

    /**
     * @param accuracy     leave-one-out 1-NN accuracy over the pool (ESTIMATE; binomial SE; n = N)
     * @param accuracyX    fraction of x points whose neighbour is an x point (ESTIMATE; n = points of x)
     * @param accuracyY    fraction of y points whose neighbour is a y point (ESTIMATE; n = points of y)
     * @param nullMean     a₀, the expected accuracy when the two distributions are equal
     * @param zScore       (acc − a₀)/√(a₀(1−a₀)/N), approximate
     * @param pValue       one-sided permutation p-value for "acc larger than under P = Q" (NaN if P = 0)
     * @param permutations P
     * @param nX           points of x used
     * @param nY           points of y used
     */
    public record Result(Estimate accuracy, Estimate accuracyX, Estimate accuracyY, double nullMean,
                         double zScore, double pValue, int permutations, int nX, int nY) {
    }

    public static Result test(double[][] x, double[][] y, Rng rng) {
        return test(x, y, DEFAULT_PERMUTATIONS, DEFAULT_MAX_PER_SAMPLE, rng);
    }

    public static Result test(double[][] x, double[][] y, int permutations, int maxPerSample, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        Samples.requireRng(rng);
        if (permutations < 0) {
            throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
        }
        if (maxPerSample < 1) {
            throw new IllegalArgumentException("maxPerSample must be >= 1, got " + maxPerSample);
        }
        double[][] xs = Samples.subsample(x, maxPerSample, rng);
        double[][] ys = Samples.subsample(y, maxPerSample, rng);
        int nX = xs.length;
        int nY = ys.length;
        int n = nX + nY;
        int[][] nn = NearestNeighbours.nearestNeighbourSets(Samples.flattenPooled(xs, ys, d), n, d);

        boolean[] isX = new boolean[n];
        for (int i = 0; i < nX; i++) {
            isX[i] = true;
        }
        double[] credit = credits(nn, isX);
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < n; i++) {
            if (isX[i]) {
                sumX += credit[i];
            } else {
                sumY += credit[i];
            }
        }
        double acc = (sumX + sumY) / n;
        double accX = sumX / nX;
        double accY = sumY / nY;
        double a0 = ((double) nX * (nX - 1) + (double) nY * (nY - 1)) / ((double) n * (n - 1));
        double z = a0 > 0 && a0 < 1 ? (acc - a0) / Math.sqrt(a0 * (1 - a0) / n) : Double.NaN;

        double p = Double.NaN;
        if (permutations > 0) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            boolean[] lab = new boolean[n];
            double tol = 1e-12;
            int ge = 0;
            for (int q = 0; q < permutations; q++) {
                java.util.Arrays.fill(lab, false);
                for (int i = 0; i < nX; i++) { // partial Fisher–Yates: a uniform random nX-subset
                    int j = i + rng.nextInt(n - i);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                    lab[idx[i]] = true;
                }
                double s = 0;
                double[] c = credits(nn, lab);
                for (double v : c) {
                    s += v;
                }
                if (s / n >= acc - tol) {
                    ge++;
                }
            }
            p = (1.0 + ge) / (1.0 + permutations);
        }
        return new Result(binomial(acc, n), binomial(accX, nX), binomial(accY, nY), a0, z, p, permutations, nX, nY);
    }

    /** credit[i] = fraction of i's nearest neighbours that share i's label. */
    private static double[] credits(int[][] nn, boolean[] label) {
        double[] c = new double[nn.length];
        for (int i = 0; i < nn.length; i++) {
            int[] t = nn[i];
            if (t.length == 1) {
                c[i] = label[t[0]] == label[i] ? 1 : 0;
            } else {
                int same = 0;
                for (int j : t) {
                    if (label[j] == label[i]) {
                        same++;
                    }
                }
                c[i] = (double) same / t.length;
            }
        }
        return c;
    }

    private static Estimate binomial(double p, int n) {
        return Estimate.estimate(p, Math.sqrt(Math.max(0, p * (1 - p)) / n), n);
    }
}
