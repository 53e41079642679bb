package dgm.gan;

/**
 * Numerically stable scalar functions used by the f-divergences: softplus, log(1 − e^{−a}),
 * log|eᵃ − eᵇ|, the principal branch W₀ of the Lambert W function, and the complementary error
 * function / standard normal CDF. All in float64. The logistic sigmoid is
 * {@link dgm.core.nn.Activation#sigmoid} and log(eᵃ + eᵇ) is
 * {@link dgm.core.math.LogSumExp#of(double, double)}, shared with the other modules.
 */
public final class StableMath {
    private StableMath() {
    }

    /** log 2. */
    public static final double LN2 = 0.6931471805599453;
    private static final double SQRT_PI = 1.7724538509055160273;
    private static final double SQRT2 = 1.4142135623730950488;

    /**
     * softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^{−|x|}) (no overflow, no loss for
     * x ≪ 0) with {@code Math.log1p}. Not {@link dgm.core.nn.Activation#softplus}, the layers'
     * faster variant (Goldberg's log1p, within 4 ulps of this): the two differ in the last bits, and
     * the f-divergences' values (and so every f-GAN run) were computed with this one.
     */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * log(1 − e^{−a}) for a &gt; 0 (Mächler 2012): log(−expm1(−a)) for a ≤ log 2, log1p(−e^{−a}) otherwise.
     * Returns −∞ at a = 0.
     */
    public static double log1mexp(double a) {
        if (a < 0) {
            return Double.NaN;
        }
        return a <= LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
    }

    /** log |eᵃ − eᵇ| = max(a, b) + log(1 − e^{−|a−b|}); −∞ when a = b. */
    public static double logAbsDiffExp(double a, double b) {
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        if (a == Double.NEGATIVE_INFINITY || b == Double.NEGATIVE_INFINITY) {
            return Math.max(a, b);
        }
        return Math.max(a, b) + log1mexp(Math.abs(a - b));
    }

    // ------------------------------------------------------------------ Lambert W

    /**
     * The principal branch W₀(x) of the Lambert W function, the solution w ≥ −1 of w eʷ = x, for
     * x ≥ −1/e. Initial guess from the branch-point series near −1/e, from log1p for moderate x and
     * from the asymptotic expansion ln x − ln ln x for large x; then Halley's iteration
     * w ← w − (w eʷ − x) / (eʷ(w+1) − (w+2)(w eʷ − x)/(2w+2)) to full double precision.
     *
     * @return NaN for x &lt; −1/e (beyond a rounding tolerance), +∞ for x = +∞
     */
    public static double lambertW0(double x) {
        final double minusInvE = -0.36787944117144233;
        if (Double.isNaN(x) || x < minusInvE - 1e-15) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x == 0.0) {
            return 0.0;
        }
        if (x <= minusInvE) {
            return -1.0;
        }
        double w;
        if (x < -0.25) {
            // Branch-point series in p = sqrt(2(e x + 1)).
            double p = Math.sqrt(2.0 * (Math.E * x + 1.0));
            w = -1.0 + p * (1.0 + p * (-1.0 / 3.0 + p * (11.0 / 72.0)));
        } else if (x < 3.0) {
            w = x < 0.5 ? x * (1.0 - x) : Math.log1p(x) * 0.75;
        } else {
            double l1 = Math.log(x);
            double l2 = Math.log(l1);
            w = l1 - l2 + l2 / l1;
        }
        if (x > 1e300) {
            // Avoid overflow of eʷ: iterate on w + log w = log x instead.
            return logFormW(Math.log(x));
        }
        for (int i = 0; i < 50; i++) {
            double ew = Math.exp(w);
            double fw = w * ew - x;
            double wp1 = w + 1.0;
            if (wp1 == 0.0) {
                break;
            }
            double step = fw / (ew * wp1 - (w + 2.0) * fw / (2.0 * wp1));
            double wNew = w - step;
            if (wNew < -1.0) {
                wNew = (w - 1.0) / 2.0; // keep on the principal branch
            }
            if (Math.abs(wNew - w) <= 4 * Math.ulp(wNew) || Math.abs(wNew - w) <= 1e-300) {
                return wNew;
            }
            w = wNew;
        }
        return w;
    }

    /**
     * W₀(eʸ) for any real y, without forming eʸ (which would overflow for y &gt; 709 and underflow
     * for y &lt; −745). For y ≤ 690 it is {@link #lambertW0}(eʸ); for larger y it solves
     * w + log w = y by Halley's iteration on h(w) = w + log w − y, starting from y − log y.
     */
    public static double lambertW0OfExp(double y) {
        if (Double.isNaN(y)) {
            return Double.NaN;
        }
        if (y <= 690) {
            return lambertW0(Math.exp(y));
        }
        return logFormW(y);
    }

    /** Solves w + log w = y for large y (w ≫ 1). */
    private static double logFormW(double y) {
        if (y == Double.POSITIVE_INFINITY) {
            return y;
        }
        double w = y - Math.log(y);
        for (int i = 0; i < 50; i++) {
            double h = w + Math.log(w) - y;
            double h1 = 1.0 + 1.0 / w;
            double h2 = -1.0 / (w * w);
            double step = h / (h1 - h * h2 / (2.0 * h1));
            w -= step;
            if (Math.abs(step) <= 4 * Math.ulp(w)) {
                break;
            }
        }
        return w;
    }

    // ------------------------------------------------------------------ error function

    /**
     * The complementary error function erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt, relative accuracy about
     * 1e-14 for x ≥ 0 (series erf(x) = (2/√π) e^{−x²} Σ (2x²)ⁿ x / (1·3·…·(2n+1)) of positive terms
     * for x &lt; ½; the Laplace continued fraction erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))
     * by the modified Lentz method for x ≥ ½, which avoids the cancellation of 1 − erf(x)); erfc(−x) = 2 − erfc(x).
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x < 0.5) {
            return 1.0 - erfSeries(x);
        }
        if (x > 27.3) {
            return 0.0;
        }
        // Modified Lentz for K = 1/(x + a1/(x + a2/(x + ...))), a_n = n/2.
        final double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int n = 1; n < 2000; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / (SQRT_PI * f);
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 0; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 3);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2.0 / SQRT_PI * Math.exp(-x2) * sum;
    }

    /** The standard normal CDF Φ(z) = ½ erfc(−z/√2). */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / SQRT2);
    }
}
