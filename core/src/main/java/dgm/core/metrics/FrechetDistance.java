package dgm.core.metrics;

import dgm.core.math.SymmetricEigen;
import dgm.core.nn.Gemm;

/**
 * The Fréchet (2-Wasserstein) distance between Gaussians fitted to two sets of feature vectors
 * (Dowson and Landau 1982; the FID of Heusel et al. 2017 with Inception's features, TF-GAN's
 * {@code mnist_frechet_distance} with a classifier's):
 *
 * <pre>
 *   FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}
 * </pre>
 *
 * the trace of the square root of Σ₁Σ₂ taken through the symmetric positive semi-definite
 * Σ₁^{1/2}Σ₂Σ₁^{1/2}, which has the same eigenvalues, so both roots come from eigendecompositions of
 * symmetric matrices ({@link SymmetricEigen}); negative round-off eigenvalues are clamped at 0.
 * Means and covariances are the sample ones (covariance with the n − 1 denominator, as numpy's
 * {@code cov} in the reference FID code). The plug-in FD is biased upwards at finite sizes: for two
 * samples of one distribution it is about tr Σ·(1/n₁ + 1/n₂) plus a term of the covariance root's
 * error, growing with the feature dimension, so values are comparable only at equal set sizes.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** The sample mean [d] and covariance [d×d] (n − 1 denominator) of {@code x}. */
    public record Gaussian(double[] mean, double[] covariance, int n) {
        public int dimension() {
            return mean.length;
        }
    }

    /** Fits a Gaussian to the rows of {@code x} (at least two rows of equal width). */
    public static Gaussian fit(double[][] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 points, got " + x.length);
        }
        int d = x[0].length;
        int n = x.length;
        double[] mean = new double[d];
        for (double[] r : x) {
            if (r.length != d) {
                throw new IllegalArgumentException("rows of unequal width " + r.length + " and " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] centred = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i * d + j] = x[i][j] - mean[j];
            }
        }
        double[] cov = new double[d * d];
        Gemm.accumulateTransposedA(centred, centred, cov, 0, n, d, d);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = (cov[i * d + j] + cov[j * d + i]) / (2.0 * (n - 1));
                cov[i * d + j] = v;
                cov[j * d + i] = v;
            }
        }
        return new Gaussian(mean, cov, n);
    }

    /** FD between Gaussians fitted to the rows of {@code x} and of {@code y}. */
    public static double between(double[][] x, double[][] y) {
        return between(fit(x), fit(y));
    }

    /** FD between N(μ₁, Σ₁) and N(μ₂, Σ₂). */
    public static double between(Gaussian a, Gaussian b) {
        return distance(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /** FD between N(mu1, sigma1) and N(mu2, sigma2), the covariances [d×d] row-major and symmetric. */
    public static double distance(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2) {
        int d = mu1.length;
        if (mu2.length != d || sigma1.length != d * d || sigma2.length != d * d) {
            throw new IllegalArgumentException("dimensions differ: means " + d + " and " + mu2.length + ", covariances "
                    + sigma1.length + " and " + sigma2.length + " entries");
        }
        double meanTerm = 0;
        double traces = 0;
        for (int j = 0; j < d; j++) {
            meanTerm += (mu1[j] - mu2[j]) * (mu1[j] - mu2[j]);
            traces += sigma1[j * d + j] + sigma2[j * d + j];
        }
        return meanTerm + traces - 2 * traceSqrtProduct(sigma1, sigma2, d);
    }

    /** tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2} = tr (Σ₁Σ₂)^{1/2}, for symmetric positive semi-definite Σ₁, Σ₂. */
    public static double traceSqrtProduct(double[] sigma1, double[] sigma2, int d) {
        double[] root1 = SymmetricEigen.apply(SymmetricEigen.decompose(sigma1, d), l -> Math.sqrt(Math.max(l, 0)));
        double[] tmp = new double[d * d];
        Gemm.mul(root1, sigma2, 0, tmp, d, d, d);
        double[] m = new double[d * d];
        Gemm.mul(tmp, root1, 0, m, d, d, d);
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = (m[i * d + j] + m[j * d + i]) / 2;
                m[i * d + j] = v;
                m[j * d + i] = v;
            }
        }
        double s = 0;
        for (double l : SymmetricEigen.decompose(m, d).values()) {
            s += Math.sqrt(Math.max(l, 0));
        }
        return s;
    }
}
