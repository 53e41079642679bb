package dgm.gan;

import static dgm.core.nn.Activation.sigmoid;
import static dgm.gan.StableMath.LN2;
import static dgm.gan.StableMath.log1mexp;
import static dgm.gan.StableMath.logAbsDiffExp;
import static dgm.gan.StableMath.softplus;

/**
 * The nine f-divergences of the f-GAN paper (S. Nowozin, B. Cseke, R. Tomioka, "f-GAN: Training
 * Generative Neural Samplers using Variational Divergence Minimization", NIPS 2016, Tables 1–2).
 *
 * <p>For a convex f: (0, ∞) → ℝ with f(1) = 0 the f-divergence is
 * <pre>  D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx,</pre>
 * and with the convex conjugate f*(t) = sup_u (t u − f(u)) it has the variational lower bound
 * <pre>  D_f(P‖Q) ≥ sup_T  E_P[T(x)] − E_Q[f*(T(x))],</pre>
 * attained at T*(x) = f′(p(x)/q(x)). The critic is parametrised as T = g_f(V) with an output
 * activation g_f: ℝ → dom f*, so the f-GAN objective is
 * <pre>  F = E_P[g_f(V(x))] − E_Q[f*(g_f(V(x)))].</pre>
 *
 * <p>Every constant provides f, f′, g_f, g_f′, f*, f*′, dom f*, the inverse activation g_f⁻¹, and the
 * fused, numerically stable composition f*(g_f(v)) with its derivative. The fused forms are finite
 * for all finite v for which the true value is representable; the naive composition
 * {@code conjugate(activation(v))} is not, because g_f(v) rounds onto the boundary of dom f* for
 * |v| ≳ 37 (e.g. Neyman: 1 − e^{−v} rounds to 1). <b>Always use the fused form in training.</b>
 *
 * <p>Table (f from which D_f is derived; Pearson and Neyman named as D_f(P‖Q) = ∫(p−q)²/q and
 * ∫(p−q)²/p respectively):
 * <pre>
 *  id         f(u)                               g_f(v)              f*(t)                              dom f*        f*(g_f(v)) fused
 *  tv         ½|u−1|                             ½ tanh v            t                                  [−½, ½]       ½ tanh v
 *  kl         u log u                            v                   e^{t−1}                            ℝ             e^{v−1}
 *  rkl        −log u                             −e^{−v}             −1 − log(−t)                       (−∞, 0)       v − 1
 *  pearson    (u−1)²                             v                   t²/4 + t                           ℝ             v²/4 + v
 *  neyman     (1−u)²/u                           1 − e^{−v}          2 − 2√(1−t)                        (−∞, 1)       2 − 2e^{−v/2}
 *  hellinger  (√u−1)²                            1 − e^{−v}          t/(1−t)                            (−∞, 1)       e^{v} − 1
 *  jeffrey    (u−1) log u                        v                   W(e^{1−t}) + 1/W(e^{1−t}) + t − 2  ℝ             1/w − 1 − log w, w = W₀(e^{1−v})
 *  js         u log u − (u+1) log((1+u)/2)       log 2 − log(1+e^{−v}) −log(2 − e^t)                    (−∞, log 2)   softplus(v) − log 2
 *  gan        u log u − (u+1) log(u+1)           −log(1+e^{−v})      −log(1 − e^t)                      (−∞, 0)       softplus(v)
 * </pre>
 * With these f, D_js(P‖Q) = KL(P‖M) + KL(Q‖M) = 2·JSD(P, Q) (M = (P+Q)/2) and
 * D_gan(P‖Q) = 2·JSD(P, Q) − log 4.
 *
 * <p>For the quadrature of D_f each constant also gives the integrand q f(p/q) and the term
 * q f*(f′(p/q)) directly from log p and log q ({@link #integrand}, {@link #conjugateIntegrand}),
 * so that the tails, where p and q underflow but p/q does not, are handled in log space.
 */
public enum Divergence {

