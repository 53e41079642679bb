package dgm.core.nn;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The products of {@link Gemm} through ND4J's BLAS {@code gemm}, for sizes where that pays: the
 * row-major Java operands are copied (one memcpy each) into cached native column-major buffers,
 * using that a row-major [r×c] array is a column-major [c×r] one, so no operand is transposed in
 * memory. Buffers are cached per thread and shape, so a training loop allocates nothing.
 *
 * <p>Requires single-threaded BLAS/OpenMP on small machines (OMP_NUM_THREADS=1, see REFERENCE §5).
 */
final class NativeGemm {
    private NativeGemm() {
    }

    private static final ThreadLocal<Map<Long, INDArray>> CACHE = ThreadLocal.withInitial(HashMap::new);

    /** A cached column-major [rows × cols] float64 array for slot {@code which}. */
    private static INDArray buffer(int which, int rows, int cols) {
        long key = ((long) which << 56) ^ ((long) rows << 28) ^ cols;
        return CACHE.get().computeIfAbsent(key, k -> Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'f'));
    }

    private static DoublePointer ptr(INDArray a) {
        return (DoublePointer) a.data().pointer();
    }

    /** y[n×m] = x[n×k] · w[k×m]: column-major Yᵀ[m×n] = Wᵀ[m×k] · Xᵀ[k×n]. */
    static void mul(double[] x, double[] w, int wOff, double[] y, int n, int k, int m) {
        INDArray wt = buffer(0, m, k);
        INDArray xt = buffer(1, k, n);
        INDArray yt = buffer(2, m, n);
        ptr(wt).put(w, wOff, k * m);
        ptr(xt).put(x, 0, n * k);
        Nd4j.gemm(wt, xt, yt, false, false, 1.0, 0.0);
        ptr(yt).get(y, 0, n * m);
    }

    /** dw[k×m] += xᵀ · dy: column-major dWᵀ[m×k] = dYᵀ[m×n] · X[n×k] = dYᵀ · (Xᵀ)ᵀ. */
    static void accumulateTransposedA(double[] x, double[] dy, double[] dw, int dwOff, int n, int k, int m, double[] tmp) {
        INDArray dyt = buffer(3, m, n);
        INDArray xt = buffer(1, k, n);
        INDArray dwt = buffer(4, m, k);
        ptr(dyt).put(dy, 0, n * m);
        ptr(xt).put(x, 0, n * k);
        Nd4j.gemm(dyt, xt, dwt, false, true, 1.0, 0.0);
        ptr(dwt).get(tmp, 0, k * m);
        for (int i = 0; i < k * m; i++) {
            dw[dwOff + i] += tmp[i];
        }
    }

    /** dx[n×k] = dy[n×m] · wᵀ: column-major dXᵀ[k×n] = W[k×m]… = (Wᵀ)ᵀ[k×m] · dYᵀ[m×n]. */
    static void mulTransposedB(double[] dy, double[] w, int wOff, double[] dx, int n, int k, int m) {
        INDArray wt = buffer(0, m, k);
        INDArray dyt = buffer(3, m, n);
        INDArray dxt = buffer(5, k, n);
        ptr(wt).put(w, wOff, k * m);
        ptr(dyt).put(dy, 0, n * m);
        Nd4j.gemm(wt, dyt, dxt, true, false, 1.0, 0.0);
        ptr(dxt).get(dx, 0, n * k);
    }
}
