package dgm.flow.bijector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

class ActNormTest {

    @Test
    void dataDependentInitialisationStandardisesTheFirstBatchOnce() {
        ParamBuffer params = new ParamBuffer();
        ActNorm an = new ActNorm(params, new ParamBuffer(), "an", 2);
        Rng rng = new Rng(1);
        int n = 500;
        double[] x = new double[n * 2];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 3 + 5 * rng.gaussian();
            x[2 * i + 1] = -7 + 0.1 * rng.gaussian();
        }
        an.initializeFromData(x, n);
        assertTrue(an.isInitialized());
        double[] z = new double[n * 2];
        an.forward(x, n, z, new double[n]);
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                m += z[2 * i + j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                v += (z[2 * i + j] - m) * (z[2 * i + j] - m);
            }
            assertEquals(0.0, m, 1e-9);
            assertEquals(1.0, v / (n - 1), 1e-4); // log(sd + 1e-6): exact up to 1e-6/sd
        }
        double[] before = params.snapshot();
        an.initializeFromData(new double[] {100, 100, -100, 0}, 2);
        assertEquals(before[0], params.values()[0], 0.0, "a second initialisation must not happen");
    }

    /**
     * The passes run row by row with the coordinate's e^{±s} computed once: every output and
     * gradient must equal, bit for bit, the element-by-element definition with its column sums
     * (the form the passes had before, which earlier results were computed with).
     */
    @Test
    void rowMajorPassesEqualTheElementwiseDefinitionBitForBit() {
        int n = 37;
        int d = 11;
        ParamBuffer params = new ParamBuffer();
        ActNorm an = new ActNorm(params, new ParamBuffer(), "an", d);
        Rng rng = new Rng(4);
        double[] v = params.values();
        for (int k = 0; k < v.length; k++) {
            v[k] = 0.7 * rng.gaussian();
        }
        double[] x = flat(rng.gaussian(n, d));
        double[] dz = flat(rng.gaussian(n, d));
        double[] dLogDet = flat(rng.gaussian(n, 1));
        double[] b = java.util.Arrays.copyOfRange(v, 0, d);
        double[] s = java.util.Arrays.copyOfRange(v, d, 2 * d);

        double[] z = new double[n * d];
        double[] ld = new double[n];
        an.forward(x, n, z, ld);
        double[] dx = new double[n * d];
        an.backward(dz, dLogDet, n, dx);
        double[] g = params.grads().clone();

        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += s[j];
        }
        double dLd = 0;
        for (int i = 0; i < n; i++) {
            dLd += dLogDet[i];
        }
        double[] zRef = new double[n * d];
        double[] dxRef = new double[n * d];
        double[] gRef = new double[2 * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                zRef[i * d + j] = (x[i * d + j] + b[j]) * Math.exp(s[j]);
            }
            assertEquals(sum, ld[i], 0.0);
        }
        for (int j = 0; j < d; j++) {
            double e = Math.exp(s[j]);
            double gb = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                double t = dz[i * d + j] * e;
                dxRef[i * d + j] = t;
                gb += t;
                gs += t * (x[i * d + j] + b[j]);
            }
            gRef[j] = gb;
            gRef[d + j] = gs + dLd;
        }
        assertArrayEquals(zRef, z, 0.0);
        assertArrayEquals(dxRef, dx, 0.0);
        assertArrayEquals(gRef, g, 0.0);

        // the sampling direction and its backward pass
        params.zeroGrad();
        double[] xs = new double[n * d];
        an.inverse(z, n, xs, new double[n]);
        double[] dzs = new double[n * d];
        an.inverseBackward(dz, dLogDet, n, dzs);
        double[] gi = params.grads().clone();
        double[] giRef = new double[2 * d];
        for (int j = 0; j < d; j++) {
            double e = Math.exp(-s[j]);
            double gb = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                int k = i * d + j;
                assertEquals(z[k] * e - b[j], xs[k], 0.0);
                assertEquals(dz[k] * e, dzs[k], 0.0);
                gb -= dz[k];
                gs -= dz[k] * z[k] * e;
            }
            giRef[j] = gb;
            giRef[d + j] = gs - dLd;
        }
        assertArrayEquals(giRef, gi, 0.0);
    }

    private static double[] flat(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