    /** Total variation ½∫|p − q|: f(u) = ½|u − 1|, g_f(v) = ½ tanh v, f*(t) = t on [−½, ½]. */
    TOTAL_VARIATION("tv", "total variation", ConjugateDomain.closed(-0.5, 0.5)) {
        @Override public double f(double u) { return 0.5 * Math.abs(u - 1.0); }
        /** A subgradient: ½ sign(u − 1) (0 at u = 1). */
        @Override public double fPrime(double u) { return 0.5 * Math.signum(u - 1.0); }
        @Override public double activation(double v) { return 0.5 * Math.tanh(v); }
        @Override public double activationDerivative(double v) {
            double c = Math.cosh(v);
            return 0.5 / (c * c);
        }
        @Override public double inverseActivation(double t) { return 0.5 * (Math.log1p(2 * t) - Math.log1p(-2 * t)); }
        @Override public double conjugate(double t) { return domain().contains(t) ? t : Double.POSITIVE_INFINITY; }
        @Override public double conjugatePrime(double t) { return domain().contains(t) ? 1.0 : Double.NaN; }
        @Override public double conjugateOfActivation(double v) { return 0.5 * Math.tanh(v); }
        @Override public double conjugateOfActivationDerivative(double v) { return activationDerivative(v); }
        @Override public double fPrimeOfLogRatio(double logU) { return 0.5 * Math.signum(logU); }
        @Override public double optimalCriticOutput(double logU) { return logU > 0 ? Double.POSITIVE_INFINITY : logU < 0 ? Double.NEGATIVE_INFINITY : 0.0; }
        @Override public double integrand(double lp, double lq) { return 0.5 * Math.exp(logAbsDiffExp(lp, lq)); }
        @Override public double conjugateIntegrand(double lp, double lq) { return 0.5 * Math.signum(lp - lq) * Math.exp(lq); }
    },

