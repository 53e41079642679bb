package dgm.core.nn;

import java.util.Arrays;

/**
 * The three dense matrix products a layer needs, over flat row-major arrays. The public methods
 * ask the process's {@link Engine} whether a product goes to BLAS ({@link NativeGemm}) or to the
 * Java kernels here ({@link Engine#nativeProduct}); {@link Dense} calls the Java kernels directly
 * after its own engine has decided for the whole layer. The Java kernels are unrolled by four in
 * the reduction or row index, which measured about twice as fast as the naive triple loop on this
 * machine's JIT (C2 does not vectorise these loops on JDK 17).
 */
public final class Gemm {
    private Gemm() {
    }

    /** y[n×m] = x[n×k] · w[k×m] (overwrites y). */
    public static void mul(double[] x, double[] w, int wOff, double[] y, int n, int k, int m) {
        if (Engine.current().nativeProduct(n, k, m)) {
            NativeGemm.mul(x, w, wOff, y, n, k, m);
            return;
        }
        javaMul(x, w, wOff, y, n, k, m);
    }

    static void javaMul(double[] x, double[] w, int wOff, double[] y, int n, int k, int m) {
        if (k == 1) {
            // an outer product: write y directly (no zeroing pass, no read of y)
            for (int i = 0; i < n; i++) {
                double a = x[i];
                int yo = i * m;
                for (int j = 0; j < m; j++) {
                    y[yo + j] = a * w[wOff + j];
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int yo = i * m;
            int xo = i * k;
            Arrays.fill(y, yo, yo + m, 0.0);
            int p = 0;
            for (; p + 3 < k; p += 4) {
                double a0 = x[xo + p];
                double a1 = x[xo + p + 1];
                double a2 = x[xo + p + 2];
                double a3 = x[xo + p + 3];
                int w0 = wOff + p * m;
                int w1 = w0 + m;
                int w2 = w1 + m;
                int w3 = w2 + m;
                for (int j = 0; j < m; j++) {
                    y[yo + j] += a0 * w[w0 + j] + a1 * w[w1 + j] + a2 * w[w2 + j] + a3 * w[w3 + j];
                }
            }
            for (; p < k; p++) {
                double a = x[xo + p];
                int wo = wOff + p * m;
                for (int j = 0; j < m; j++) {
                    y[yo + j] += a * w[wo + j];
                }
            }
        }
    }

    /** dw[k×m] += xᵀ[k×n] · dy[n×m]. */
    public static void accumulateTransposedA(double[] x, double[] dy, double[] dw, int dwOff, int n, int k, int m) {
        if (Engine.current().nativeProduct(n, k, m)) {
            NativeGemm.accumulateTransposedA(x, dy, dw, dwOff, n, k, m);
            return;
        }
        javaAccumulateTransposedA(x, dy, dw, dwOff, n, k, m);
    }

    static void javaAccumulateTransposedA(double[] x, double[] dy, double[] dw, int dwOff, int n, int k, int m) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int y0 = i * m;
            int y1 = y0 + m;
            int y2 = y1 + m;
            int y3 = y2 + m;
            int x0 = i * k;
            for (int p = 0; p < k; p++) {
                double a0 = x[x0 + p];
                double a1 = x[x0 + k + p];
                double a2 = x[x0 + 2 * k + p];
                double a3 = x[x0 + 3 * k + p];
                int wo = dwOff + p * m;
                for (int j = 0; j < m; j++) {
                    dw[wo + j] += a0 * dy[y0 + j] + a1 * dy[y1 + j] + a2 * dy[y2 + j] + a3 * dy[y3 + j];
                }
            }
        }
        for (; i < n; i++) {
            int yo = i * m;
            int xo = i * k;
            for (int p = 0; p < k; p++) {
                double a = x[xo + p];
                int wo = dwOff + p * m;
                for (int j = 0; j < m; j++) {
                    dw[wo + j] += a * dy[yo + j];
                }
            }
        }
    }

    /** dx[n×k] = dy[n×m] · wᵀ[m×k] (overwrites dx), w stored [k×m]. */
    public static void mulTransposedB(double[] dy, double[] w, int wOff, double[] dx, int n, int k, int m) {
        if (Engine.current().nativeProduct(n, k, m)) {
            NativeGemm.mulTransposedB(dy, w, wOff, dx, n, k, m);
            return;
        }
        javaMulTransposedB(dy, w, wOff, dx, n, k, m);
    }

    static void javaMulTransposedB(double[] dy, double[] w, int wOff, double[] dx, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int yo = i * m;
            int xo = i * k;
            for (int p = 0; p < k; p++) {
                int wo = wOff + p * m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int j = 0;
                for (; j + 3 < m; j += 4) {
                    s0 += dy[yo + j] * w[wo + j];
                    s1 += dy[yo + j + 1] * w[wo + j + 1];
                    s2 += dy[yo + j + 2] * w[wo + j + 2];
                    s3 += dy[yo + j + 3] * w[wo + j + 3];
                }
                for (; j < m; j++) {
                    s0 += dy[yo + j] * w[wo + j];
                }
                dx[xo + p] = (s0 + s1) + (s2 + s3);
            }
        }
    }
}
