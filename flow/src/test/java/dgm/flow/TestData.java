package dgm.flow;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.rng.Rng;
import java.util.Optional;

/** Small synthetic data sets with known densities, for tests only. */
final class TestData {
    private TestData() {
    }

    /** Rows of N(μ, LLᵀ) for the 2-D Cholesky factor L = [[a, 0], [b, c]]. */
    static double[][] correlatedGaussian(int n, Rng rng, double[] mu, double a, double b, double c) {
        double[][] x = new double[n][2];
        for (double[] r : x) {
            double e1 = rng.gaussian();
            double e2 = rng.gaussian();
            r[0] = mu[0] + a * e1;
            r[1] = mu[1] + b * e1 + c * e2;
        }
        return x;
    }

    /** Differential entropy of that Gaussian: log(2πe) + log|det L| = log(2πe) + log(a·c). */
    static double correlatedGaussianEntropy(double a, double c) {
        return Math.log(2 * Math.PI * Math.E) + Math.log(a * c);
    }

    /** A two-moons-like set: the moons definition of docs/data.md with Gaussian noise sd 0.1, scaled ×2. */
    static double[][] moons(int n, Rng rng) {
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * rng.uniform();
            double u;
            double v;
            if (i % 2 == 0) {
                u = Math.cos(t);
                v = Math.sin(t);
            } else {
                u = 1 - Math.cos(t);
                v = 0.5 - Math.sin(t);
            }
            x[i][0] = 2 * (u + 0.1 * rng.gaussian()) - 1;
            x[i][1] = 2 * (v + 0.1 * rng.gaussian()) - 0.2;
        }
        return x;
    }

    static Dataset dataset(String id, double[][] train, double[][] val, double[][] test) {
        return new Dataset(id, "synthetic test data", DataKind.CONTINUOUS, 0, "test code", train, val, test,
                Optional.empty(), Optional.empty());
    }

    /** Mean of −log q and its standard error. */
    static double[] meanAndSe(double[] logq) {
        double m = 0;
        for (double v : logq) {
            m -= v;
        }
        m /= logq.length;
        double s = 0;
        for (double v : logq) {
            s += (-v - m) * (-v - m);
        }
        return new double[] {m, Math.sqrt(s / (logq.length - 1) / logq.length)};
    }
}
