package dgm.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/** The LAPACK eigendecomposition by hand, by reconstruction, and against an independent Jacobi solver. */
class SymmetricEigenTest {

    @Test
    void twoByTwoByHand() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2
        for (SymmetricEigen.Result e : new SymmetricEigen.Result[] {SymmetricEigen.decompose(new double[] {2, 1, 1, 2}, 2),
            JacobiEigen.decompose(new double[] {2, 1, 1, 2}, 2).eigen()}) {
            assertArrayEquals(new double[] {1, 3}, e.values(), 1e-15);
            double[] v0 = e.vector(0);
            assertEquals(0, v0[0] + v0[1], 1e-15);
            assertEquals(1, Math.hypot(v0[0], v0[1]), 1e-15);
            double[] v1 = e.vector(1);
            assertEquals(0, v1[0] - v1[1], 1e-15);
        }
    }

    static double[] randomSymmetric(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = rng.gaussian();
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    @Test
    void reconstructsARandomSymmetricMatrixWithOrthonormalVectors() {
        int n = 40;
        double[] a = randomSymmetric(n, 4);
        for (SymmetricEigen.Result e : new SymmetricEigen.Result[] {SymmetricEigen.decompose(a, n), JacobiEigen.decompose(a, n).eigen()}) {
            double[] v = e.vectors();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r = 0;
                    double vtv = 0;
                    for (int k = 0; k < n; k++) {
                        r += v[i * n + k] * e.values()[k] * v[j * n + k];
                        vtv += v[k * n + i] * v[k * n + j];
                    }
                    assertEquals(a[i * n + j], r, 1e-12, "A[" + i + "][" + j + "]");
                    assertEquals(i == j ? 1 : 0, vtv, 1e-13, "VᵀV[" + i + "][" + j + "]");
                }
            }
            for (int i = 1; i < n; i++) {
                assertTrue(e.values()[i - 1] <= e.values()[i], "ascending");
            }
        }
    }

    @Test
    void lapackAgreesWithJacobi() {
        int n = 96;
        double[] a = randomSymmetric(n, 12);
        JacobiEigen.Result jacobi = JacobiEigen.decompose(a, n);
        assertTrue(jacobi.sweeps() < 15, jacobi.sweeps() + " sweeps");
        assertArrayEquals(jacobi.eigen().values(), SymmetricEigen.decompose(a, n).values(), 1e-12);
    }

    @Test
    void squareRootSquaresBack() {
        double[] a = {4, 1, 0, 1, 3, 1, 0, 1, 2};
        double[] r = SymmetricEigen.apply(SymmetricEigen.decompose(a, 3), Math::sqrt);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += r[i * 3 + k] * r[k * 3 + j];
                }
                assertEquals(a[i * 3 + j], s, 1e-14);
            }
        }
    }

    @Test
    void diagonalAndZeroMatricesAndRefusals() {
        assertArrayEquals(new double[] {-1, 3}, SymmetricEigen.decompose(new double[] {3, 0, 0, -1}, 2).values(), 0);
        assertEquals(0, JacobiEigen.decompose(new double[] {3, 0, 0, -1}, 2).sweeps());
        assertArrayEquals(new double[] {0, 0}, SymmetricEigen.decompose(new double[4], 2).values(), 0);
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[] {1, Double.NaN, Double.NaN, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[3], 2));
    }
}
