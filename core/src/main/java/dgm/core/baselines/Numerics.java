package dgm.core.baselines;

import dgm.core.InputException;
import dgm.core.train.FitContext;

/**
 * Small dense linear algebra and the input checks shared by the baselines.
 *
 * <p>Everything here is plain Java on {@code double[]}. The large products (n·d² and n·k·d work)
 * are not here: the models call {@link dgm.core.nn.Gemm} for them, so their bits depend on the
 * process's engine (recorded in run records), not on the call's batch size beyond rounding.
 */
final class Numerics {
    /** ½ log(2π). */
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /**
     * Below this ratio of a Cholesky pivot to its diagonal entry the matrix is treated as singular:
     * the factor would be dominated by round-off and the log-determinant meaningless.
     */
    private static final double PIVOT_RATIO = 1e-12;

    private Numerics() {
    }

    /**
     * Lower Cholesky factor L of a symmetric positive-definite {@code a} (only its lower triangle is
     * read), with A = L Lᵀ; {@code null} if {@code a} is not numerically positive definite.
     */
    static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > PIVOT_RATIO * a[i][i]) || !(s > 0) || !Double.isFinite(s)) {
                        return null;
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** log det(L Lᵀ) = 2 Σ log L_ii. */
    static double logDetFromCholesky(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.log(l[i][i]);
        }
        return 2 * s;
    }

    /**
     * (L⁻¹)ᵀ of a lower-triangular L with a positive diagonal, row-major [d·d]: entry (a, b) is
     * (L⁻¹)_{b,a}, so that a row vector v times it is (L⁻¹ vᵀ)ᵀ. M = L⁻¹ is built row by row from
     * L M = I (row i of M is (eᵢ − Σ_{p&lt;i} L_{ip} M_p) / L_ii), d³/6 multiply-adds.
     */
    static double[] lowerInverseTransposed(double[][] l) {
        int d = l.length;
        double[][] m = new double[d][];
        double[] acc = new double[d];
        for (int i = 0; i < d; i++) {
            java.util.Arrays.fill(acc, 0, i + 1, 0.0);
            acc[i] = 1;
            double[] li = l[i];
            for (int p = 0; p < i; p++) {
                double a = li[p];
                if (a != 0) {
                    double[] mp = m[p];
                    for (int j = 0; j <= p; j++) {
                        acc[j] -= a * mp[j];
                    }
                }
            }
            double inv = 1 / li[i];
            double[] mi = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                mi[j] = acc[j] * inv;
            }
            m[i] = mi;
        }
        double[] t = new double[d * d];
        for (int b = 0; b < d; b++) {
            double[] mb = m[b];
            for (int a = 0; a <= b; a++) {
                t[a * d + b] = mb[a];
            }
        }
        return t;
    }

    /**
     * The training split, checked: non-empty, rectangular, finite, at least {@code minRows} rows.
     * Only {@code ctx.data().train()} is read.
     */
    static double[][] train(String id, FitContext ctx, int minRows, String why) {
        return checked(id, "training", ctx.data().train(), minRows, why);
    }

    /** The validation split, checked like {@link #train}; used only for model selection. */
    static double[][] validation(String id, FitContext ctx, int d, String why) {
        double[][] v = ctx.data().validation();
        if (v == null || v.length == 0) {
            throw new InputException(id + ": " + why);
        }
        checked(id, "validation", v, 1, why);
        if (v[0].length != d) {
            throw new InputException(id + ": validation points have dimension " + v[0].length
                    + " but training points have dimension " + d);
        }
        return v;
    }

    private static double[][] checked(String id, String split, double[][] x, int minRows, String why) {
        if (x == null || x.length == 0) {
            throw new InputException(id + ": the " + split + " split is empty");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new InputException(id + ": the " + split + " points have dimension 0");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new InputException(id + ": " + split + " row " + i + " has " + x[i].length
                        + " values, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new InputException(id + ": " + split + " value [" + i + ", " + j + "] is "
                            + x[i][j] + "; only finite data can be fitted");
                }
            }
        }
        if (x.length < minRows) {
            throw new InputException(id + ": " + why + " (got " + x.length + " " + split + " points in "
                    + d + " dimensions)");
        }
        return x;
    }

    static void checkSampleCount(String id, int n) {
        if (n < 0) {
            throw new InputException(id + ": cannot draw " + n + " samples");
        }
    }

    /** Per-dimension sample mean. */
    static double[] mean(double[][] x) {
        int d = x[0].length;
        double[] m = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    /** Mean of {@code v}. */
    static double average(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a;
        }
        return s / v.length;
    }
}
