package dgm.flow.bijector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RationalQuadraticSplineTest {

    @Test
    void zeroParametersGiveTheIdentity() {
        RationalQuadraticSpline t = new RationalQuadraticSpline(6, 3.0);
        int n = 7;
        double[] x = {-5, -3, -1.3, 0, 0.4, 2.999, 7};
        double[] h = new double[n * t.paramsPerDim()];
        double[] z = new double[n];
        double[] ld = new double[n];
        t.forward(x, h, n, 1, z, ld);
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], z[i], 1e-12);
            assertEquals(0.0, ld[i], 1e-12);
        }
    }

    @Test
    void isMonotoneAndContinuousAcrossKnotsAndTails() {
        RationalQuadraticSpline t = new RationalQuadraticSpline(5, 2.0);
        int p = t.paramsPerDim();
        double[] params = new double[p];
        java.util.Random r = new java.util.Random(3);
        for (int k = 0; k < p; k++) {
            params[k] = 2 * r.nextGaussian();
        }
        int n = 4001;
        double[] x = new double[n];
        double[] h = new double[n * p];
        for (int i = 0; i < n; i++) {
            x[i] = -3 + 6.0 * i / (n - 1);
            System.arraycopy(params, 0, h, i * p, p);
        }
        double[] z = new double[n];
        t.forward(x, h, n, 1, z, new double[n]);
        for (int i = 1; i < n; i++) {
            double dz = z[i] - z[i - 1];
            // strictly increasing, and no jumps: slope bounded on this grid
            org.junit.jupiter.api.Assertions.assertTrue(dz > 0 && dz < 0.1, "at x = " + x[i] + ": Δz = " + dz);
        }
    }
}
