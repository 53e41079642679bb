package dgm.core.nn;

import org.bytedeco.javacpp.DoublePointer;

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
 * <p>Called only where the {@link Engine} chose BLAS; a BLAS engine sets this library's threads
 * when it is made (one by default: with the default pools a small machine is oversubscribed and a
 * product becomes about ten times slower, docs/performance.md).
 */
final class NativeGemm {
    private NativeGemm() {
    }

    private static final ThreadLocal<DoublePointer[]> CACHE = ThreadLocal.withInitial(() -> new DoublePointer[8]);
    /** Slot of the ones vector (column sums as a matrix-vector product); kept filled with ones. */
    private static final int ONES = 7;

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

    /** A vector of at least {@code n} ones (slot {@link #ONES}). */
    private static DoublePointer ones(int n) {
        DoublePointer[] slots = CACHE.get();
        DoublePointer p = slots[ONES];
        if (p == null || p.capacity() < n) {
            if (p != null) {
                p.close();
            }
            p = BlasLayer.ones(Math.max(n, p == null ? 0 : 2 * p.capacity()));
            slots[ONES] = p;
        }
        return p;
    }

    /**
     * A dense layer's affine map y[n×m] = x[n×k] · w[k×m] + tile[n×m], where {@code tile} holds the
     * bias in every row: the tile is copied into the output buffer and {@link BlasLayer#affine}
     * accumulates the product onto it.
     */
    static void affine(double[] x, double[] w, int wOff, double[] tile, double[] y, int n, int k, int m) {
        DoublePointer px = buffer(1, (long) n * k);
        DoublePointer py = buffer(2, (long) n * m);
        px.put(x, 0, n * k);
        py.put(tile, 0, n * m);
        BlasLayer.affine(px, weights(w, wOff, k * m), py, n, k, m);
        py.get(y, 0, n * m);
    }

    /**
     * A dense layer's backward pass with the output gradient dy[n×m] copied in once: when
     * {@code gw} is not null, gw[k×m] += xᵀ·dy (at gwOff) and gb[m] += Σ_rows dy (at gbOff); when
     * {@code dx} is not null, dx[n×k] = dy·wᵀ ({@link BlasLayer}).
     */
    static void layerBackward(double[] x, double[] dy, double[] w, int wOff, double[] gw, int gwOff, double[] gb,
                              int gbOff, double[] dx, int n, int k, int m) {
        DoublePointer pdy = buffer(3, (long) n * m);
        pdy.put(dy, 0, n * m);
        if (gw != null) {
            DoublePointer px = buffer(1, (long) n * k);
            px.put(x, 0, n * k);
            parameterGradients(px, pdy, gw, gwOff, gb, gbOff, n, k, m);
        }
        if (dx != null) {
            DoublePointer pdx = buffer(5, (long) n * k);
            BlasLayer.inputGradient(pdy, weights(w, wOff, k * m), pdx, n, k, m);
            pdx.get(dx, 0, n * k);
        }
    }

    /** The weights w[wOff, wOff + len) copied into this thread's weight buffer (slot 0). */
    static DoublePointer weights(double[] w, int wOff, int len) {
        DoublePointer pw = buffer(0, len);
        pw.put(w, wOff, len);
        return pw;
    }

    /**
     * gw[k×m] += xᵀ·dy (at gwOff) and gb[m] += Σ_rows dy (at gbOff), for x [n×k] and dy [n×m]
     * already in native buffers: only the small gradient blocks cross.
     */
    static void parameterGradients(DoublePointer x, DoublePointer dy, double[] gw, int gwOff, double[] gb, int gbOff,
                                   int n, int k, int m) {
        DoublePointer pdw = buffer(4, (long) k * m);
        DoublePointer pdb = buffer(6, m);
        pdw.put(gw, gwOff, k * m);
        pdb.put(gb, gbOff, m);
        BlasLayer.parameterGradients(x, dy, ones(n), pdw, pdb, n, k, m);
        pdw.get(gw, gwOff, k * m);
        pdb.get(gb, gbOff, m);
    }

    private static final sun.misc.Unsafe UNSAFE;

    static {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * memcpy of {@code bytes} bytes between native addresses (the ranges must not overlap).
     * JavaCPP's {@code Pointer.memcpy} offsets a {@code void*} argument by its position in bytes,
     * not elements, so raw addresses are clearer here.
     */
    static void copy(long from, long to, long bytes) {
        UNSAFE.copyMemory(from, to, bytes);
    }

    /** y[n×m] = x[n×k] · w[k×m]. */
    static void mul(double[] x, double[] w, int wOff, double[] y, int n, int k, int m) {
        DoublePointer px = buffer(1, (long) n * k);
        DoublePointer py = buffer(2, (long) n * m);
        px.put(x, 0, n * k);
        BlasTrace.gemm(false, false, n, m, k, 1.0, px, k, weights(w, wOff, k * m), m, 0.0, py, m);
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
        BlasTrace.gemm(true, false, k, m, n, 1.0, px, k, pdy, m, 1.0, pdw, m);
        pdw.get(dw, dwOff, k * m);
    }

    /** dx[n×k] = dy[n×m] · wᵀ, w stored [k×m]. */
    static void mulTransposedB(double[] dy, double[] w, int wOff, double[] dx, int n, int k, int m) {
        DoublePointer pdy = buffer(3, (long) n * m);
        DoublePointer pdx = buffer(5, (long) n * k);
        pdy.put(dy, 0, n * m);
        BlasTrace.gemm(false, true, n, k, m, 1.0, pdy, m, weights(w, wOff, k * m), m, 0.0, pdx, k);
        pdx.get(dx, 0, n * k);
    }
}
