package dgm.core.metrics;

import dgm.core.rng.Rng;

/** Small seeded samplers for the metric tests. */
final class TestSamples {
    private TestSamples() {
    }

    /** n points of N(shift·e₁, sd² I_d). */
    static double[][] gaussian(Rng rng, int n, int d, double shift, double sd) {
        double[][] a = rng.gaussian(n, d);
        for (double[] row : a) {
            for (int t = 0; t < d; t++) {
                row[t] *= sd;
            }
            row[0] += shift;
        }
        return a;
    }

    static double[][] gaussian(Rng rng, int n, int d) {
        return gaussian(rng, n, d, 0, 1);
    }

    /** FFJORD's 8gaussians centres: 4·(±1,0), 4·(0,±1), 4·(±1/√2, ±1/√2), all divided by 1.414. */
    static double[][] eightGaussianCentres() {
        double s = 1 / Math.sqrt(2);
        double[][] c = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {s, s}, {s, -s}, {-s, s}, {-s, -s}};
        for (double[] row : c) {
            row[0] = 4 * row[0] / 1.414;
            row[1] = 4 * row[1] / 1.414;
        }
        return c;
    }

    /** The 8gaussians density (sd 0.5/1.414 per mode) with every mode's sd multiplied by {@code widthFactor}. */
    static double[][] eightGaussians(Rng rng, int n, double widthFactor) {
        double[][] c = eightGaussianCentres();
        double sd = 0.5 / 1.414 * widthFactor;
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double[] m = c[rng.nextInt(8)];
            out[i][0] = m[0] + sd * rng.gaussian();
            out[i][1] = m[1] + sd * rng.gaussian();
        }
        return out;
    }

    static double[][] column(double... v) {
        double[][] a = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            a[i][0] = v[i];
        }
        return a;
    }
}
