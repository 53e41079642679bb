package dgm.core.math;

import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix, through ND4J's
 * {@code Eigen.symmetricGeneralizedEigenvalues} (LAPACK's {@code dsyev} in the OpenBLAS that ND4J
 * loads), in float64: 256 × 256 in about 50 ms, where a pure-Java cyclic Jacobi took 2.5 s (the
 * tests keep one as an independent reference and agree to 10⁻¹³). Its last bits depend on the
 * LAPACK build, as every BLAS product's do.
 */
public final class SymmetricEigen {

    /** Eigenvalues (ascending) and the matching orthonormal eigenvectors as the columns of {@code vectors} [n×n], row-major. */
    public record Result(double[] values, double[] vectors, int n) {
        /** Column i of V. */
        public double[] vector(int i) {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = vectors[k * n + i];
            }
            return v;
        }
    }

    private SymmetricEigen() {
    }

    /**
     * Decomposes the symmetric matrix {@code a} [n×n], row-major (not modified; its upper triangle
     * is read, the lower taken to mirror it).
     *
     * @throws IllegalArgumentException if it is not square or holds a non-finite value
     */
    public static Result decompose(double[] a, int n) {
        if (n < 1 || a.length != n * n) {
            throw new IllegalArgumentException("need an n×n matrix with n ≥ 1, got " + a.length + " values for n = " + n);
        }
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = a[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + v);
                }
                m[i * n + j] = v;
                m[j * n + i] = v;
            }
        }
        INDArray matrix = Nd4j.create(m, new long[] {n, n}, DataType.DOUBLE);
        INDArray w = Eigen.symmetricGeneralizedEigenvalues(matrix, true);
        double[] raw = w.toDoubleVector();
        double[][] vec = matrix.toDoubleMatrix();
        // ascending, as LAPACK returns them; sorted here so that no build's order is relied on
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(raw[x], raw[y]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int c = 0; c < n; c++) {
            values[c] = raw[order[c]];
            for (int k = 0; k < n; k++) {
                vectors[k * n + c] = vec[k][order[c]];
            }
        }
        return new Result(values, vectors, n);
    }

    /**
     * f(A) = V·diag(f(λ))·Vᵀ for a symmetric A (e.g. the square root with λ clamped at 0), [n×n] row-major.
     */
    public static double[] apply(Result e, DoubleUnaryOperator f) {
        int n = e.n();
        double[] fl = new double[n];
        for (int i = 0; i < n; i++) {
            fl[i] = f.applyAsDouble(e.values()[i]);
        }
        double[] v = e.vectors();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[i * n + k] * fl[k] * v[j * n + k];
                }
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        return out;
    }
}
