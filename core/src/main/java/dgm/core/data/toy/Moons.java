package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;

/**
 * {@code moons}: two interleaving noisy half circles.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}: sklearn's {@code make_moons(noise=0.1)}, then ×2
 * and shifted by (−1, −0.2); docs/data.md): ⌊n/2⌋ points on the outer arc (cos t, sin t) and
 * n − ⌊n/2⌋ on the inner arc (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π] endpoints included
 * (numpy's linspace), rows shuffled, N(0, 0.1² I) added, then x ↦ 2x + (−1, −0.2). After scaling the
 * arcs are c₁(t) = (2cos t − 1, 2sin t − 0.2) and c₂(t) = (1 − 2cos t, 0.8 − 2sin t) and the noise sd
 * is 0.2.
 *
 * <p>Density: the many-point limit (t uniform on [0, π]),
 * p(x) = ½ Σ_{i=1,2} π^{-1} ∫_0^π N(x; c_i(t), 0.2² I) dt, each arc integral by windowed composite
 * Gauss–Legendre quadrature in log space ({@link CurveQuadrature}).
 */
public final class Moons implements ToyDistribution {

    static final double NOISE = 0.2;
    private final CurveQuadrature outer;
    private final CurveQuadrature inner;

    public Moons() {
        this(1);
    }

    /** {@code refine} > 1 builds a finer quadrature, used by tests to check the default one. */
    Moons(int refine) {
        double logW = -Math.log(Math.PI);
        CurveQuadrature.Curve o = new CurveQuadrature.Curve() {
            @Override
            public double x(double t) {
                return 2 * Math.cos(t) - 1;
            }

            @Override
            public double y(double t) {
                return 2 * Math.sin(t) - 0.2;
            }

            @Override
            public double logWeight(double t) {
                return logW;
            }
        };
        CurveQuadrature.Curve i = new CurveQuadrature.Curve() {
            @Override
            public double x(double t) {
                return 1 - 2 * Math.cos(t);
            }

            @Override
            public double y(double t) {
                return 0.8 - 2 * Math.sin(t);
            }

            @Override
            public double logWeight(double t) {
                return logW;
            }
        };
        // Cells of π/32 ≈ 0.1 rad: the bump in t has sd σ/|c′| = 0.2/2 = 0.1 rad near the arc.
        outer = Quadratures.gaussianCurve(o, NOISE, 0, Math.PI, 32, refine);
        inner = Quadratures.gaussianCurve(i, NOISE, 0, Math.PI, 32, refine);
    }

    @Override
    public String id() {
        return "moons";
    }

    @Override
    public String description() {
        return "two interleaving half circles, noise sd 0.2 (FFJORD, sklearn make_moons x2 - (1,0.2))";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        int nOut = n / 2;
        int nIn = n - nOut;
        double[][] out = new double[n][];
        int row = 0;
        for (int i = 0; i < nOut; i++) {
            double t = linspace(i, nOut);
            out[row++] = new double[] {Math.cos(t), Math.sin(t)};
        }
        for (int i = 0; i < nIn; i++) {
            double t = linspace(i, nIn);
            out[row++] = new double[] {1 - Math.cos(t), 0.5 - Math.sin(t)};
        }
        rng.shuffle(out);
        for (double[] p : out) {
            // sklearn adds N(0, 0.1²) before FFJORD's ×2; adding 2·N(0, 0.1²) after is the same.
            p[0] = 2 * (p[0] + 0.1 * rng.gaussian()) - 1;
            p[1] = 2 * (p[1] + 0.1 * rng.gaussian()) - 0.2;
        }
        return out;
    }

    /** numpy.linspace(0, π, m)[i], endpoints included. */
    private static double linspace(int i, int m) {
        return m == 1 ? 0 : Math.PI * i / (m - 1);
    }

    @Override
    public double logDensity(double x, double y) {
        return Math.log(0.5) + LogSumExp.of(outer.logIntegral(x, y), inner.logIntegral(x, y));
    }
}