    /** Kullback–Leibler KL(P‖Q) = ∫ p log(p/q): f(u) = u log u, g_f(v) = v, f*(t) = e^{t−1}. */
    KL("kl", "Kullback-Leibler", ConjugateDomain.REAL_LINE) {
        @Override public double f(double u) { return u == 0 ? 0.0 : u * Math.log(u); }
        @Override public double fPrime(double u) { return Math.log(u) + 1.0; }
        @Override public double activation(double v) { return v; }
        @Override public double activationDerivative(double v) { return 1.0; }
        @Override public double inverseActivation(double t) { return t; }
        @Override public double conjugate(double t) { return Math.exp(t - 1.0); }
        @Override public double conjugatePrime(double t) { return Math.exp(t - 1.0); }
        @Override public double conjugateOfActivation(double v) { return Math.exp(v - 1.0); }
        @Override public double conjugateOfActivationDerivative(double v) { return Math.exp(v - 1.0); }
        @Override public double fPrimeOfLogRatio(double logU) { return logU + 1.0; }
        @Override public double optimalCriticOutput(double logU) { return logU + 1.0; }
        @Override public double integrand(double lp, double lq) { return Math.exp(lp) * (lp - lq); }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(lp); }
    },

    /** Reverse KL, KL(Q‖P) = ∫ q log(q/p): f(u) = −log u, g_f(v) = −e^{−v}, f*(t) = −1 − log(−t) on t &lt; 0. */
    REVERSE_KL("rkl", "reverse Kullback-Leibler", ConjugateDomain.below(0.0)) {
        @Override public double f(double u) { return -Math.log(u); }
        @Override public double fPrime(double u) { return -1.0 / u; }
        @Override public double activation(double v) { return -Math.exp(-v); }
        @Override public double activationDerivative(double v) { return Math.exp(-v); }
        @Override public double inverseActivation(double t) { return -Math.log(-t); }
        @Override public double conjugate(double t) { return t < 0 ? -1.0 - Math.log(-t) : Double.POSITIVE_INFINITY; }
        @Override public double conjugatePrime(double t) { return t < 0 ? -1.0 / t : Double.NaN; }
        @Override public double conjugateOfActivation(double v) { return v - 1.0; }
        @Override public double conjugateOfActivationDerivative(double v) { return 1.0; }
        @Override public double fPrimeOfLogRatio(double logU) { return -Math.exp(-logU); }
        @Override public double optimalCriticOutput(double logU) { return logU; }
        @Override public double integrand(double lp, double lq) { return Math.exp(lq) * (lq - lp); }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(lq) * (lp - lq - 1.0); }
    },

    /**
     * Pearson χ²(P‖Q) = ∫ (p − q)²/q: f(u) = (u − 1)², g_f(v) = v, f*(t) = t²/4 + t. Between Gaussians
     * finite iff 2σ_Q² &gt; σ_P².
     */
    PEARSON("pearson", "Pearson chi-squared", ConjugateDomain.REAL_LINE) {
        @Override public double f(double u) { return (u - 1.0) * (u - 1.0); }
        @Override public double fPrime(double u) { return 2.0 * (u - 1.0); }
        @Override public double activation(double v) { return v; }
        @Override public double activationDerivative(double v) { return 1.0; }
        @Override public double inverseActivation(double t) { return t; }
        @Override public double conjugate(double t) { return t * (0.25 * t + 1.0); }
        @Override public double conjugatePrime(double t) { return 0.5 * t + 1.0; }
        @Override public double conjugateOfActivation(double v) { return 0.25 * v * v + v; }
        @Override public double conjugateOfActivationDerivative(double v) { return 0.5 * v + 1.0; }
        @Override public double fPrimeOfLogRatio(double logU) { return 2.0 * Math.expm1(logU); }
        @Override public double optimalCriticOutput(double logU) { return 2.0 * Math.expm1(logU); }
        @Override public double integrand(double lp, double lq) { return Math.exp(2.0 * logAbsDiffExp(lp, lq) - lq); }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(2.0 * lp - lq) - Math.exp(lq); }
    },

    /**
     * Neyman χ²(P‖Q) = ∫ (p − q)²/p: f(u) = (1 − u)²/u, g_f(v) = 1 − e^{−v}, f*(t) = 2 − 2√(1 − t) on
     * t &lt; 1. Between Gaussians finite iff 2σ_P² &gt; σ_Q².
     */
    NEYMAN("neyman", "Neyman chi-squared", ConjugateDomain.below(1.0)) {
        @Override public double f(double u) { return (1.0 - u) * (1.0 - u) / u; }
        @Override public double fPrime(double u) { return 1.0 - 1.0 / (u * u); }
        @Override public double activation(double v) { return -Math.expm1(-v); }
        @Override public double activationDerivative(double v) { return Math.exp(-v); }
        @Override public double inverseActivation(double t) { return -Math.log1p(-t); }
        /** 2 − 2√(1−t), evaluated as 2t / (1 + √(1−t)) for t ≥ −1 (no cancellation near t = 0). */
        @Override public double conjugate(double t) {
            if (!(t < 1)) {
                return Double.POSITIVE_INFINITY;
            }
            return t >= -1 ? 2.0 * t / (1.0 + Math.sqrt(1.0 - t)) : 2.0 - 2.0 * Math.sqrt(1.0 - t);
        }
        @Override public double conjugatePrime(double t) { return t < 1 ? 1.0 / Math.sqrt(1.0 - t) : Double.NaN; }
        @Override public double conjugateOfActivation(double v) { return -2.0 * Math.expm1(-0.5 * v); }
        @Override public double conjugateOfActivationDerivative(double v) { return Math.exp(-0.5 * v); }
        @Override public double fPrimeOfLogRatio(double logU) { return -Math.expm1(-2.0 * logU); }
        @Override public double optimalCriticOutput(double logU) { return 2.0 * logU; }
        @Override public double integrand(double lp, double lq) { return Math.exp(2.0 * logAbsDiffExp(lp, lq) - lp); }
        @Override public double conjugateIntegrand(double lp, double lq) { return 2.0 * (Math.exp(lq) - Math.exp(2.0 * lq - lp)); }
    },

    /**
     * Squared Hellinger ∫ (√p − √q)² (no ½ factor; in [0, 2]): f(u) = (√u − 1)², g_f(v) = 1 − e^{−v},
     * f*(t) = t/(1 − t) on t &lt; 1.
     */
    HELLINGER("hellinger", "squared Hellinger", ConjugateDomain.below(1.0)) {
        @Override public double f(double u) {
            double r = Math.sqrt(u) - 1.0;
            return r * r;
        }
        @Override public double fPrime(double u) { return 1.0 - 1.0 / Math.sqrt(u); }
        @Override public double activation(double v) { return -Math.expm1(-v); }
        @Override public double activationDerivative(double v) { return Math.exp(-v); }
        @Override public double inverseActivation(double t) { return -Math.log1p(-t); }
        /** t/(1 − t), as 1/(1 − t) − 1 for t &lt; −1 (finite limit −1 at t = −∞). */
        @Override public double conjugate(double t) {
            if (!(t < 1)) {
                return Double.POSITIVE_INFINITY;
            }
            return t >= -1 ? t / (1.0 - t) : 1.0 / (1.0 - t) - 1.0;
        }
        @Override public double conjugatePrime(double t) { return t < 1 ? 1.0 / ((1.0 - t) * (1.0 - t)) : Double.NaN; }
        @Override public double conjugateOfActivation(double v) { return Math.expm1(v); }
        @Override public double conjugateOfActivationDerivative(double v) { return Math.exp(v); }
        @Override public double fPrimeOfLogRatio(double logU) { return -Math.expm1(-0.5 * logU); }
        @Override public double optimalCriticOutput(double logU) { return 0.5 * logU; }
        @Override public double integrand(double lp, double lq) { return Math.exp(2.0 * logAbsDiffExp(0.5 * lp, 0.5 * lq)); }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(0.5 * (lp + lq)) - Math.exp(lq); }
    },

    /**
     * Jeffrey KL(P‖Q) + KL(Q‖P) = ∫ (p − q) log(p/q): f(u) = (u − 1) log u, g_f(v) = v,
     * f*(t) = W(e^{1−t}) + 1/W(e^{1−t}) + t − 2 with W the principal Lambert W. Since w = W(e^{1−t})
     * satisfies log w + w = 1 − t this equals 1/w − 1 − log w, the form used here (no cancellation of
     * w + t for t ≪ 0, no overflow of e^{1−t}); f*′(t) = 1/w.
     */
    JEFFREY("jeffrey", "Jeffrey", ConjugateDomain.REAL_LINE) {
        @Override public double f(double u) { return (u - 1.0) * Math.log(u); }
        @Override public double fPrime(double u) { return Math.log(u) + 1.0 - 1.0 / u; }
        @Override public double activation(double v) { return v; }
        @Override public double activationDerivative(double v) { return 1.0; }
        @Override public double inverseActivation(double t) { return t; }
        @Override public double conjugate(double t) {
            double y = 1.0 - t;
            double w = StableMath.lambertW0OfExp(y);
            if (w > 0.25 && w < 4.0) {
                // Near t = 0 (w ≈ 1) work with δ = w − 1, refined on δ + log1p(δ) = −t, which uses t
                // itself rather than the rounded 1 − t: f* = u − 1 + log u with u = 1/(1+δ).
                double delta = refineDelta(w - 1.0, t);
                return -delta / (1.0 + delta) - Math.log1p(delta);
            }
            double logW = w > 1e-300 ? Math.log(w) : y - w;
            return invW(w, y) - 1.0 - logW;
        }
        @Override public double conjugatePrime(double t) {
            double y = 1.0 - t;
            double w = StableMath.lambertW0OfExp(y);
            if (w > 0.25 && w < 4.0) {
                return 1.0 / (1.0 + refineDelta(w - 1.0, t));
            }
            return invW(w, y);
        }
        @Override public double conjugateOfActivation(double v) { return conjugate(v); }
        @Override public double conjugateOfActivationDerivative(double v) { return conjugatePrime(v); }
        @Override public double fPrimeOfLogRatio(double logU) { return logU - Math.expm1(-logU); }
        @Override public double optimalCriticOutput(double logU) { return logU - Math.expm1(-logU); }
        @Override public double integrand(double lp, double lq) { return Math.exp(logAbsDiffExp(lp, lq)) * Math.abs(lp - lq); }
        @Override public double conjugateIntegrand(double lp, double lq) {
            return Math.exp(lq) * (lp - lq) + Math.exp(lp) - Math.exp(lq);
        }
    },

    /**
     * Jensen–Shannon with the paper's f(u) = u log u − (u + 1) log((1 + u)/2), so that
     * D_f = KL(P‖M) + KL(Q‖M) = 2·JSD (M = (P+Q)/2, maximum 2 log 2); g_f(v) = log 2 − log(1 + e^{−v}),
     * f*(t) = −log(2 − e^t) on t &lt; log 2.
     */
    JENSEN_SHANNON("js", "Jensen-Shannon", ConjugateDomain.below(LN2)) {
        @Override public double f(double u) { return (u == 0 ? 0.0 : u * Math.log(u)) - (u + 1.0) * (Math.log1p(u) - LN2); }
        @Override public double fPrime(double u) { return LN2 + Math.log(u) - Math.log1p(u); }
        /** log 2 − log(1 + e^{−v}), as −log1p(expm1(−v)/2) for |v| ≤ 1 (no cancellation near v = 0). */
        @Override public double activation(double v) { return -jsLogHalf(-v); }
        @Override public double activationDerivative(double v) { return sigmoid(-v); }
        @Override public double inverseActivation(double t) { return (t - LN2) - log1mexp(LN2 - t); }
        /** −log(2 − e^t): −log1p(−expm1(t)) for t ≤ 0.3, −log 2 − log(1 − e^{t − log 2}) above. */
        @Override public double conjugate(double t) {
            if (!(t < LN2)) {
                return Double.POSITIVE_INFINITY;
            }
            return t <= 0.3 ? -Math.log1p(-Math.expm1(t)) : -LN2 - log1mexp(LN2 - t);
        }
        @Override public double conjugatePrime(double t) { return t < LN2 ? 1.0 / Math.expm1(LN2 - t) : Double.NaN; }
        /** softplus(v) − log 2 = log((1 + eᵛ)/2). */
        @Override public double conjugateOfActivation(double v) { return jsLogHalf(v); }
        @Override public double conjugateOfActivationDerivative(double v) { return sigmoid(v); }
        @Override public double fPrimeOfLogRatio(double logU) { return -jsLogHalf(-logU); }
        @Override public double optimalCriticOutput(double logU) { return logU; }
        @Override public double integrand(double lp, double lq) {
            return Math.exp(lp) * (LN2 - softplus(lq - lp)) + Math.exp(lq) * (LN2 - softplus(lp - lq));
        }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(lq) * (softplus(lp - lq) - LN2); }
    },

    /**
     * The original GAN: f(u) = u log u − (u + 1) log(u + 1), D_f = 2·JSD − log 4;
     * g_f(v) = −log(1 + e^{−v}) = log σ(v) (the discriminator is D = σ(V)); f*(t) = −log(1 − e^t) on t &lt; 0.
     */
    GAN("gan", "GAN", ConjugateDomain.below(0.0)) {
        @Override public double f(double u) { return (u == 0 ? 0.0 : u * Math.log(u)) - (u + 1.0) * Math.log1p(u); }
        @Override public double fPrime(double u) { return Math.log(u) - Math.log1p(u); }
        @Override public double activation(double v) { return -softplus(-v); }
        @Override public double activationDerivative(double v) { return sigmoid(-v); }
        @Override public double inverseActivation(double t) { return t - log1mexp(-t); }
        @Override public double conjugate(double t) { return t < 0 ? -log1mexp(-t) : Double.POSITIVE_INFINITY; }
        @Override public double conjugatePrime(double t) { return t < 0 ? 1.0 / Math.expm1(-t) : Double.NaN; }
        @Override public double conjugateOfActivation(double v) { return softplus(v); }
        @Override public double conjugateOfActivationDerivative(double v) { return sigmoid(v); }
        @Override public double fPrimeOfLogRatio(double logU) { return -softplus(-logU); }
        @Override public double optimalCriticOutput(double logU) { return logU; }
        @Override public double integrand(double lp, double lq) {
            return -Math.exp(lp) * softplus(lq - lp) - Math.exp(lq) * softplus(lp - lq);
        }
        @Override public double conjugateIntegrand(double lp, double lq) { return Math.exp(lq) * softplus(lp - lq); }
    };

    /** log((1 + eˣ)/2) = softplus(x) − log 2, as log1p(expm1(x)/2) for |x| ≤ 1. */
    private static double jsLogHalf(double x) {
        return Math.abs(x) <= 1.0 ? Math.log1p(0.5 * Math.expm1(x)) : softplus(x) - LN2;
    }

    /** Two Newton steps on h(δ) = δ + log1p(δ) + t = 0 (that is, w + log w = 1 − t with w = 1 + δ). */
    private static double refineDelta(double delta, double t) {
        for (int i = 0; i < 2; i++) {
            double h = delta + Math.log1p(delta) + t;
            delta -= h / (1.0 + 1.0 / (1.0 + delta));
        }
        return delta;
    }

    private static double invW(double w, double y) {
        // 1/w = e^{w − y} exactly (w eʷ = eʸ); used when w underflows.
        return w > 1e-300 ? 1.0 / w : Math.exp(w - y);
    }

    private final String id;
    private final String displayName;
    private final ConjugateDomain domain;

    Divergence(String id, String displayName, ConjugateDomain domain) {
        this.id = id;
        this.displayName = displayName;
        this.domain = domain;
    }

    /** Short id: tv, kl, rkl, pearson, neyman, hellinger, jeffrey, js, gan. */
    public String id() {
        return id;
    }

    /** The model id of the f-GAN trained with this divergence: {@code fgan-<id>}. */
    public String modelId() {
        return "fgan-" + id;
    }

    /** Human-readable name. */
    public String displayName() {
        return displayName;
    }

    /**
     * Why an f-GAN with this divergence can fail to train where the others do, in one sentence, for
     * the run's record when it diverges: the divergences whose conjugate is unbounded on its domain
     * (KL, Pearson, Jeffrey: f* grows without limit, so the generator's term of F overflows as the
     * critic's output grows) or whose divergence is infinite between the usual supports (Neyman:
     * ∫ (q − p)²/p is infinite wherever the generator puts mass where the data has none). Empty for
     * the divergences with a bounded f*∘g_f (total variation, Jensen-Shannon, GAN, Hellinger,
     * reverse KL: f* ≤ 0 or bounded on the range of g_f).
     */
    public String failureMode() {
        return switch (this) {
            case KL -> "KL(P‖Q) has the unbounded conjugate f*(t) = exp(t − 1): where the critic's output on "
                    + "generated rows grows, the generator's term exp(V − 1) overflows, and KL(P‖Q) is infinite "
                    + "wherever the generator puts no mass where the data has some";
            case PEARSON -> "Pearson χ² has the unbounded conjugate f*(t) = t²/4 + t, and χ²(P‖Q) = ∫ (p − q)²/q is "
                    + "infinite when the generator's tails are lighter than the data's (between Gaussians: when "
                    + "2σ_Q² ≤ σ_P²)";
            case NEYMAN -> "Neyman χ² = ∫ (q − p)²/p is infinite for these supports whenever the generator puts "
                    + "mass where the data has (almost) none, and the optimal critic then sits on the open end "
                    + "t → 1 of dom f* = (−∞, 1), where f*(t) = 2 − 2√(1 − t) has an infinite slope";
            case JEFFREY -> "Jeffrey = KL(P‖Q) + KL(Q‖P) has an unbounded conjugate (through the Lambert W "
                    + "function) and is infinite when either distribution puts mass where the other has none";
            default -> "";
        };
    }

    /** dom f*, the set where f* is finite; g_f maps ℝ into it. */
    public ConjugateDomain domain() {
        return domain;
    }

    /** The divergence with the given id ({@code kl}) or model id ({@code fgan-kl}). */
    public static Divergence fromId(String id) {
        String s = id.startsWith("fgan-") ? id.substring(5) : id;
        for (Divergence d : values()) {
            if (d.id.equals(s)) {
                return d;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (Divergence d : values()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(d.id);
        }
        throw new IllegalArgumentException("unknown divergence '" + id + "'; allowed: " + allowed);
    }

    /** The generator f(u), u ≥ 0 (with its limit at u = 0, possibly +∞). */
    public abstract double f(double u);

    /** f′(u), u &gt; 0 (a subgradient for total variation). T*(x) = f′(p(x)/q(x)) is the optimal critic. */
    public abstract double fPrime(double u);

    /** f′(eˡ) for l = log(p/q), computed without forming p/q where that helps (the optimal critic in log space). */
    public abstract double fPrimeOfLogRatio(double logU);

    /**
     * The optimal raw critic output v*(x) = g_f⁻¹(f′(p(x)/q(x))) as a function of l = log(p/q),
     * computed without passing through t (where f′ may round onto the boundary of dom f*):
     * l + 1 (KL), l (reverse KL, JS, GAN: the log-ratio logit), 2(eˡ − 1) (Pearson), 2l (Neyman),
     * l/2 (Hellinger), l − e^{−l} + 1 (Jeffrey), ±∞ by the sign of l (TV).
     */
    public abstract double optimalCriticOutput(double logU);

    /** The output activation g_f: ℝ → dom f*. */
    public abstract double activation(double v);

    /** d g_f / dv. */
    public abstract double activationDerivative(double v);

    /** g_f⁻¹(t) for t in dom f* (±∞ at a closed end of the domain). */
    public abstract double inverseActivation(double t);

    /** The convex conjugate f*(t) = sup_u (t u − f(u)); +∞ outside {@link #domain()}. */
    public abstract double conjugate(double t);

    /** f*′(t) = (f′)⁻¹(t), the ratio p/q at which the sup is attained; NaN outside the domain. */
    public abstract double conjugatePrime(double t);

    /** The fused, stable f*(g_f(v)), finite for every finite v whose value is representable. */
    public abstract double conjugateOfActivation(double v);

    /** d/dv f*(g_f(v)) = f*′(g_f(v)) g_f′(v), fused and stable. */
    public abstract double conjugateOfActivationDerivative(double v);

    /** The quadrature integrand q f(p/q) of D_f, from lp = log p(x) and lq = log q(x), stable in the tails. */
    public abstract double integrand(double lp, double lq);

    /**
     * q f*(f′(p/q)) = q (u f′(u) − f(u)) with u = p/q (Fenchel–Young), from lp and lq. It gives the
     * parameter gradient of D_f: ∂D_f(P‖Q_θ)/∂θ = −∫ q f*(f′(p/q)) ∂_θ log q dx.
     */
    public abstract double conjugateIntegrand(double lp, double lq);

    // ------------------------------------------------------------------ vectorised forms

    /** g_f applied elementwise into {@code out} (which may be {@code v}); returns {@code out}. */
    public double[] activation(double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = activation(v[i]);
        }
        return out;
    }

    /** g_f elementwise, in a new array. */
    public double[] activation(double[] v) {
        return activation(v, new double[v.length]);
    }

    /** g_f′ elementwise into {@code out}. */
    public double[] activationDerivative(double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = activationDerivative(v[i]);
        }
        return out;
    }

    /** g_f′ elementwise, in a new array. */
    public double[] activationDerivative(double[] v) {
        return activationDerivative(v, new double[v.length]);
    }

    /** Fused f*(g_f(v)) elementwise into {@code out}. */
    public double[] conjugateOfActivation(double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = conjugateOfActivation(v[i]);
        }
        return out;
    }

    /** Fused f*(g_f(v)) elementwise, in a new array. */
    public double[] conjugateOfActivation(double[] v) {
        return conjugateOfActivation(v, new double[v.length]);
    }

    /** d/dv f*(g_f(v)) elementwise into {@code out}. */
    public double[] conjugateOfActivationDerivative(double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = conjugateOfActivationDerivative(v[i]);
        }
        return out;
    }

    /** d/dv f*(g_f(v)) elementwise, in a new array. */
    public double[] conjugateOfActivationDerivative(double[] v) {
        return conjugateOfActivationDerivative(v, new double[v.length]);
    }
}
