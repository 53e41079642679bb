package dgm.flow.bijector;

import dgm.core.nn.ParamBuffer;
import org.apache.commons.math3.special.Erf;

/**
 * A fixed elementwise map for dequantised data: z_j = Φ⁻¹(F_j(y_j)), where F_j is the CDF of a
 * density that is constant on each unit cell [o + k, o + k + 1), k = 0..L−1, with cell masses m_jk
 * (positive, summing to 1 per dimension). log|dz_j/dy_j| = log m_jk − log φ(z_j).
 *
 * <p>Put first in a flow with m_jk the Laplace-smoothed frequencies of the training set's integer
 * levels, the model with every later stage at the identity and a standard normal base is exactly the
 * per-dimension histogram q(y) = Π_j m_j⌊y_j⌋ (a Gaussian copula with identity correlation), so a
 * flow trained on top starts from the independent-marginals baseline and spends its capacity on the
 * dependence between dimensions. The support is the box [o, o + L)^d: points outside get log-det −∞
 * and a finite stand-in image. The masses (and L, o) live in the fixed buffers, sized for up to
 * {@link #MAX_LEVELS} levels so the layout does not depend on the data.
 *
 * <p>Φ⁻¹ is computed from the nearer tail (lower or upper cumulative mass, each summed directly, so
 * no precision is lost near 1) by Newton steps on log Φ, to about machine precision.
 */
