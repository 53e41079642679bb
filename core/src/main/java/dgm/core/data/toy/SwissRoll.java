package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.rng.Rng;

/**
 * {@code swissroll}: a noisy spiral of 1.5 turns.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}: sklearn's {@code make_swiss_roll(noise=1.0)},
 * columns 0 and 2, divided by 5; docs/data.md): t = 1.5π(1 + 2u), u ~ U(0, 1), and
 * x = (t cos t, t sin t)/5 + N(0, 0.2² I) (sklearn's unit noise divided by 5).
 *
 * <p>Density: p(x) = (3π)^{-1} ∫_{1.5π}^{4.5π} N(x; c(t), 0.2² I) dt with c(t) = (t cos t, t sin t)/5,
 * by windowed composite Gauss–Legendre quadrature in log space ({@link CurveQuadrature}).
 */
public final class SwissRoll implements ToyDistribution {

    static final double NOISE = 0.2;
    static final double T0 = 1.5 * Math.PI;
    static final double T1 = 4.5 * Math.PI;
    private final CurveQuadrature quad;

    public SwissRoll() {
        this(1);
    }

    /** {@code refine} > 1 builds a finer quadrature, used by tests to check the default one. */
    SwissRoll(int refine) {
        double logW = -Math.log(T1 - T0);
        CurveQuadrature.Curve c = new CurveQuadrature.Curve() {
            @Override
            public double x(double t) {
                return t * Math.cos(t) / 5;
            }

            @Override
            public double y(double t) {
                return t * Math.sin(t) / 5;
            }

            @Override
            public double logWeight(double t) {
                return logW;
            }
        };
        // |c′(t)| = √(1 + t²)/5 ≤ 2.85, so the bump in t has sd ≥ 0.07; cells of 3π/96 ≈ 0.098.
        quad = Quadratures.gaussianCurve(c, NOISE, T0, T1, 96, refine);
    }

    @Override
    public String id() {
        return "swissroll";
    }

    @Override
    public String description() {
        return "2-D swiss roll: t=1.5pi(1+2u), (t cos t, t sin t)/5 + N(0, 0.2^2) (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double t = T0 * (1 + 2 * rng.uniform());
            out[i][0] = (t * Math.cos(t) + rng.gaussian()) / 5;
            out[i][1] = (t * Math.sin(t) + rng.gaussian()) / 5;
        }
        return out;
    }

    @Override
    public double logDensity(double x, double y) {
        return quad.logIntegral(x, y);
    }
}
