package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;

/**
 * {@code 2spirals}: two interleaved noisy spirals, point-symmetric about the origin.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}; docs/data.md): m = 3π√u (540° in radians),
 * d = (−m cos m + U(0, 0.5), m sin m + U(0, 0.5)); half the points are d, half −d; all divided by 3,
 * plus N(0, 0.1² I). Two choices FFJORD does not have to make: for odd n the spiral +d gets the
 * extra point, and the rows are shuffled (FFJORD returns all +d rows before all −d rows, which would
 * make any prefix of the sample one-armed).
 *
 * <p>Density: m has density 2m/(3π)² on [0, 3π]; given m, a point of the +d arm is s(m) + b + ε with
 * s(m) = m(−cos m, sin m)/3, b uniform on [0, 1/6]² and ε ~ N(0, 0.1² I), whose density factorises:
 * q(z) = Π_j 6 [Φ(z_j/σ) − Φ((z_j − 1/6)/σ)]. So p₊(x) = ∫_0^{3π} 2m/(3π)² q(x − s(m)) dm, by windowed
 * composite Gauss–Legendre quadrature in log space ({@link CurveQuadrature}), the Φ differences in
 * log space ({@link BoxNoise1D}); and p(x) = ½ p₊(x) + ½ p₊(−x), as −d + ε has the
 * law of −(d + ε).
 */
public final class TwoSpirals implements ToyDistribution {

    static final double NOISE = 0.1;
    static final double M_MAX = 3 * Math.PI;
    /** Side of the uniform square after the division by 3. */
    static final double BOX = 0.5 / 3;
    private final CurveQuadrature quad;

    public TwoSpirals() {
        this(1);
    }

    /** {@code refine} > 1 builds a finer quadrature, used by tests to check the default one. */
    TwoSpirals(int refine) {
        double logNormM = Math.log(2 / (M_MAX * M_MAX));
        CurveQuadrature.Curve c = new CurveQuadrature.Curve() {
            @Override
            public double x(double m) {
                return -m * Math.cos(m) / 3;
            }

            @Override
            public double y(double m) {
                return m * Math.sin(m) / 3;
            }

            @Override
            public double logWeight(double m) {
                return logNormM + Math.log(m);
            }
        };
        // |s′(m)| = √(1 + m²)/3 ≤ 3.3 and the kernel's finest scale is σ = 0.1: cells of 3π/256 ≈ 0.037.
        quad = Quadratures.curve(c, boxGaussian(NOISE, BOX), 0, M_MAX, 128, refine);
    }

    /** The density of U([0, w]²) + N(0, σ² I): 1/w² times a product of two 1-D Φ differences. */
    static CurveQuadrature.Kernel boxGaussian(double sigma, double w) {
        BoxNoise1D f = new BoxNoise1D(sigma, w);
        double logNorm = -2 * Math.log(w);
        double inv2s2 = 1 / (2 * sigma * sigma);
        return new CurveQuadrature.Kernel() {
            @Override
            public double logDensity(double zx, double zy) {
                return logNorm + f.logMass(zx) + f.logMass(zy);
            }

            /** Distance to the square, Gaussian in it: an upper bound up to a constant. */
            @Override
            public double logProxy(double zx, double zy) {
                double ex = zx < 0 ? zx : (zx > w ? zx - w : 0);
                double ey = zy < 0 ? zy : (zy > w ? zy - w : 0);
                return -(ex * ex + ey * ey) * inv2s2;
            }
        };
    }

    @Override
    public String id() {
        return "2spirals";
    }

    @Override
    public String description() {
        return "two interleaved spirals of 1.5 turns, noise U(0,1/6)^2 + N(0, 0.1^2) (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        int half = (n + 1) / 2;
        // FFJORD's order of draws: all m, then all x-jitters, then all y-jitters, then the noise.
        double[] m = new double[half];
        for (int i = 0; i < half; i++) {
            m[i] = Math.sqrt(rng.uniform()) * M_MAX;
        }
        double[] dx = new double[half];
        for (int i = 0; i < half; i++) {
            dx[i] = -Math.cos(m[i]) * m[i] + rng.uniform() * 0.5;
        }
        double[] dy = new double[half];
        for (int i = 0; i < half; i++) {
            dy[i] = Math.sin(m[i]) * m[i] + rng.uniform() * 0.5;
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            int j = i < half ? i : i - half;
            double sign = i < half ? 1 : -1;
            out[i][0] = sign * dx[j] / 3;
            out[i][1] = sign * dy[j] / 3;
        }
        for (double[] p : out) {
            p[0] += NOISE * rng.gaussian();
            p[1] += NOISE * rng.gaussian();
        }
        rng.shuffle(out);
        return out;
    }

    @Override
    public double logDensity(double x, double y) {
        return Math.log(0.5) + LogSumExp.of(quad.logIntegral(x, y), quad.logIntegral(-x, -y));
    }
}
