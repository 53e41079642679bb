package dgm.gan;

import dgm.core.math.LogSumExp;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;

/**
 * Numerical ground truth for f-divergences between 1-D densities: D_f(P‖Q) = ∫ q f(p/q) dx by
 * adaptive Gauss–Kronrod quadrature over ℝ (integrands evaluated from log p and log q, so the tails
 * are stable), closed forms between two Gaussians, the optimal critic T*(x) = f′(p(x)/q(x)), the
 * variational bound F(T) = E_P[T] − E_Q[f*(T)] ≤ D_f with equality at T*, and the gradient of
 * D_f(P‖N(μ, σ²)) with respect to (μ, log σ).
 *
 * <p>Reference: Nowozin, Cseke, Tomioka, f-GAN (NIPS 2016), eq. (4)–(5); Nguyen, Wainwright, Jordan,
 * "Estimating divergence functionals and the likelihood ratio by convex risk minimization" (2010).
 */
public final class Divergences {
    private Divergences() {
    }

    private static double[] breakpoints(Density1D p, Density1D q) {
        return DoubleStream.concat(Arrays.stream(p.landmarks()), Arrays.stream(q.landmarks())).sorted().distinct().toArray();
    }

    /**
     * Breakpoints for divergence d: the landmarks of both densities and, for total variation (whose
     * integrands have kinks or jumps where p = q), the crossings of log p − log q, located by a
     * scan of 400 points over the landmark range and bisection.
     */
    private static double[] breakpoints(Divergence d, Density1D p, Density1D q) {
        double[] bp = breakpoints(p, q);
        if (d != Divergence.TOTAL_VARIATION) {
            return bp;
        }
        double lo = bp[0];
        double hi = bp[bp.length - 1];
        int n = 400;
        DoubleStream.Builder crossings = DoubleStream.builder();
        double xPrev = lo;
        double dPrev = p.logDensity(lo) - q.logDensity(lo);
        for (int i = 1; i <= n; i++) {
            double x = lo + (hi - lo) * i / n;
            double dx = p.logDensity(x) - q.logDensity(x);
            if (dx == 0) {
                crossings.add(x);
            } else if (dPrev * dx < 0) {
                double a = xPrev;
                double b = x;
                double da = dPrev;
                for (int k = 0; k < 80 && b - a > 1e-15 * Math.max(1, Math.abs(a)); k++) {
                    double m = 0.5 * (a + b);
                    double dm = p.logDensity(m) - q.logDensity(m);
                    if ((dm < 0) == (da < 0)) {
                        a = m;
                        da = dm;
                    } else {
                        b = m;
                    }
                }
                crossings.add(0.5 * (a + b));
            }
            xPrev = x;
            dPrev = dx;
        }
        return DoubleStream.concat(Arrays.stream(bp), crossings.build()).sorted().distinct().toArray();
    }

    private static double safe(double v) {
        return Double.isNaN(v) ? 0.0 : v; // NaN only where both densities underflow to −∞ (far tails)
    }

    /** D_f(P‖Q) = ∫ q f(p/q) dx by quadrature, with the error estimate and convergence flag. */
    public static Quadrature.Result quadrature(Divergence d, Density1D p, Density1D q) {
        return Quadrature.integrateReal(x -> safe(d.integrand(p.logDensity(x), q.logDensity(x))), breakpoints(d, p, q));
    }

    /**
     * D_f(P‖Q) by quadrature; +∞ when the quadrature does not converge, which is how an infinite
     * divergence shows up (e.g. Pearson χ² for a Q with lighter tails than P: between Gaussians it
     * is finite iff 2σ_Q² &gt; σ_P², see {@link #closedForm}).
     */
    public static double divergence(Divergence d, Density1D p, Density1D q) {
        Quadrature.Result r = quadrature(d, p, q);
        return r.converged() ? r.value() : Double.POSITIVE_INFINITY;
    }

