package dgm.core.metrics;

/**
 * Scores of a set of samples by a classifier's predicted class probabilities p(y|x_i), i = 1..N,
 * over K classes: the MNIST analogue of the Inception score (Salimans et al. 2016), and the spread
 * of the samples over the predicted classes.
 *
 * <pre>
 *   score  = exp( (1/N) Σ_i KL(p(y|x_i) ‖ p̂(y)) ),   p̂(y) = (1/N) Σ_i p(y|x_i)
 *          = exp( I(x; y) )   (the mutual information of sample and predicted class, plug-in)
 *   spread = −Σ_k h_k log₂ h_k,   h_k = (1/N) #{i : argmax_y p(y|x_i) = k}   (bits)
 * </pre>
 *
 * The score lies in [1, K]: K when every sample is classified with certainty and the classes are
 * equally frequent, 1 when every sample gets the same distribution. The spread lies in [0, log₂ K]:
 * log₂ K when the predicted classes are equally frequent (log₂ 10 ≈ 3.32), 0 when every sample gets
 * one class. 0·log 0 = 0. The score is biased at finite N (the plug-in mutual information); compare
 * it at equal N.
 */
public final class ClassifierScore {
    private ClassifierScore() {
    }

    /** exp(E_x KL(p(y|x) ‖ p̂(y))) of the rows of {@code probabilities} [N][K] (each row a distribution). */
    public static double score(double[][] probabilities) {
        int k = check(probabilities);
        int n = probabilities.length;
        double[] marginal = new double[k];
        for (double[] p : probabilities) {
            for (int c = 0; c < k; c++) {
                marginal[c] += p[c];
            }
        }
        for (int c = 0; c < k; c++) {
            marginal[c] /= n;
        }
        double kl = 0;
        for (double[] p : probabilities) {
            for (int c = 0; c < k; c++) {
                if (p[c] > 0) {
                    kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(Math.max(0, kl / n));
    }

    /** The entropy in bits of the histogram of each row's most probable class (ties: the lowest index). */
    public static double spreadBits(double[][] probabilities) {
        int k = check(probabilities);
        long[] counts = new long[k];
        for (double[] p : probabilities) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            counts[best]++;
        }
        double h = 0;
        for (long count : counts) {
            if (count > 0) {
                double f = (double) count / probabilities.length;
                h -= f * Math.log(f);
            }
        }
        return h / Math.log(2);
    }

    private static int check(double[][] p) {
        if (p.length == 0) {
            throw new IllegalArgumentException("no samples to score");
        }
        int k = p[0].length;
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + k);
        }
        for (double[] row : p) {
            if (row.length != k) {
                throw new IllegalArgumentException("rows of unequal width " + row.length + " and " + k);
            }
        }
        return k;
    }
}
