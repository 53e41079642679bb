package dgm.flow.bijector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * The one contract every bijector must pass, in float64 (DESIGN.md, "Tests that make a research
 * tool trustworthy"): round trip, log-det against a central-difference Jacobian, inverse log-det
 * = −forward log-det, triangular Jacobian where promised, and finite-difference checks of the
 * gradients of an NLL-like loss with respect to parameters and inputs.
 */
public final class BijectorContract {
    /** A bijector under test with its trainable parameters (possibly empty) and sample inputs. */
    public record Subject(String name, Bijector bijector, ParamBuffer params) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final double ROUND_TRIP_TOL = 1e-9;
    static final double LOGDET_TOL = 1e-6;
    static final double GRAD_TOL = 1e-5;

    private BijectorContract() {
    }

    static double[] inputs(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = 1.2 * rng.gaussian();
        }
        return x;
    }

    public static void roundTrip(Subject s) {
        Bijector f = s.bijector();
        int d = f.dimension();
        int n = 9;
        double[] x = inputs(n, d, 11);
        double[] z = new double[n * d];
        double[] back = new double[n * d];
        f.forward(x, n, z, new double[n]);
        f.inverse(z, n, back, new double[n]);
        for (int k = 0; k < x.length; k++) {
            assertEquals(x[k], back[k], ROUND_TRIP_TOL * (1 + Math.abs(x[k])), s + ": x ≠ f⁻¹(f(x)) at " + k);
        }
        // and the other way round, from latent points
        double[] z2 = inputs(n, d, 12);
        double[] x2 = new double[n * d];
        double[] z3 = new double[n * d];
        f.inverse(z2, n, x2, new double[n]);
        f.forward(x2, n, z3, new double[n]);
        for (int k = 0; k < z2.length; k++) {
            assertEquals(z2[k], z3[k], ROUND_TRIP_TOL * (1 + Math.abs(z2[k])), s + ": z ≠ f(f⁻¹(z)) at " + k);
        }
    }

    /** The numerical Jacobian ∂z/∂x at one point (row-major d × d: J[a][b] = ∂z_a/∂x_b). */
    static double[][] jacobian(Bijector f, double[] x0) {
        int d = f.dimension();
        double h = 1e-5;
        double[][] jac = new double[d][d];
        double[] x = x0.clone();
        double[] zp = new double[d];
        double[] zm = new double[d];
        for (int b = 0; b < d; b++) {
            x[b] = x0[b] + h;
            f.forward(x, 1, zp, new double[1]);
            x[b] = x0[b] - h;
            f.forward(x, 1, zm, new double[1]);
            x[b] = x0[b];
            for (int a = 0; a < d; a++) {
                jac[a][b] = (zp[a] - zm[a]) / (2 * h);
            }
        }
        return jac;
    }

    /** log|det| by LU decomposition with partial pivoting. */
    static double logAbsDet(double[][] m0) {
        int d = m0.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            m[i] = m0[i].clone();
        }
        double s = 0;
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double p = m[c][c];
            s += Math.log(Math.abs(p));
            for (int r = c + 1; r < d; r++) {
                double f = m[r][c] / p;
                for (int k = c; k < d; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        return s;
    }

    public static void logDetMatchesNumericalJacobianAndInverse(Subject s) {
        Bijector f = s.bijector();
        int d = f.dimension();
        int n = 6;
        double[] x = inputs(n, d, 21);
        double[] z = new double[n * d];
        double[] ld = new double[n];
        f.forward(x, n, z, ld);
        double[] ldInv = new double[n];
        f.inverse(z, n, new double[n * d], ldInv);
        int[] order = f.triangularOrder();
        for (int i = 0; i < n; i++) {
            double[] xi = new double[d];
            System.arraycopy(x, i * d, xi, 0, d);
            double[][] jac = jacobian(f, xi);
            assertEquals(logAbsDet(jac), ld[i], LOGDET_TOL * (1 + Math.abs(ld[i])),
                    s + ": log|det ∂f/∂x| differs from the numerical Jacobian's at row " + i);
            assertEquals(-ld[i], ldInv[i], 1e-10 * (1 + Math.abs(ld[i])),
                    s + ": inverse log-det is not −forward log-det at row " + i);
            if (order != null) {
                for (int a = 0; a < d; a++) {
                    for (int b = a + 1; b < d; b++) {
                        assertEquals(0.0, jac[order[a]][order[b]], 1e-8,
                                s + ": promised triangular Jacobian has ∂z_" + order[a] + "/∂x_" + order[b] + " ≠ 0");
                    }
                }
            }
        }
        // adding into logDet, not overwriting: a non-zero start must survive
        double[] ld2 = new double[n];
        java.util.Arrays.fill(ld2, 5.0);
        f.forward(x, n, z, ld2);
        for (int i = 0; i < n; i++) {
            assertEquals(ld[i] + 5.0, ld2[i], 1e-12, s + ": forward must add to logDet");
        }
    }

    /**
     * L = Σ_i w_i (½‖z_i‖² − logDet_i) + Σ c ⊙ z, an NLL with random weights (so that no term can
     * hide behind a symmetric cancellation); its analytic gradients against central differences.
     */
    public static void gradientsMatchFiniteDifferences(Subject s) {
        Bijector f = s.bijector();
        int d = f.dimension();
        int n = 5;
        double[] x = inputs(n, d, 31);
        Rng rng = new Rng(32);
        double[] w = new double[n];
        double[] c = new double[n * d];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 + rng.uniform();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = 0.3 * rng.gaussian();
        }
        ParamBuffer p = s.params();
        p.zeroGrad();
        double[] z = new double[n * d];
        double[] ld = new double[n];
        f.forward(x, n, z, ld);
        double[] dz = new double[n * d];
        double[] dld = new double[n];
        for (int i = 0; i < n; i++) {
            dld[i] = -w[i];
            for (int j = 0; j < d; j++) {
                dz[i * d + j] = w[i] * z[i * d + j] + c[i * d + j];
            }
        }
        double[] dzCopy = dz.clone();
        double[] dx = new double[n * d];
        f.backward(dz, dld, n, dx);
        assertTrue(java.util.Arrays.equals(dz, dzCopy), s + ": backward modified dz");
        double[] g = p.grads().clone();
        double h = 1e-6;
        double[] v = p.values();
        for (int k = 0; k < v.length; k++) {
            double old = v[k];
            v[k] = old + h;
            double lp = loss(f, x, n, w, c);
            v[k] = old - h;
            double lm = loss(f, x, n, w, c);
            v[k] = old;
            double num = (lp - lm) / (2 * h);
            assertEquals(num, g[k], GRAD_TOL * (1 + Math.abs(num)), s + ": dL/dθ of parameter " + k + " (" + slotOf(p, k) + ")");
        }
        for (int k = 0; k < x.length; k++) {
            double old = x[k];
            x[k] = old + h;
            double lp = loss(f, x, n, w, c);
            x[k] = old - h;
            double lm = loss(f, x, n, w, c);
            x[k] = old;
            double num = (lp - lm) / (2 * h);
            assertEquals(num, dx[k], GRAD_TOL * (1 + Math.abs(num)), s + ": dL/dx at " + k);
        }
    }

    /**
     * For bijectors whose sampling direction is differentiable: the same weighted-NLL check on the
     * inverse, L = Σ_i w_i (½‖x_i‖² − invLogDet_i) + Σ c ⊙ x with x = f⁻¹(z).
     */
    public static void inverseGradientsMatchFiniteDifferences(Subject s) {
        Bijector f = s.bijector();
        if (!f.supportsInverseBackward()) {
            return;
        }
        int d = f.dimension();
        int n = 5;
        double[] z = inputs(n, d, 51);
        Rng rng = new Rng(52);
        double[] w = new double[n];
        double[] c = new double[n * d];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 + rng.uniform();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = 0.3 * rng.gaussian();
        }
        ParamBuffer p = s.params();
        p.zeroGrad();
        double[] x = new double[n * d];
        double[] ld = new double[n];
        f.inverse(z, n, x, ld);
        double[] dx = new double[n * d];
        double[] dld = new double[n];
        for (int i = 0; i < n; i++) {
            dld[i] = -w[i];
            for (int j = 0; j < d; j++) {
                dx[i * d + j] = w[i] * x[i * d + j] + c[i * d + j];
            }
        }
        double[] dz = new double[n * d];
        f.inverseBackward(dx, dld, n, dz);
        double[] g = p.grads().clone();
        double h = 1e-6;
        double[] v = p.values();
        for (int k = 0; k < v.length; k++) {
            double old = v[k];
            v[k] = old + h;
            double lp = inverseLoss(f, z, n, w, c);
            v[k] = old - h;
            double lm = inverseLoss(f, z, n, w, c);
            v[k] = old;
            double num = (lp - lm) / (2 * h);
            assertEquals(num, g[k], GRAD_TOL * (1 + Math.abs(num)), s + ": inverse dL/dθ of " + slotOf(p, k));
        }
        for (int k = 0; k < z.length; k++) {
            double old = z[k];
            z[k] = old + h;
            double lp = inverseLoss(f, z, n, w, c);
            z[k] = old - h;
            double lm = inverseLoss(f, z, n, w, c);
            z[k] = old;
            double num = (lp - lm) / (2 * h);
            assertEquals(num, dz[k], GRAD_TOL * (1 + Math.abs(num)), s + ": inverse dL/dz at " + k);
        }
    }

    private static double inverseLoss(Bijector f, double[] z, int n, double[] w, double[] c) {
        int d = f.dimension();
        double[] x = new double[n * d];
        double[] ld = new double[n];
        f.inverse(z, n, x, ld);
        double l = 0;
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                sq += v * v;
                l += c[i * d + j] * v;
            }
            l += w[i] * (0.5 * sq - ld[i]);
        }
        return l;
    }

    private static String slotOf(ParamBuffer p, int k) {
        for (ParamBuffer.Slot sl : p.slots()) {
            if (k >= sl.offset() && k < sl.offset() + sl.size()) {
                return sl.name() + "[" + (k - sl.offset()) + "]";
            }
        }
        return "?";
    }

    private static double loss(Bijector f, double[] x, int n, double[] w, double[] c) {
        int d = f.dimension();
        double[] z = new double[n * d];
        double[] ld = new double[n];
        f.forward(x, n, z, ld);
        double l = 0;
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double v = z[i * d + j];
                sq += v * v;
                l += c[i * d + j] * v;
            }
            l += w[i] * (0.5 * sq - ld[i]);
        }
        return l;
    }

    /** Rows of a batch are independent: row i of a batch equals the same row run alone. */
    public static void rowsAreIndependent(Subject s) {
        Bijector f = s.bijector();
        int d = f.dimension();
        int n = 7;
        double[] x = inputs(n, d, 41);
        double[] z = new double[n * d];
        double[] ld = new double[n];
        f.forward(x, n, z, ld);
        for (int i = 0; i < n; i += 3) {
            double[] xi = new double[d];
            System.arraycopy(x, i * d, xi, 0, d);
            double[] zi = new double[d];
            double[] ldi = new double[1];
            f.forward(xi, 1, zi, ldi);
            for (int j = 0; j < d; j++) {
                assertEquals(z[i * d + j], zi[j], 1e-12, s + ": row " + i + " depends on its batch");
            }
            assertEquals(ld[i], ldi[0], 1e-12, s + ": log-det of row " + i + " depends on its batch");
        }
    }
}