    /** The optimal critic T*(x) = f′(p(x)/q(x)), computed from log p − log q. */
    public static DoubleUnaryOperator optimalCritic(Divergence d, Density1D p, Density1D q) {
        return x -> d.fPrimeOfLogRatio(p.logDensity(x) - q.logDensity(x));
    }

    /** The optimal raw critic output V*(x) = g_f⁻¹(f′(p(x)/q(x))), from log p − log q. */
    public static DoubleUnaryOperator optimalCriticOutput(Divergence d, Density1D p, Density1D q) {
        return x -> d.optimalCriticOutput(p.logDensity(x) - q.logDensity(x));
    }

    /**
     * The f-GAN objective F(V) = ∫ p g_f(V) − ∫ q f*(g_f(V)) of a raw critic V (before the
     * activation), by quadrature with the fused f*∘g_f; F(V) ≤ D_f(P‖Q), with equality at V*.
     */
    public static double variationalBoundOfCriticOutput(Divergence d, Density1D p, Density1D q, DoubleUnaryOperator critic) {
        return Quadrature.integrateReal(x -> {
            double v = critic.applyAsDouble(x);
            double px = p.density(x);
            double qx = q.density(x);
            double pTerm = px == 0 ? 0.0 : px * d.activation(v);
            double qTerm = qx == 0 ? 0.0 : qx * d.conjugateOfActivation(v);
            return pTerm - qTerm;
        }, breakpoints(d, p, q)).value();
    }

    /**
     * The variational lower bound F(T) = ∫ p T − ∫ q f*(T) of a critic T (in the t-space of f*, i.e.
     * after the activation) by quadrature; −∞ if T leaves dom f* where q &gt; 0. F(T) ≤ D_f(P‖Q) for
     * every T, with equality at T = T*. Caution: where p/q is extreme, T* = f′(p/q) may round onto
     * the boundary of dom f* (Neyman, Hellinger: 1; JS: log 2) and F becomes −∞; the raw-output form
     * {@link #variationalBoundOfCriticOutput} with the fused conjugate does not have this problem.
     */
    public static double variationalBound(Divergence d, Density1D p, Density1D q, DoubleUnaryOperator critic) {
        Quadrature.Result r = Quadrature.integrateReal(x -> {
            double t = critic.applyAsDouble(x);
            double px = p.density(x);
            double qx = q.density(x);
            double pTerm = px == 0 ? 0.0 : px * t;
            double qTerm = qx == 0 ? 0.0 : qx * d.conjugate(t);
            return pTerm - qTerm;
        }, breakpoints(d, p, q));
        return r.value();
    }

    /**
     * F(T*) = ∫ p T* − ∫ q f*(T*) at the optimal critic, with q f*(f′(p/q)) evaluated stably in log
     * space ({@link Divergence#conjugateIntegrand}); equals D_f(P‖Q) (the supremum identity).
     */
    public static double variationalBoundAtOptimum(Divergence d, Density1D p, Density1D q) {
        return Quadrature.integrateReal(x -> {
            double lp = p.logDensity(x);
            double lq = q.logDensity(x);
            return safe(Math.exp(lp) * d.fPrimeOfLogRatio(lp - lq) - d.conjugateIntegrand(lp, lq));
        }, breakpoints(d, p, q)).value();
    }

