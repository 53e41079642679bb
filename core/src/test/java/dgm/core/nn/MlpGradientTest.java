package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.rng.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the hand-written backward passes, in float64. */
class MlpGradientTest {

    /** L = Σ c ⊙ mlp(x) for a fixed random c. */
    private static double loss(Mlp mlp, double[] x, int n, double[] c) {
        double[] y = mlp.forward(x, n);
        double s = 0;
        for (int i = 0; i < n * mlp.outputSize(); i++) {
            s += c[i] * y[i];
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parameterAndInputGradientsMatchCentralDifferences(Activation act) {
        Rng rng = new Rng(7);
        ParamBuffer p = new ParamBuffer();
        // an odd width (5) exercises the kernels' unroll tails
        Mlp mlp = new Mlp(p, "m", act, Activation.TANH, 3, 5, 8, 2);
        mlp.initialize(rng, 1.0);
        int n = 7;
        double[] x = new double[n * 3];
        double[] c = new double[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.gaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.gaussian();
        }
        p.zeroGrad();
        loss(mlp, x, n, c);
        double[] dx = mlp.backward(c, n).clone();
        double[] g = p.grads().clone();
        double h = 1e-6;
        double[] v = p.values();
        for (int i = 0; i < v.length; i++) {
            double old = v[i];
            v[i] = old + h;
            double lp = loss(mlp, x, n, c);
            v[i] = old - h;
            double lm = loss(mlp, x, n, c);
            v[i] = old;
            assertEquals((lp - lm) / (2 * h), g[i], 1e-6 * (1 + Math.abs(g[i])), act + " parameter " + i);
        }
        for (int i = 0; i < x.length; i++) {
            double old = x[i];
            x[i] = old + h;
            double lp = loss(mlp, x, n, c);
            x[i] = old - h;
            double lm = loss(mlp, x, n, c);
            x[i] = old;
            assertEquals((lp - lm) / (2 * h), dx[i], 1e-6 * (1 + Math.abs(dx[i])), act + " input " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inputOnlyAndParameterOnlyBackwardsMatchTheFullOneExactly(Activation act) {
        Rng rng = new Rng(11);
        ParamBuffer p = new ParamBuffer();
        Mlp mlp = new Mlp(p, "m", act, Activation.SOFTPLUS, 3, 5, 8, 2);
        mlp.initialize(rng, 1.0);
        int n = 6;
        double[] x = new double[n * 3];
        double[] c = new double[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.gaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.gaussian();
        }
        double[] cCopy = c.clone();
        p.zeroGrad();
        mlp.forward(x, n);
        double[] dx = mlp.backward(c, n).clone();
        double[] g = p.grads().clone();

        java.util.Arrays.fill(p.grads(), 0.25);   // the input-only pass must leave the gradients alone
        mlp.forward(x, n);
        assertArrayEquals(dx, mlp.inputGradient(c, n), 0.0, act + " input gradient");
        for (double v : p.grads()) {
            assertEquals(0.25, v, 0.0, act + ": inputGradient touched a parameter gradient");
        }
        assertArrayEquals(cCopy, c, 0.0, "dOut is not modified");

        p.zeroGrad();
        mlp.forward(x, n);
        mlp.backwardParameters(c, n);
        assertArrayEquals(g, p.grads(), 0.0, act + " parameter gradients");
        assertArrayEquals(cCopy, c, 0.0, "dOut is not modified");
        assertThrows(IllegalStateException.class, () -> mlp.inputGradient(c, n - 1));
    }

    @Test
    void gemmKernelsMatchNaiveProducts() {
        Rng rng = new Rng(3);
        int n = 9;
        int k = 7;
        int m = 6;
        double[] x = new double[n * k];
        double[] w = new double[k * m + 3];
        double[] dy = new double[n * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.gaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.gaussian();
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = rng.gaussian();
        }
        double[] y = new double[n * m];
        Gemm.mul(x, w, 3, y, n, k, m);
        double[] dw = new double[k * m + 3];
        Gemm.accumulateTransposedA(x, dy, dw, 3, n, k, m);
        double[] dx = new double[n * k];
        Gemm.mulTransposedB(dy, w, 3, dx, n, k, m);
        double[] y0 = new double[n * m];
        double[] dw0 = new double[k * m + 3];
        double[] dx0 = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < m; j++) {
                    y0[i * m + j] += x[i * k + p] * w[3 + p * m + j];
                    dw0[3 + p * m + j] += x[i * k + p] * dy[i * m + j];
                    dx0[i * k + p] += dy[i * m + j] * w[3 + p * m + j];
                }
            }
        }
        assertArrayEquals(y0, y, 1e-12);
        assertArrayEquals(dw0, dw, 1e-12);
        assertArrayEquals(dx0, dx, 1e-12);
    }

    @Test
    void nativeAndJavaKernelsAgree() {
        Rng rng = new Rng(4);
        int n = 67;
        int k = 33;
        int m = 29;
        org.junit.jupiter.api.Assertions.assertTrue(Gemm.useNative(n, k, m) || Gemm.NATIVE_MIN == 0);
        double[] x = new double[n * k];
        double[] w = new double[k * m + 5];
        double[] dy = new double[n * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.gaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.gaussian();
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = rng.gaussian();
        }
        double[] y1 = new double[n * m];
        double[] y2 = new double[n * m];
        NativeGemm.mul(x, w, 5, y1, n, k, m);
        Gemm.javaMul(x, w, 5, y2, n, k, m);
        assertArrayEquals(y2, y1, 1e-11);
        double[] dw1 = new double[k * m + 5];
        double[] dw2 = new double[k * m + 5];
        java.util.Arrays.fill(dw1, 1.0);
        java.util.Arrays.fill(dw2, 1.0);
        NativeGemm.accumulateTransposedA(x, dy, dw1, 5, n, k, m);
        Gemm.javaAccumulateTransposedA(x, dy, dw2, 5, n, k, m);
        assertArrayEquals(dw2, dw1, 1e-11);
        double[] dx1 = new double[n * k];
        double[] dx2 = new double[n * k];
        NativeGemm.mulTransposedB(dy, w, 5, dx1, n, k, m);
        Gemm.javaMulTransposedB(dy, w, 5, dx2, n, k, m);
        assertArrayEquals(dx2, dx1, 1e-11);
    }

    @Test
    void nativeLayerPathsMatchNaiveFormulas() {
        // n·k·m ≥ the native threshold: one-input (GER/GEMV), thin (GEMV per column) and GEMM layers
        int n = 1000;
        for (int[] km : new int[][] {{1, 64}, {40, 40}, {40, 3}}) {
            int k = km[0];
            int m = km[1];
            org.junit.jupiter.api.Assertions.assertTrue(Gemm.useNativeLayer(n, k, m) || Gemm.NATIVE_MIN == 0);
            ParamBuffer p = new ParamBuffer();
            Dense layer = new Dense(p, "d", k, m);
            layer.initialize(new Rng(7), 1.0);
            Rng rng = new Rng(8);
            double[] x = new double[n * k];
            double[] dy = new double[n * m];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.gaussian();
            }
            for (int i = 0; i < dy.length; i++) {
                dy[i] = rng.gaussian();
            }
            double[] v = p.values();
            double[] y = new double[n * m];
            layer.forward(x, n, y, Activation.RELU);
            double[] dx = new double[n * k];
            p.zeroGrad();
            layer.backward(x, dy, n, dx);
            double[] g = p.grads();
            double[] dw0 = new double[k * m];
            double[] db0 = new double[m];
            double[] dx0 = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double u = v[k * m + j];
                    for (int q = 0; q < k; q++) {
                        u += x[i * k + q] * v[q * m + j];
                        dw0[q * m + j] += x[i * k + q] * dy[i * m + j];
                        dx0[i * k + q] += dy[i * m + j] * v[q * m + j];
                    }
                    assertEquals(Math.max(u, 0.0), y[i * m + j], 1e-12, "forward " + k + "→" + m);
                    db0[j] += dy[i * m + j];
                }
            }
            for (int q = 0; q < k * m; q++) {
                assertEquals(dw0[q], g[q], 1e-10, "dW " + k + "→" + m);
            }
            for (int j = 0; j < m; j++) {
                assertEquals(db0[j], g[k * m + j], 1e-10, "db " + k + "→" + m);
            }
            assertArrayEquals(dx0, dx, 1e-12, "dx " + k + "→" + m);
            // a changed bias is picked up (the bias tile is rebuilt)
            v[k * m] += 1.0;
            double[] y2 = new double[n * m];
            layer.forward(x, n, y2, Activation.IDENTITY);
            double u0 = v[k * m];
            for (int q = 0; q < k; q++) {
                u0 += x[q] * v[q * m];
            }
            assertEquals(u0, y2[0], 1e-12, "forward after a bias change");
        }
    }

    @Test
    void zeroOutputGainGivesZeroOutput() {
        ParamBuffer p = new ParamBuffer();
        Mlp mlp = new Mlp(p, "m", Activation.RELU, Activation.IDENTITY, 2, 4, 3);
        mlp.initialize(new Rng(1), 0.0);
        double[] y = mlp.forward(new double[] {1, 2, -3, 4}, 2);
        for (int i = 0; i < 6; i++) {
            assertEquals(0.0, y[i]);
        }
        assertEquals(2 * 4 + 4 + 4 * 3 + 3, p.size());
    }

    @Test
    void backwardRejectsAMismatchedBatch() {
        ParamBuffer p = new ParamBuffer();
        Mlp mlp = new Mlp(p, "m", Activation.RELU, Activation.IDENTITY, 2, 3);
        mlp.forward(new double[4], 2);
        assertThrows(IllegalStateException.class, () -> mlp.backward(new double[9], 3));
    }
}
