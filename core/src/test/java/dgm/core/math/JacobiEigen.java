package dgm.core.math;

/**
 * The cyclic Jacobi eigenvalue method (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed.,
 * §8.5; the rotation as in Press et al., <i>Numerical Recipes</i>, §11.1), an independent
 * reference for {@link SymmetricEigen}'s LAPACK result: sweeps of plane rotations, each zeroing one
 * off-diagonal pair, until the off-diagonal Frobenius norm is below 1e−15 of the matrix's.
 */
final class JacobiEigen {
    private static final int MAX_SWEEPS = 100;

    /** The decomposition and the sweeps it took. */
    record Result(SymmetricEigen.Result eigen, int sweeps) {
    }

    private JacobiEigen() {
    }

    /**
     * Decomposes the symmetric matrix {@code a} [n×n], row-major (not modified; only its upper
     * triangle is read as given: the lower is taken to mirror it).
     *
     * @throws IllegalArgumentException if it is not square, holds a non-finite value or the sweeps do not converge
     */
    static Result decompose(double[] a, int n) {
        if (n < 1 || a.length != n * n) {
            throw new IllegalArgumentException("need an n×n matrix with n ≥ 1, got " + a.length + " values for n = " + n);
        }
        double[] m = new double[n * n];
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = a[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + v);
                }
                m[i * n + j] = v;
                m[j * n + i] = v;
                norm2 += (i == j ? 1 : 2) * v * v;
            }
        }
        double[] vec = new double[n * n];
        for (int i = 0; i < n; i++) {
            vec[i * n + i] = 1;
        }
        double tol2 = 1e-30 * norm2;
        int sweeps = 0;
        while (true) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p * n + q] * m[p * n + q];
                }
            }
            if (2 * off <= tol2 || norm2 == 0) {
                break;
            }
            if (sweeps == MAX_SWEEPS) {
                throw new IllegalArgumentException("Jacobi eigen solver did not converge in " + MAX_SWEEPS + " sweeps");
            }
            sweeps++;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, vec, n, p, q);
                }
            }
        }
        // sort ascending
        double[] values = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x * n + x], m[y * n + y]));
        double[] vectors = new double[n * n];
        for (int c = 0; c < n; c++) {
            int src = order[c];
            values[c] = m[src * n + src];
            for (int k = 0; k < n; k++) {
                vectors[k * n + c] = vec[k * n + src];
            }
        }
        return new Result(new SymmetricEigen.Result(values, vectors, n), sweeps);
    }

    /** One Jacobi rotation A ← JᵀAJ zeroing A[p][q], V ← VJ. */
    private static void rotate(double[] m, double[] vec, int n, int p, int q) {
        double apq = m[p * n + q];
        if (apq == 0) {
            return;
        }
        double app = m[p * n + p];
        double aqq = m[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        } else if (Double.isInfinite(theta * theta)) {
            t = 1 / (2 * theta);
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = m[k * n + p];
            double akq = m[k * n + q];
            m[k * n + p] = c * akp - s * akq;
            m[k * n + q] = s * akp + c * akq;
        }
        int po = p * n;
        int qo = q * n;
        for (int k = 0; k < n; k++) {
            double apk = m[po + k];
            double aqk = m[qo + k];
            m[po + k] = c * apk - s * aqk;
            m[qo + k] = s * apk + c * aqk;
        }
        m[po + q] = 0;
        m[qo + p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = vec[k * n + p];
            double vkq = vec[k * n + q];
            vec[k * n + p] = c * vkp - s * vkq;
            vec[k * n + q] = s * vkp + c * vkq;
        }
    }

}
