package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import java.util.List;
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
        double[] dx = mlp.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT).clone();
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
        double[] dx = mlp.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT).clone();
        double[] g = p.grads().clone();

        java.util.Arrays.fill(p.grads(), 0.25);   // the input-only pass must leave the gradients alone
        mlp.forward(x, n);
        assertArrayEquals(dx, mlp.backward(c, n, Mlp.Gradients.INPUT), 0.0, act + " input gradient");
        for (double v : p.grads()) {
            assertEquals(0.25, v, 0.0, act + ": inputGradient touched a parameter gradient");
        }
        assertArrayEquals(cCopy, c, 0.0, "dOut is not modified");

        p.zeroGrad();
        mlp.forward(x, n);
        assertNull(mlp.backward(c, n, Mlp.Gradients.PARAMETERS), "no input gradient is returned");
        assertArrayEquals(g, p.grads(), 0.0, act + " parameter gradients");
        assertArrayEquals(cCopy, c, 0.0, "dOut is not modified");
        assertThrows(IllegalStateException.class, () -> mlp.backward(c, n - 1, Mlp.Gradients.INPUT));
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
        assertTrue(Engine.blas(Engine.DEFAULT_NATIVE_MIN, true).nativeProduct(n, k, m), "a product BLAS would take");
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

    @ParameterizedTest
    @EnumSource(Engine.Kind.class)
    void bothEnginesLayerPathsMatchNaiveFormulas(Engine.Kind kind) {
        // n·k·m ≥ the native threshold: one-input (GER/GEMV), thin (GEMV per column) and GEMM layers
        Engine engine = kind == Engine.Kind.BLAS ? Engine.blas(Engine.DEFAULT_NATIVE_MIN, true) : Engine.java();
        int n = 1000;
        for (int[] km : new int[][] {{1, 64}, {40, 40}, {40, 3}}) {
            int k = km[0];
            int m = km[1];
            assertEquals(kind == Engine.Kind.BLAS, engine.nativeLayer(n, k, m), kind + " " + k + "→" + m);
            ParamBuffer p = new ParamBuffer();
            Dense layer = new Dense(engine, p, "d", k, m);
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
            List<BlasTrace.Call> calls = BlasTrace.record(() -> layer.backward(x, dy, n, dx, true));
            assertEquals(kind == Engine.Kind.BLAS, !calls.isEmpty(), kind + " backward: BLAS calls " + calls.size());
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
            assertEquals(kind == Engine.Kind.BLAS,
                    !BlasTrace.record(() -> layer.forward(x, n, y2, Activation.IDENTITY)).isEmpty(), kind + " forward");
            double u0 = v[k * m];
            for (int q = 0; q < k; q++) {
                u0 += x[q] * v[q * m];
            }
            assertEquals(u0, y2[0], 1e-12, "forward after a bias change");
        }
    }

    /** Forward output, input gradient and parameter gradients of one full pass. */
    private static double[][] pass(Mlp mlp, ParamBuffer p, double[] x, double[] c, int n, int mode) {
        double[] y = java.util.Arrays.copyOf(mlp.forward(x, n), n * mlp.outputSize());
        p.zeroGrad();
        double[] dx = new double[0];
        if (mode == 0) {
            dx = java.util.Arrays.copyOf(mlp.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT), n * mlp.inputSize());
        } else if (mode == 1) {
            dx = java.util.Arrays.copyOf(mlp.backward(c, n, Mlp.Gradients.INPUT), n * mlp.inputSize());
        } else {
            mlp.backward(c, n, Mlp.Gradients.PARAMETERS);
        }
        return new double[][] {y, dx, p.grads().clone()};
    }

    /** The network of {@code net} (hidden, output, sizes, MADE?) on an engine, initialised with seed 3. */
    private static Mlp network(Object[] net, Engine engine, ParamBuffer p) {
        Activation hidden = (Activation) net[0];
        int[] sizes = (int[]) net[2];
        Mlp mlp = (Boolean) net[3]
                ? Made.build(engine, p, "made", sizes[0], new int[] {sizes[1], sizes[2]}, 2, hidden)
                : new Mlp(engine, p, "m", hidden, (Activation) net[1], sizes);
        mlp.initialize(new Rng(3), 1.0);
        return mlp;
    }

    /**
     * The same network, identically initialised, on three engines: BLAS with the resident path,
     * BLAS layer by layer (bit for bit the same: same calls on the same operands) and Java (close,
     * and no BLAS call at all).
     */
    @Test
    void residentPathEqualsLayerByLayerBitForBitAndTheNaiveForward() {
        Object[][] nets = {
                {Activation.RELU, Activation.IDENTITY, new int[] {1, 64, 64, 2}, false},
                {Activation.TANH, Activation.SOFTPLUS, new int[] {3, 40, 40, 5}, false},
                {Activation.IDENTITY, Activation.IDENTITY, new int[] {4, 33, 7}, false},
                {Activation.IDENTITY, Activation.TANH, new int[] {1, 64, 48, 3}, false},   // one input, linear hidden
                {Activation.RELU, Activation.IDENTITY, new int[] {3, 48, 48, 6}, true},
        };
        for (Object[] net : nets) {
            int[] sizes = (int[]) net[2];
            ParamBuffer p = new ParamBuffer();
            ParamBuffer pl = new ParamBuffer();
            ParamBuffer pj = new ParamBuffer();
            Mlp mlp = network(net, Engine.blas(Engine.DEFAULT_NATIVE_MIN, true), p);
            Mlp layerByLayer = network(net, Engine.blas(Engine.DEFAULT_NATIVE_MIN, false), pl);
            Mlp onJava = network(net, Engine.java(), pj);
            String name = java.util.Arrays.toString(sizes) + " " + net[0];
            // 600 rows (not a power of two: the bias doubling has a tail), then 1000 (buffers grow)
            for (int n : new int[] {600, 1000, 600}) {
                assertTrue(mlp.resident(n), name + " should take the resident path at n = " + n);
                assertFalse(layerByLayer.resident(n));
                assertFalse(onJava.resident(n));
                Rng rng = new Rng(n);
                double[] x = new double[n * sizes[0]];
                double[] c = new double[n * mlp.outputSize()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.gaussian();
                }
                for (int i = 0; i < c.length; i++) {
                    c[i] = rng.gaussian();
                }
                for (ParamBuffer q : new ParamBuffer[] {p, pl, pj}) {
                    q.values()[q.size() - 1] += 0.25;   // a bias changed since the last pass
                }
                assertArrayEquals(p.values(), pl.values(), 0.0);
                assertArrayEquals(p.values(), pj.values(), 0.0);
                for (int mode = 0; mode < 3; mode++) {
                    double[][] resident = pass(mlp, p, x, c, n, mode);
                    double[][] layered = pass(layerByLayer, pl, x, c, n, mode);
                    double[][][] javaPass = new double[1][][];
                    int m = mode;
                    List<BlasTrace.Call> javaCalls = BlasTrace.record(() -> javaPass[0] = pass(onJava, pj, x, c, n, m));
                    assertEquals(List.of(), javaCalls, name + ": the Java engine makes no BLAS call");
                    for (int part = 0; part < 3; part++) {
                        assertArrayEquals(layered[part], resident[part], 0.0, name + " n=" + n + " mode " + mode
                                + " part " + part);
                        for (int i = 0; i < resident[part].length; i++) {
                            assertEquals(resident[part][i], javaPass[0][part][i], 1e-10 * (1 + Math.abs(resident[part][i])),
                                    name + " Java engine, mode " + mode + " part " + part + " [" + i + "]");
                        }
                    }
                    if (mode == 0) {
                        double[] naive = naiveForward(mlp, p, x, n);
                        assertArrayEquals(naive, resident[0], 1e-12, name + " forward against naive loops");
                    }
                }
            }
        }
    }

    /** The MLP's output by direct loops over the (masked) weights. */
    private static double[] naiveForward(Mlp mlp, ParamBuffer p, double[] x, int n) {
        double[] a = x;
        int[] sizes = mlp.sizes();
        for (int l = 0; l < mlp.depth(); l++) {
            Dense d = mlp.layer(l);
            double[] w = d.effectiveWeightsCopy();
            double[] b = java.util.Arrays.copyOfRange(p.values(), d.biasOffset(), d.biasOffset() + d.out());
            int k = sizes[l];
            int m = sizes[l + 1];
            double[] y = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double u = b[j];
                    for (int q = 0; q < k; q++) {
                        u += a[i * k + q] * w[q * m + j];
                    }
                    y[i * m + j] = u;
                }
            }
            (l == mlp.depth() - 1 ? mlp.outputActivation() : mlp.hiddenActivation()).apply(y, n * m);
            a = y;
        }
        return a;
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
        assertThrows(IllegalStateException.class, () -> mlp.backward(new double[9], 3, Mlp.Gradients.PARAMETERS_AND_INPUT));
    }
}
