package dgm.core.data.toy;

import dgm.core.data.Modes;
import dgm.core.data.ToyDistribution;
import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;
import java.util.Optional;

/**
 * {@code 8gaussians}: an equal-weight mixture of eight isotropic Gaussians on a circle.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}, docs/data.md): pick a centre c uniformly
 * among 4·(1,0), 4·(−1,0), 4·(0,1), 4·(0,−1), 4·(±1/√2, ±1/√2) (in FFJORD's order), add
 * N(0, 0.5² I), then divide the point by 1.414 (FFJORD's literal constant, not √2). Hence the mode
 * radius is 4/1.414 ≈ 2.8289 and each component's standard deviation 0.5/1.414 ≈ 0.3536.
 *
 * <p>Density: closed form, log p(x) = log Σ_k (1/8) N(x; c_k/1.414, (0.5/1.414)² I), by log-sum-exp.
 */
public final class EightGaussians implements ToyDistribution {

    /** FFJORD divides by this literal, not by √2. */
    static final double DIVISOR = 1.414;
    static final double SCALE = 4.0;
    static final double SD = 0.5;

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    /** Unscaled unit centres in FFJORD's order (the sampler's index maps to this order). */
    private static final double[][] UNIT = {
        {1, 0}, {-1, 0}, {0, 1}, {0, -1},
        {INV_SQRT2, INV_SQRT2}, {INV_SQRT2, -INV_SQRT2}, {-INV_SQRT2, INV_SQRT2}, {-INV_SQRT2, -INV_SQRT2}
    };

    private final double[][] centres = new double[8][2];
    private final double sd = SD / DIVISOR;
    private final double inv2s2 = 1 / (2 * sd * sd);
    private final double logNorm = -Math.log(2 * Math.PI * sd * sd) - Math.log(8);

    public EightGaussians() {
        for (int k = 0; k < 8; k++) {
            centres[k][0] = SCALE * UNIT[k][0] / DIVISOR;
            centres[k][1] = SCALE * UNIT[k][1] / DIVISOR;
        }
    }

    @Override
    public String id() {
        return "8gaussians";
    }

    @Override
    public String description() {
        return "mixture of 8 Gaussians (sd 0.354) on a circle of radius 2.83 (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            // FFJORD's order of draws: the Gaussian offset first, then the centre index.
            double gx = rng.gaussian() * SD;
            double gy = rng.gaussian() * SD;
            int k = rng.nextInt(8);
            out[i][0] = (SCALE * UNIT[k][0] + gx) / DIVISOR;
            out[i][1] = (SCALE * UNIT[k][1] + gy) / DIVISOR;
        }
        return out;
    }

    @Override
    public double logDensity(double x, double y) {
        double[] terms = new double[8];
        for (int k = 0; k < 8; k++) {
            double dx = x - centres[k][0];
            double dy = y - centres[k][1];
            terms[k] = logNorm - (dx * dx + dy * dy) * inv2s2;
        }
        return LogSumExp.of(terms, terms.length);
    }

    @Override
    public Optional<Modes> modes() {
        double[][] c = new double[8][];
        for (int k = 0; k < 8; k++) {
            c[k] = centres[k].clone();
        }
        return Optional.of(new Modes(c, sd));
    }
}
