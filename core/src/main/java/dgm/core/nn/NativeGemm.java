package dgm.core.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The products of {@link Gemm} through OpenBLAS's {@code cblas_dgemm} (the library ND4J's CPU
 * backend itself links), called directly: the row-major Java operands are copied (one memcpy each)
 * into cached native buffers and the product is computed in row-major layout. Buffers are cached
 * per thread and slot, so a training loop allocates nothing.
 *
 * <p>Direct calls, not {@code Nd4j.gemm}: ND4J wraps every product in a custom-op context, which
 * measured ~35 µs per call on this machine against ~5 µs for the bare cblas call (a 64×64 by
 * 64×16 product), and that overhead decided which chunk sizes and layers paid off natively.
 *
 * <p>Requires single-threaded BLAS/OpenMP on small machines (OMP_NUM_THREADS=1, see REFERENCE §5).
 */
final class NativeGemm {
    private NativeGemm() {
    }

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static final ThreadLocal<DoublePointer[]> CACHE = ThreadLocal.withInitial(() -> new DoublePointer[6]);

    /**
     * The native buffer of slot {@code which}, at least {@code size} doubles: one per slot and
     * thread, replaced by a larger one when needed, so memory stays bounded whatever sizes come.
     */
    private static DoublePointer buffer(int which, long size) {
        DoublePointer[] slots = CACHE.get();
        DoublePointer p = slots[which];
        if (p == null || p.capacity() < size) {
            long capacity = Math.max(size, p == null ? 0 : 2 * p.capacity());
            if (p != null) {
                p.close();
            }
            p = new DoublePointer(capacity);
            slots[which] = p;
        }
        return p;
    }

    /** y[n×m] = x[n×k] · w[k×m]. */
    static void mul(double[] x, double[] w, int wOff, double[] y, int n, int k, int m) {
        DoublePointer pw = buffer(0, (long) k * m);
        DoublePointer px = buffer(1, (long) n * k);
        DoublePointer py = buffer(2, (long) n * m);
        pw.put(w, wOff, k * m);
        px.put(x, 0, n * k);
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, n, m, k, 1.0, px, k, pw, m, 0.0, py, m);
        py.get(y, 0, n * m);
    }

    /** dw[k×m] += xᵀ · dy, x [n×k], dy [n×m] (β = 1 on a copy of dw). */
    static void accumulateTransposedA(double[] x, double[] dy, double[] dw, int dwOff, int n, int k, int m) {
        DoublePointer px = buffer(1, (long) n * k);
        DoublePointer pdy = buffer(3, (long) n * m);
        DoublePointer pdw = buffer(4, (long) k * m);
        px.put(x, 0, n * k);
        pdy.put(dy, 0, n * m);
        pdw.put(dw, dwOff, k * m);
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, TRANS, NO_TRANS, k, m, n, 1.0, px, k, pdy, m, 1.0, pdw, m);
        pdw.get(dw, dwOff, k * m);
    }

    /** dx[n×k] = dy[n×m] · wᵀ, w stored [k×m]. */
    static void mulTransposedB(double[] dy, double[] w, int wOff, double[] dx, int n, int k, int m) {
        DoublePointer pw = buffer(0, (long) k * m);
        DoublePointer pdy = buffer(3, (long) n * m);
        DoublePointer pdx = buffer(5, (long) n * k);
        pw.put(w, wOff, k * m);
        pdy.put(dy, 0, n * m);
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, NO_TRANS, TRANS, n, k, m, 1.0, pdy, m, pw, m, 0.0, pdx, k);
        pdx.get(dx, 0, n * k);
    }
}
