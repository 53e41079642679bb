package dgm.core.nn;

import org.bytedeco.javacpp.DoublePointer;

/**
 * The BLAS calls of one dense layer, on row-major native buffers: the forward affine map and the
 * two halves of the backward pass. {@link NativeGemm} calls these after copying the Java operands
 * in; the BLAS-only benchmark baseline calls the very same methods on preallocated buffers, so "the
 * time the BLAS calls alone need" is measured on the calls the layers make.
 *
 * <p>Which routine: k = 1 (one input) is a rank-one update (GER) forward and GEMVs backward; at most
 * {@link #GEMV_MAX_COLUMNS} outputs is one GEMV per output column forward; otherwise GEMM. The bias
 * gradient is a GEMV with a ones vector (a column sum).
 */
public final class BlasLayer {
    private BlasLayer() {
    }

    /**
     * Layers with at most this many outputs compute their forward product as one matrix-vector
     * product per output column: OpenBLAS's GEMM kernels are tuned for wide blocks, and a 512×64 by
     * 64×2 product measured 12.7 µs as GEMM against 6.3 µs as two GEMVs (Haswell kernels).
     */
    public static final int GEMV_MAX_COLUMNS = 4;

    /**
     * y[n×m] += x[n×k] · w[k×m]: with y holding the bias in every row beforehand, the layer's
     * affine map (the bias costs a memcpy, not a pass in Java).
     */
    public static void affine(DoublePointer x, DoublePointer w, DoublePointer y, int n, int k, int m) {
        if (k == 1) {
            BlasTrace.ger(n, m, 1.0, x, 1, w, 1, y, m);
        } else if (m <= GEMV_MAX_COLUMNS) {
            long wp = w.position();
            long yp = y.position();
            for (int j = 0; j < m; j++) {
                BlasTrace.gemv(false, n, k, 1.0, x, k, w.position(wp + j), m, 1.0, y.position(yp + j), m);
            }
            w.position(wp);
            y.position(yp);
        } else {
            BlasTrace.gemm(false, false, n, m, k, 1.0, x, k, w, m, 1.0, y, m);
        }
    }

    /** dw[k×m] += xᵀ·dy and db[m] += Σ_rows dy = dyᵀ·ones, for x [n×k], dy [n×m], ones [≥ n]. */
    public static void parameterGradients(DoublePointer x, DoublePointer dy, DoublePointer ones, DoublePointer dw,
                                          DoublePointer db, int n, int k, int m) {
        if (k == 1) {
            BlasTrace.gemv(true, n, m, 1.0, dy, m, x, 1, 1.0, dw, 1);
        } else {
            BlasTrace.gemm(true, false, k, m, n, 1.0, x, k, dy, m, 1.0, dw, m);
        }
        BlasTrace.gemv(true, n, m, 1.0, dy, m, ones, 1, 1.0, db, 1);
    }

    /** dx[n×k] = dy[n×m] · wᵀ, w stored [k×m]. */
    public static void inputGradient(DoublePointer dy, DoublePointer w, DoublePointer dx, int n, int k, int m) {
        if (k == 1) {
            BlasTrace.gemv(false, n, m, 1.0, dy, m, w, 1, 0.0, dx, 1);
        } else {
            BlasTrace.gemm(false, true, n, k, m, 1.0, dy, m, w, m, 0.0, dx, k);
        }
    }

    /** A new native vector of n ones. */
    public static DoublePointer ones(long n) {
        DoublePointer p = new DoublePointer(n);
        for (long i = 0; i < n; i++) {
            p.put(i, 1.0);
        }
        return p;
    }
}