    /**
     * The gradient of D_f(P‖Q_θ) for Q_θ = N(μ, σ²) with respect to θ = (μ, s = log σ):
     * <pre>  ∂D_f/∂θ = ∫ ∂_θ q · (f(u) − u f′(u)) dx = −∫ q f*(f′(p/q)) ∂_θ log q dx,</pre>
     * with ∂_μ log q = (x − μ)/σ² and ∂_s log q = ((x − μ)/σ)² − 1. Returns {∂/∂μ, ∂/∂log σ}.
     */
    public static double[] gradientWrtGaussian(Divergence d, Density1D p, Gaussian1D q) {
        double mu = q.mu();
        double s = q.sigma();
        double[] bp = breakpoints(d, p, q);
        double gMu = -Quadrature.integrateReal(x -> {
            double c = safe(d.conjugateIntegrand(p.logDensity(x), q.logDensity(x)));
            return c == 0 ? 0 : c * (x - mu) / (s * s);
        }, bp).value();
        double gS = -Quadrature.integrateReal(x -> {
            double c = safe(d.conjugateIntegrand(p.logDensity(x), q.logDensity(x)));
            double z = (x - mu) / s;
            return c == 0 ? 0 : c * (z * z - 1.0);
        }, bp).value();
        return new double[] {gMu, gS};
    }

    /** The equal mixture M = ½P + ½Q as a density. */
    public static Density1D midpoint(Density1D p, Density1D q) {
        return new Density1D() {
            @Override
            public double logDensity(double x) {
                return LogSumExp.of(p.logDensity(x), q.logDensity(x)) - StableMath.LN2;
            }

            @Override
            public double mean() {
                return 0.5 * (p.mean() + q.mean());
            }

            @Override
            public double variance() {
                double m = mean();
                double dp = p.mean() - m;
                double dq = q.mean() - m;
                return 0.5 * (p.variance() + dp * dp) + 0.5 * (q.variance() + dq * dq);
            }

            @Override
            public double[] landmarks() {
                return breakpoints(p, q);
            }

            @Override
            public double sample(dgm.core.rng.Rng rng) {
                return rng.uniform() < 0.5 ? p.sample(rng) : q.sample(rng);
            }
        };
    }

    /**
     * The Jensen–Shannon divergence JSD(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M), M = ½(P + Q) (natural log,
     * at most log 2), computed from two KL quadratures, independently of the f of {@link Divergence#JENSEN_SHANNON}.
     */
    public static double jensenShannonDivergence(Density1D p, Density1D q) {
        Density1D m = midpoint(p, q);
        return 0.5 * divergence(Divergence.KL, p, m) + 0.5 * divergence(Divergence.KL, q, m);
    }

    // ------------------------------------------------------------------ closed forms for two Gaussians

    /** KL(N(μ₁,σ₁²)‖N(μ₂,σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½. */
    public static double klGaussian(Gaussian1D p, Gaussian1D q) {
        double dm = p.mu() - q.mu();
        double r = p.sigma() / q.sigma();
        return -Math.log(r) + 0.5 * (r * r - 1.0) + 0.5 * dm * dm / (q.sigma() * q.sigma());
    }

