package dgm.core.data.toy;

/**
 * The special functions the exact toy densities need, in double precision: the exponentially scaled
 * Bessel function {@code I0e}, the scaled complementary error function {@code erfcx}, the log of a
 * difference of normal CDFs and Gauss–Legendre rules (log-sum-exp: {@link dgm.core.math.LogSumExp}).
 *
 * <p>Java's standard library has none of these; they are implemented here from their defining
 * series, asymptotic expansions and differential equations (no tabulated coefficients copied from
 * elsewhere), and tested against direct numerical integrals of their integral representations.
 */
final class ToyMath {

    static final double LOG_2PI = Math.log(2 * Math.PI);
    static final double SQRT2 = Math.sqrt(2.0);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

    private ToyMath() {
    }

    // ---------------------------------------------------------------------------------------------
    // I0e(x) = exp(-|x|) I0(x)

    /** Below this argument the power series is used, above it the asymptotic expansion. */
    private static final double I0E_SWITCH = 20.0;

    /**
     * The exponentially scaled modified Bessel function of the first kind of order 0,
     * {@code I0e(x) = e^{-|x|} I0(x)}, with relative error of order 1e-15.
     *
     * <p>For |x| &lt; 20 the power series I0(x) = Σ (x²/4)^k / (k!)², whose terms are all positive (no
     * cancellation); for |x| ≥ 20 the asymptotic expansion
     * I0e(x) ≈ (2πx)^{-1/2} Σ_k ((2k−1)!!)² / (k! 8^k x^k), truncated before its smallest term, whose
     * error is of order e^{-2x} ≤ 4e-18 there.
     */
    static double i0e(double x) {
        double ax = Math.abs(x);
        if (Double.isNaN(ax)) {
            return Double.NaN;
        }
        if (ax < I0E_SWITCH) {
            double q = ax * ax / 4;
            double term = 1;
            double sum = 1;
            for (int k = 1; k < 200; k++) {
                term *= q / ((double) k * k);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            return sum * Math.exp(-ax);
        }
        if (ax == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 100; k++) {
            double next = term * (2.0 * k - 1) * (2.0 * k - 1) / (8.0 * k * ax);
            if (next >= term) {
                break; // the asymptotic series starts to diverge: stop at its smallest term
            }
            term = next;
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum / Math.sqrt(2 * Math.PI * ax);
    }

    /** log I0e(x), finite for every finite x. */
    static double logI0e(double x) {
        return Math.log(i0e(x));
    }

    // ---------------------------------------------------------------------------------------------
    // erfcx(x) = exp(x²) erfc(x), x ≥ 0

    /** Table spacing and range of the Taylor table for erfcx on [0, ERFCX_TABLE_END]. */
    private static final double ERFCX_H = 1.0 / 32;
    private static final double ERFCX_TABLE_END = 12.0;
    private static final int ERFCX_ORDER = 11;
    /** ERFCX_TAYLOR[j][k] = erfcx^{(k)}(x_j) / k!, x_j = j·h. */
    private static final double[][] ERFCX_TAYLOR = buildErfcxTable();

    /**
     * erfcx(x) = e^{x²} erfc(x) for x ≥ 0, relative error of order 1e-15.
     *
     * <p>y = erfcx satisfies y′ = 2xy − 2/√π, hence y^{(n+1)} = 2x y^{(n)} + 2n y^{(n−1)}. The table
     * of values on a grid of spacing 1/32 over [0, 12] is built once by integrating this equation
     * <em>backwards</em> from x = 12 (stable: the growing solution e^{x²} decays in that direction),
     * starting from the asymptotic series there; evaluation is a Taylor polynomial about the nearest
     * grid point (|dx| ≤ 1/64, order 11, truncation below 1e-19). For x ≥ 12 the asymptotic series
     * erfcx(x) = (x√π)^{-1} Σ (−1)^n (2n−1)!! / (2x²)^n is summed until its terms fall below 1e-17,
     * which happens before its smallest term for x ≥ 12.
     */
    static double erfcx(double x) {
        if (!(x >= 0)) {
            throw new IllegalArgumentException("erfcx implemented for x >= 0, got " + x);
        }
        if (x < ERFCX_TABLE_END) {
            int j = (int) Math.rint(x / ERFCX_H);
            double dx = x - j * ERFCX_H;
            double[] c = ERFCX_TAYLOR[j];
            double s = c[ERFCX_ORDER];
            for (int k = ERFCX_ORDER - 1; k >= 0; k--) {
                s = s * dx + c[k];
            }
            return s;
        }
        return erfcxAsymptotic(x);
    }

    private static double erfcxAsymptotic(double x) {
        if (x > 1e9) {
            return INV_SQRT_PI / x;
        }
        double inv2x2 = 1.0 / (2 * x * x);
        double term = 1;
        double sum = 1;
        for (int n = 1; n < 60; n++) {
            double next = -term * (2.0 * n - 1) * inv2x2;
            if (Math.abs(next) >= Math.abs(term)) {
                break;
            }
            term = next;
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return sum * INV_SQRT_PI / x;
    }

    /** Taylor coefficients y^{(k)}(x)/k!, k = 0..order, of erfcx at x given y = erfcx(x). */
    private static double[] erfcxTaylorAt(double x, double y, int order) {
        double[] d = new double[order + 1];
        d[0] = y;
        d[1] = 2 * x * y - TWO_OVER_SQRT_PI;
        for (int n = 1; n < order; n++) {
            d[n + 1] = 2 * x * d[n] + 2 * n * d[n - 1];
        }
        double f = 1;
        for (int k = 1; k <= order; k++) {
            f *= k;
            d[k] /= f;
        }
        return d;
    }

    private static double[][] buildErfcxTable() {
        int m = (int) Math.round(ERFCX_TABLE_END / ERFCX_H);
        double[] y = new double[m + 1];
        y[m] = erfcxAsymptotic(ERFCX_TABLE_END);
        // One backward Taylor step of order 30 from x_{j+1} to x_j; the terms fall off like (2xh)^k/k!.
        for (int j = m - 1; j >= 0; j--) {
            double x1 = (j + 1) * ERFCX_H;
            double[] c = erfcxTaylorAt(x1, y[j + 1], 30);
            double s = c[30];
            for (int k = 29; k >= 0; k--) {
                s = s * (-ERFCX_H) + c[k];
            }
            y[j] = s;
        }
        double[][] table = new double[m + 1][];
        for (int j = 0; j <= m; j++) {
            table[j] = erfcxTaylorAt(j * ERFCX_H, y[j], ERFCX_ORDER);
        }
        return table;
    }

    /** erfc(x) for any real x. */
    static double erfc(double x) {
        if (x >= 0) {
            return Math.exp(-x * x) * erfcx(x);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return 2 - Math.exp(-x * x) * erfcx(-x);
    }

    /** Upper normal tail Q(u) = 1 − Φ(u) = erfc(u/√2)/2. */
    static double normalTail(double u) {
        return 0.5 * erfc(u / SQRT2);
    }

    /** log Q(u) for u ≥ 0, finite for all finite u. */
    private static double logNormalTailNonNeg(double u) {
        double v = u / SQRT2;
        return -v * v + Math.log(0.5 * erfcx(v));
    }

    /**
     * log(Φ(a) − Φ(b)) for a &gt; b, the log probability that a standard normal lies in (b, a),
     * accurate in both tails (it stays finite far out, where Φ(a) − Φ(b) underflows).
     */
    static double logNormalInterval(double a, double b) {
        if (!(a > b)) {
            return a == b ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        return logNormalIntervalWidth(a, a - b);
    }

    /**
     * log(Φ(a) − Φ(a − d)) for d &gt; 0. Taking the width d rather than the lower end keeps the answer
     * right when a is so large that a − d rounds to a.
     */
    static double logNormalIntervalWidth(double a, double d) {
        if (!(d > 0)) {
            return d == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        double b = a - d;
        if (b >= 0) {
            return logTailDifference(b, d);
        }
        if (a <= 0) {
            return logTailDifference(-a, d);
        }
        // The interval holds 0, so each tail is at most 1/2; only an interval much narrower than the
        // unit (never the case for the toys, whose intervals are 1/(6σ) wide) would lose digits here.
        return Math.log1p(-(normalTail(a) + normalTail(-b)));
    }

    /** log(Q(lo) − Q(lo + d)) for lo ≥ 0, d &gt; 0. */
    private static double logTailDifference(double lo, double d) {
        double logLo = logNormalTailNonNeg(lo);
        double hi = lo + d;
        if (hi == Double.POSITIVE_INFINITY) {
            return logLo;
        }
        // Q(hi)/Q(lo) = exp(−(hi² − lo²)/2) · erfcx(hi/√2)/erfcx(lo/√2), with hi² − lo² = d(2lo + d)
        double ratio = Math.exp(-0.5 * d * (2 * lo + d)) * erfcx(hi / SQRT2) / erfcx(lo / SQRT2);
        return logLo + Math.log1p(-ratio);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The n-point Gauss–Legendre rule on [−1, 1]: {nodes, weights}, nodes ascending. Nodes by Newton's
     * method on the Legendre polynomial P_n from the usual cosine initial guesses.
     */
    static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pn = n == 1 ? z : p1;
                double pnm1 = n == 1 ? 1 : p0;
                dp = n * (z * pn - pnm1) / (z * z - 1);
                double dz = pn / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            // recompute the derivative at the converged node for the weight
            double p0 = 1;
            double p1 = z;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            double pn = n == 1 ? z : p1;
            double pnm1 = n == 1 ? 1 : p0;
            dp = n * (z * pn - pnm1) / (z * z - 1);
            double wi = 2 / ((1 - z * z) * dp * dp);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = wi;
            w[n - 1 - i] = wi;
        }
        return new double[][] {x, w};
    }
}
