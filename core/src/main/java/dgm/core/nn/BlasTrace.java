package dgm.core.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Every OpenBLAS call the layers make goes through here ({@link BlasLayer}, {@link NativeGemm}), so
 * a piece of work, e.g. one training step, can be recorded as the exact list of its BLAS calls
 * (routine, transposes, sizes, leading dimensions, α, β, and which native buffer each operand was
 * at which offset) and {@link Replay replayed} alone: the baseline for "the time the BLAS calls alone
 * need" (docs/performance.md, targets) for any model, without writing its calls down by hand.
 *
 * <p>Recording is off unless {@link #record} runs; then the cost is one static read per call.
 * Only calls from the recording thread are recorded. Record warm work: the first pass of a layer
 * sizes the per-thread buffers, and a buffer that grows moves, which a replay would count as two.
 */
public final class BlasTrace {
    private BlasTrace() {
    }

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    /** The BLAS routines the layers use. */
    public enum Routine { GEMM, GEMV, GER }

    /**
     * One operand: the native buffer's base address, the element offset the call used, and the
     * number of elements from there that the call may touch.
     */
    public record Operand(long base, long offset, long span) {
    }

    /**
     * One call, row-major. GEMM: C[m×n] = α·op(A)·op(B) + β·C with op(A) m×k; GEMV: y = α·op(A)·x + β·y
     * with A m×n stored, {@code transB} and {@code k} unused, {@code ldb}/{@code ldc} the increments of
     * x and y; GER: A[m×n] += α·x·yᵀ with operands (x, y, A), {@code lda} A's leading dimension,
     * {@code ldb}/{@code ldc} the increments of x and y, β recorded as 1 (GER accumulates).
     */
    public record Call(Routine routine, boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
                       int lda, int ldb, int ldc, Operand a, Operand b, Operand c) {
        /** Multiply-adds of the call. */
        public long flops() {
            return switch (routine) {
                case GEMM -> (long) m * n * k;
                case GEMV, GER -> (long) m * n;
            };
        }
    }

    private static List<Call> sink;
    private static Thread recorder;

    /**
     * Runs {@code work} on this thread and returns the BLAS calls it made, in order. Not nested (a
     * nested call throws); recordings are serialised on the class lock, so a second thread waits for
     * the first (work that itself waits for a recording thread would deadlock: do not).
     */
    public static synchronized List<Call> record(Runnable work) {
        if (sink != null) {
            throw new IllegalStateException("a BLAS trace is already being recorded");
        }
        List<Call> calls = new ArrayList<>();
        recorder = Thread.currentThread();
        sink = calls;
        try {
            work.run();
        } finally {
            sink = null;
            recorder = null;
        }
        return calls;
    }

    private static void add(Call c) {
        if (Thread.currentThread() == recorder) {
            sink.add(c);
        }
    }

    private static Operand operand(DoublePointer p, long span) {
        return new Operand(p.address(), p.position(), span);
    }

    /** Elements a row-major rows×cols matrix with leading dimension ld spans. */
    private static long matrix(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    private static long vector(int len, int inc) {
        return len == 0 ? 0 : (long) (len - 1) * Math.abs(inc) + 1;
    }

    /** Row-major {@code cblas_dgemm}, large products cut into tiles over the engine's threads ({@link TiledGemm}). */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DoublePointer a, int lda,
                     DoublePointer b, int ldb, double beta, DoublePointer c, int ldc) {
        if (sink != null) {
            add(new Call(Routine.GEMM, transA, transB, m, n, k, alpha, beta, lda, ldb, ldc,
                    operand(a, transA ? matrix(k, m, lda) : matrix(m, k, lda)),
                    operand(b, transB ? matrix(n, k, ldb) : matrix(k, n, ldb)),
                    operand(c, matrix(m, n, ldc))));
        }
        TiledGemm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** Row-major {@code cblas_dgemv}: y = α·op(A)·x + β·y, A stored m×n. */
    static void gemv(boolean trans, int m, int n, double alpha, DoublePointer a, int lda, DoublePointer x, int incx,
                     double beta, DoublePointer y, int incy) {
        if (sink != null) {
            add(new Call(Routine.GEMV, trans, false, m, n, 0, alpha, beta, lda, incx, incy, operand(a, matrix(m, n, lda)),
                    operand(x, vector(trans ? m : n, incx)), operand(y, vector(trans ? n : m, incy))));
        }
        openblas_nolapack.cblas_dgemv(ROW_MAJOR, code(trans), m, n, alpha, a, lda, x, incx, beta, y, incy);
    }

    /** Row-major {@code cblas_dger}: A[m×n] += α·x·yᵀ. */
    static void ger(int m, int n, double alpha, DoublePointer x, int incx, DoublePointer y, int incy, DoublePointer a,
                    int lda) {
        if (sink != null) {
            add(new Call(Routine.GER, false, false, m, n, 0, alpha, 1.0, lda, incx, incy, operand(x, vector(m, incx)),
                    operand(y, vector(n, incy)), operand(a, matrix(m, n, lda))));
        }
        openblas_nolapack.cblas_dger(ROW_MAJOR, m, n, alpha, x, incx, y, incy, a, lda);
    }

    private static int code(boolean trans) {
        return trans ? TRANS : openblas_nolapack.CblasNoTrans;
    }

    /**
     * A recorded list of calls made again on buffers of its own: one native buffer for each distinct
     * buffer of the recording (so operands that shared memory in the recorded work share it here, and
     * the calls touch as much memory as they did), each as long as its furthest use and filled with
     * seeded N(0, 1) values. Nothing else runs between the calls.
     */
    public static final class Replay implements AutoCloseable {
        private final List<Call> calls;
        private final Map<Long, DoublePointer> buffers = new LinkedHashMap<>();
        private final DoublePointer[][] operands;

        public Replay(List<Call> calls, long seed) {
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("nothing to replay: the recorded work made no BLAS call");
            }
            this.calls = List.copyOf(calls);
            Map<Long, Long> extent = new LinkedHashMap<>();
            for (Call c : calls) {
                for (Operand o : new Operand[]{c.a(), c.b(), c.c()}) {
                    extent.merge(o.base(), o.offset() + o.span(), Math::max);
                }
            }
            Random r = new Random(seed);
            for (Map.Entry<Long, Long> e : extent.entrySet()) {
                long len = Math.max(1, e.getValue());
                DoublePointer p = new DoublePointer(len);
                for (long i = 0; i < len; i++) {
                    p.put(i, r.nextGaussian());
                }
                buffers.put(e.getKey(), p);
            }
            operands = new DoublePointer[calls.size()][];
            for (int i = 0; i < calls.size(); i++) {
                Call c = calls.get(i);
                operands[i] = new DoublePointer[]{view(c.a()), view(c.b()), view(c.c())};
            }
        }

        /** A pointer into this replay's buffer for the operand's recorded buffer, at its offset. */
        private DoublePointer view(Operand o) {
            return new DoublePointer(buffers.get(o.base())).position(o.offset());
        }

        /** Number of distinct buffers the calls touch. */
        public int bufferCount() {
            return buffers.size();
        }

        /** Copies the current contents of each recorded buffer in (the recorded buffers must still be alive). */
        public void copyFromRecorded() {
            for (Map.Entry<Long, DoublePointer> e : buffers.entrySet()) {
                NativeGemm.copy(e.getKey(), e.getValue().address(), e.getValue().capacity() * Double.BYTES);
            }
        }

        /** The replay's buffer standing for the recorded buffer at {@code base}. */
        public DoublePointer buffer(long base) {
            DoublePointer p = buffers.get(base);
            if (p == null) {
                throw new IllegalArgumentException("no recorded call used a buffer at " + base);
            }
            return p;
        }

        /** Makes every call once, in order. */
        public void run() {
            for (int i = 0; i < operands.length; i++) {
                Call c = calls.get(i);
                DoublePointer[] o = operands[i];
                switch (c.routine()) {
                    case GEMM -> TiledGemm.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), c.alpha(), o[0], c.lda(),
                            o[1], c.ldb(), c.beta(), o[2], c.ldc());
                    case GEMV -> openblas_nolapack.cblas_dgemv(ROW_MAJOR, code(c.transA()), c.m(), c.n(), c.alpha(),
                            o[0], c.lda(), o[1], c.ldb(), c.beta(), o[2], c.ldc());
                    case GER -> openblas_nolapack.cblas_dger(ROW_MAJOR, c.m(), c.n(), c.alpha(), o[0], c.ldb(), o[1],
                            c.ldc(), o[2], c.lda());
                    default -> throw new AssertionError(c.routine());
                }
            }
        }

        @Override
        public void close() {
            for (DoublePointer p : buffers.values()) {
                p.close();
            }
            buffers.clear();
        }
    }
}