    /**
     * ∫ p²/q dx − 1 = σ₂² / (σ₁ √(2σ₂² − σ₁²)) · exp((μ₁−μ₂)²/(2σ₂² − σ₁²)) − 1 for p = N(μ₁,σ₁²),
     * q = N(μ₂,σ₂²); +∞ unless 2σ₂² &gt; σ₁².
     */
    private static double chiSquaredGaussian(Gaussian1D p, Gaussian1D q) {
        double s1 = p.sigma() * p.sigma();
        double s2 = q.sigma() * q.sigma();
        double den = 2 * s2 - s1;
        if (!(den > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double dm = p.mu() - q.mu();
        double log = Math.log(s2) - Math.log(p.sigma()) - 0.5 * Math.log(den) + dm * dm / den;
        return Math.expm1(log);
    }

    /**
     * Squared Hellinger ∫(√p − √q)² = 2 − 2·BC with the Bhattacharyya coefficient
     * BC = √(2σ₁σ₂/(σ₁²+σ₂²)) exp(−(μ₁−μ₂)²/(4(σ₁²+σ₂²))).
     */
    private static double hellingerGaussian(Gaussian1D p, Gaussian1D q) {
        double s1 = p.sigma() * p.sigma();
        double s2 = q.sigma() * q.sigma();
        double dm = p.mu() - q.mu();
        double logBc = 0.5 * Math.log(2 * p.sigma() * q.sigma() / (s1 + s2)) - dm * dm / (4 * (s1 + s2));
        return -2.0 * Math.expm1(logBc);
    }

    /**
     * The points where the two Gaussian densities are equal, sorted: the roots of
     * a x² + b x + c = 0 with a = 1/σ₂² − 1/σ₁², b = 2(μ₁/σ₁² − μ₂/σ₂²),
     * c = μ₂²/σ₂² − μ₁²/σ₁² + 2 log(σ₂/σ₁) (two roots when σ₁ ≠ σ₂, one when only the means differ,
     * none when P = Q).
     */
    public static double[] gaussianIntersections(Gaussian1D p, Gaussian1D q) {
        double v1 = p.sigma() * p.sigma();
        double v2 = q.sigma() * q.sigma();
        double a = 1.0 / v2 - 1.0 / v1;
        double b = 2.0 * (p.mu() / v1 - q.mu() / v2);
        double c = q.mu() * q.mu() / v2 - p.mu() * p.mu() / v1 + 2.0 * Math.log(q.sigma() / p.sigma());
        if (p.sigma() == q.sigma()) {
            return p.mu() == q.mu() ? new double[0] : new double[] {0.5 * (p.mu() + q.mu())};
        }
        double disc = b * b - 4 * a * c;
        double sq = Math.sqrt(Math.max(disc, 0.0));
        double qq = -0.5 * (b + Math.copySign(sq, b));
        double r1 = qq / a;
        double r2 = qq != 0 ? c / qq : r1;
        return r1 < r2 ? new double[] {r1, r2} : new double[] {r2, r1};
    }

    /**
     * Total variation ½∫|p − q| = sup_A (P(A) − Q(A)) between two Gaussians, from the normal CDFs
     * on the set {p &gt; q} bounded by the intersection points.
     */
    public static double totalVariationGaussian(Gaussian1D p, Gaussian1D q) {
        double[] r = gaussianIntersections(p, q);
        if (r.length == 0) {
            return 0.0;
        }
        if (r.length == 1) {
            // Equal variances: TV = 2Φ(|Δμ|/(2σ)) − 1 = erf-type; computed as 1 − 2Φ(−|Δμ|/(2σ)).
            double z = Math.abs(p.mu() - q.mu()) / (2 * p.sigma());
            return 1.0 - 2.0 * StableMath.normalCdf(-z);
        }
        double pMid = p.cdf(r[1]) - p.cdf(r[0]);
        double qMid = q.cdf(r[1]) - q.cdf(r[0]);
        return Math.abs(pMid - qMid); // P(A) − Q(A) on the middle set equals that on its complement, up to sign
    }

    /**
     * Closed form of D_f(P‖Q) between two Gaussians where one exists: KL, reverse KL, Jeffrey
     * (their sum), squared Hellinger, Pearson χ² (finite iff 2σ_Q² &gt; σ_P², else +∞), Neyman χ²
     * (finite iff 2σ_P² &gt; σ_Q², else +∞) and total variation; NaN for Jensen–Shannon and GAN
     * (no closed form; use {@link #divergence}).
     */
    public static double closedForm(Divergence d, Gaussian1D p, Gaussian1D q) {
        return switch (d) {
            case KL -> klGaussian(p, q);
            case REVERSE_KL -> klGaussian(q, p);
            case JEFFREY -> klGaussian(p, q) + klGaussian(q, p);
            case HELLINGER -> hellingerGaussian(p, q);
            case PEARSON -> chiSquaredGaussian(p, q);
            case NEYMAN -> chiSquaredGaussian(q, p);
            case TOTAL_VARIATION -> totalVariationGaussian(p, q);
            case JENSEN_SHANNON, GAN -> Double.NaN;
        };
    }
}
