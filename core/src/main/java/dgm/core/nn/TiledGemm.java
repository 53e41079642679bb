package dgm.core.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major {@code cblas_dgemm} on every core with the same bits for any thread count.
 *
 * <p>OpenBLAS's own threads do not give that: how it splits a product among its threads depends on
 * their number, and a split that is not a multiple of its kernels' block sizes takes edge kernels
 * whose rounding differs (measured: a 256×64 by 64×1568 product differs in the last bits with three
 * threads; {@code ThreadCountTest}). So OpenBLAS runs single-threaded, and a large product is cut
 * here into tiles of the output C whose layout depends only on the product's shape: blocks of rows
 * of C, or, when C has fewer than 2·{@value #TILE} rows, blocks of columns, each a multiple of
 * {@value #TILE} and at most {@value #MAX_TILES} of them. Each tile is one single-threaded {@code cblas_dgemm} over the whole
 * reduction (k is never split), so every element of C is the same dot product in the same order
 * whoever computes it. The tiles are shared among the run's threads ({@link Workers}).
 *
 * <p>Products under {@value #MIN_MULTIPLY_ADDS} multiply-adds are one call: a tile then costs less
 * than handing it to another thread.
 */
final class TiledGemm {
    private TiledGemm() {
    }

    /** Rows (or columns) of C per tile: a multiple of every OpenBLAS kernel's register block. */
    static final int TILE = 64;
    /** Products below this many multiply-adds (m·n·k) are not cut. */
    static final long MIN_MULTIPLY_ADDS = 1L << 22;

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;

    /** At most this many tiles per product: more would only add hand-over costs. */
    static final int MAX_TILES = 16;

    /** How many tiles a product of C[m×n] with reduction k is cut into (1: not cut). */
    static int tiles(int m, int n, int k) {
        int size = tileSize(m, n, k);
        if (size == 0) {
            return 1;
        }
        return (rowsCut(m) ? m + size - 1 : n + size - 1) / size;
    }

    /** Whether C is cut by rows (else by columns). */
    private static boolean rowsCut(int m) {
        return m >= 2 * TILE;
    }

    /**
     * Rows (or columns) per tile: a multiple of {@value #TILE}, at least {@value #TILE}, large enough
     * for at most {@value #MAX_TILES} tiles; 0 when the product is not cut. A function of the shape only.
     */
    static int tileSize(int m, int n, int k) {
        if ((long) m * n * k < MIN_MULTIPLY_ADDS) {
            return 0;
        }
        int extent = rowsCut(m) ? m : n >= 2 * TILE ? n : 0;
        if (extent == 0) {
            return 0;
        }
        int blocks = (extent + TILE - 1) / TILE;
        return TILE * ((blocks + MAX_TILES - 1) / MAX_TILES);
    }

    /** C = α·op(A)·op(B) + β·C, row-major, cut into {@link #tiles} tiles. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DoublePointer a, int lda,
                     DoublePointer b, int ldb, double beta, DoublePointer c, int ldc) {
        int tiles = tiles(m, n, k);
        if (tiles == 1) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, code(transA), code(transB), m, n, k, alpha, a, lda, b, ldb, beta, c,
                    ldc);
            return;
        }
        boolean byRows = rowsCut(m);
        int tile = tileSize(m, n, k);
        Runnable[] work = new Runnable[tiles];
        for (int t = 0; t < tiles; t++) {
            int from = t * tile;
            int size = Math.min(tile, (byRows ? m : n) - from);
            if (byRows) {
                // rows [from, from + size) of op(A) and of C
                DoublePointer at = view(a, transA ? from : (long) from * lda);
                DoublePointer ct = view(c, (long) from * ldc);
                work[t] = () -> openblas_nolapack.cblas_dgemm(ROW_MAJOR, code(transA), code(transB), size, n, k, alpha,
                        at, lda, b, ldb, beta, ct, ldc);
            } else {
                // columns [from, from + size) of op(B) and of C
                DoublePointer bt = view(b, transB ? (long) from * ldb : from);
                DoublePointer ct = view(c, from);
                work[t] = () -> openblas_nolapack.cblas_dgemm(ROW_MAJOR, code(transA), code(transB), m, size, k, alpha,
                        a, lda, bt, ldb, beta, ct, ldc);
            }
        }
        Workers.run(work, Workers.threads());
    }

    /**
     * A view of {@code p} moved on by {@code elements}: owns nothing and registers nothing ({@code p}
     * stays as it was). {@code new DoublePointer(p)} would do the same but registers a proxy
     * deallocator per view, which measured ~6% of a 784-D training step.
     */
    private static DoublePointer view(DoublePointer p, long elements) {
        return new View(p, p.position() + elements);
    }

    /** A bare pointer into another's memory: address, position, limit and capacity copied, no deallocator. */
    private static final class View extends DoublePointer {
        View(DoublePointer of, long position) {
            super((org.bytedeco.javacpp.Pointer) null);
            this.address = of.address();
            this.position = position;
            this.limit = of.limit();
            this.capacity = of.capacity();
        }
    }

    private static int code(boolean trans) {
        return trans ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    }
}