public final class MarginalHistogramCdf implements Bijector {
    public static final int MAX_LEVELS = 256;
    static final double OUTSIDE = 40.0;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2.0);
    /** the smallest tail mass used (a point exactly on the support's edge), so z stays finite */
    private static final double MIN_TAIL = 1e-250;

    private final int d;
    private final ParamBuffer buffers;
    private final ParamBuffer.Slot meta;
    private final ParamBuffer.Slot mass;
    private double[] lastX;
    private int lastN = -1;
    private double[] lastZ;
    private int lastInverseN = -1;

    public MarginalHistogramCdf(ParamBuffer buffers, String name, int d) {
        this.d = d;
        this.buffers = buffers;
        this.meta = buffers.allocate(name + ".levels_origin", 2);
        this.mass = buffers.allocate(name + ".mass", d * MAX_LEVELS);
        // until set: one unit cell [0, 1) per dimension, i.e. the uniform density
        double[] v = buffers.values();
        v[meta.offset()] = 1;
        v[meta.offset() + 1] = 0;
        for (int j = 0; j < d; j++) {
            v[mass.offset() + j * MAX_LEVELS] = 1.0;
        }
    }

    /**
     * Sets the cell masses from cell counts: m_jk = (count_jk + alpha) / (n + L·alpha).
     *
     * @param levels L, the number of unit cells per dimension (at most {@link #MAX_LEVELS})
     * @param origin o, the left edge of cell 0
     * @param rows   training rows (dequantised: each value in [o, o + L))
     * @param alpha  additive smoothing count per cell, positive so that every cell has mass
     */
    public void fit(int levels, double origin, double[][] rows, double alpha) {
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be in [1, " + MAX_LEVELS + "], got " + levels);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("smoothing count must be positive, got " + alpha);
        }
        double[][] m = new double[d][levels];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                int c = (int) Math.floor(r[j] - origin);
                if (c < 0 || c >= levels) {
                    throw new IllegalArgumentException("value " + r[j] + " in column " + j + " is outside [" + origin
                            + ", " + (origin + levels) + ")");
                }
                m[j][c] += 1;
            }
        }
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < levels; c++) {
                m[j][c] = (m[j][c] + alpha) / (rows.length + levels * alpha);
            }
        }
        set(levels, origin, m);
    }

    /** Sets L, o and the masses m[j][k] (positive; each row is normalised to sum 1 here). */
    public void set(int levels, double origin, double[][] m) {
        double[] v = buffers.values();
        v[meta.offset()] = levels;
        v[meta.offset() + 1] = origin;
        java.util.Arrays.fill(v, mass.offset(), mass.offset() + d * MAX_LEVELS, 0.0);
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int c = 0; c < levels; c++) {
                if (!(m[j][c] > 0)) {
                    throw new IllegalArgumentException("cell masses must be positive; column " + j + " cell " + c);
                }
                s += m[j][c];
            }
            for (int c = 0; c < levels; c++) {
                v[mass.offset() + j * MAX_LEVELS + c] = m[j][c] / s;
            }
        }
    }

    private int levels() {
        return (int) buffers.values()[meta.offset()];
    }

    private double origin() {
        return buffers.values()[meta.offset() + 1];
    }

    /** lower[j][k] = Σ_{c<k} m_jc and upper[j][k] = Σ_{c≥k} m_jc, k = 0..L, each summed directly. */
    private double[][][] cumulative() {
        int L = levels();
        double[] v = buffers.values();
        double[][] lower = new double[d][L + 1];
        double[][] upper = new double[d][L + 1];
        for (int j = 0; j < d; j++) {
            int o = mass.offset() + j * MAX_LEVELS;
            for (int c = 0; c < L; c++) {
                lower[j][c + 1] = lower[j][c] + v[o + c];
            }
            for (int c = L - 1; c >= 0; c--) {
                upper[j][c] = upper[j][c + 1] + v[o + c];
            }
        }
        return new double[][][] {lower, upper};
    }

    /** Φ(z) for z ≤ 0 (the lower tail), accurate far into the tail. */
    static double lowerTail(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    static double logPhi(double z) {
        return -0.5 * z * z - HALF_LOG_2PI;
    }

    /** Φ⁻¹(p) for p ∈ (0, 1/2]: a starting point, then Newton steps on log Φ(z) = log p. */
    static double lowerQuantile(double p) {
        p = Math.max(p, MIN_TAIL);
        double z;
        if (p > 1e-8) {
            z = -SQRT2 * Erf.erfcInv(2 * p);
        } else {
            // asymptotic: Φ(z) ≈ φ(z)/|z|
            double t = -2 * Math.log(p);
            z = -Math.sqrt(t - Math.log(t) - Math.log(2 * Math.PI));
        }
        for (int it = 0; it < 6; it++) {
            double cdf = lowerTail(z);
            if (!(cdf > 0)) {
                break;
            }
            double step = (Math.log(cdf) - Math.log(p)) * cdf / Math.exp(logPhi(z));
            z -= step;
            if (Math.abs(step) < 1e-15 * (1 + Math.abs(z))) {
                break;
            }
        }
        return z;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** z at x (column j), or NaN outside the support; the cell index goes to cell[0]. */
    private double image(double x, int j, double[][][] cum, int L, double o, double[] v, int[] cell) {
        double y = x - o;
        if (!(y >= 0 && y < L)) {
            cell[0] = -1;
            return Double.NaN;
        }
        int c = Math.min((int) Math.floor(y), L - 1);
        cell[0] = c;
        double t = y - c;
        double m = v[mass.offset() + j * MAX_LEVELS + c];
        double lo = cum[0][j][c] + m * t;
        double up = cum[1][j][c + 1] + m * (1 - t);
        return lo <= up ? lowerQuantile(lo) : -lowerQuantile(up);
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        double[][][] cum = cumulative();
        int L = levels();
        double o = origin();
        double[] v = buffers.values();
        int[] cell = new int[1];
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double zz = image(x[k], j, cum, L, o, v, cell);
                if (cell[0] < 0) {
                    z[k] = Math.copySign(OUTSIDE, x[k] - o - 0.5 * L);
                    ld = Double.NEGATIVE_INFINITY;
                    continue;
                }
                z[k] = zz;
                ld += Math.log(v[mass.offset() + j * MAX_LEVELS + cell[0]]) - logPhi(zz);
            }
            logDet[i] += ld;
        }
        lastX = x;
        lastN = n;
        lastInverseN = -1;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        double[][][] cum = cumulative();
        int L = levels();
        double o = origin();
        double[] v = buffers.values();
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                int c = inverseCell(z[k], j, cum, L);
                double m = v[mass.offset() + j * MAX_LEVELS + c];
                double t;
                if (z[k] <= 0) {
                    t = (lowerTail(z[k]) - cum[0][j][c]) / m;
                } else {
                    t = 1 - (lowerTail(-z[k]) - cum[1][j][c + 1]) / m;
                }
                t = Math.min(Math.max(t, 0.0), Math.nextDown(1.0));
                x[k] = o + c + t;
                ld += logPhi(z[k]) - Math.log(m);
            }
            logDet[i] += ld;
        }
        lastZ = z;
        lastInverseN = n;
        lastN = -1;
    }

    /** The cell whose CDF range holds Φ(z), searched from the nearer tail. */
    private static int inverseCell(double z, int j, double[][][] cum, int L) {
        if (z <= 0) {
            double p = lowerTail(z);
            int c = 0;
            while (c < L - 1 && cum[0][j][c + 1] <= p) {
                c++;
            }
            return c;
        }
        double q = lowerTail(-z);
        int c = L - 1;
        while (c > 0 && cum[1][j][c] <= q) {
            c--;
        }
        return c;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        double[][][] cum = cumulative();
        int L = levels();
        double o = origin();
        double[] v = buffers.values();
        int[] cell = new int[1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double zz = image(lastX[k], j, cum, L, o, v, cell);
                if (cell[0] < 0) {
                    dx[k] = 0.0;
                    continue;
                }
                // dz/dy = m/φ(z); d logdet/dy = z·dz/dy
                double dzdy = v[mass.offset() + j * MAX_LEVELS + cell[0]] / Math.exp(logPhi(zz));
                dx[k] = (dz[k] + dLogDet[i] * zz) * dzdy;
            }
        }
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        double[][][] cum = cumulative();
        int L = levels();
        double[] v = buffers.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double zz = lastZ[k];
                int c = inverseCell(zz, j, cum, L);
                // dy/dz = φ(z)/m; d(inverse logdet)/dz = −z
                dz[k] = dx[k] * Math.exp(logPhi(zz)) / v[mass.offset() + j * MAX_LEVELS + c] - zz * dLogDet[i];
            }
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }

    @Override
    public String describe() {
        return "MarginalHistogramCdf(L=" + levels() + ", origin=" + origin() + ")";
    }
}
