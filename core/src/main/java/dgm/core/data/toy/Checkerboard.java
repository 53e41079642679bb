package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.rng.Rng;

/**
 * {@code checkerboard}: the uniform distribution on the 8 black squares of a 4×4 checkerboard of
 * side-2 squares covering [−4, 4)².
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}, docs/data.md): x₁ = U(−2, 2),
 * x₂ = U(0, 1) − 2B + (⌊x₁⌋ mod 2) with B ∈ {0, 1} uniform, output 2·(x₁, x₂). In the unscaled
 * coordinates the support is {(u, v) ∈ [−2, 2)² : ⌊u⌋ + ⌊v⌋ even}, 8 unit squares.
 *
 * <p>Density: exactly 1/32 on the support (total area 8 · 2² = 32), 0 elsewhere, so log p is ln(1/32)
 * or −∞. The entropy is exactly ln 32 ≈ 3.4657 nats. Squares are half-open [lo, lo + 2) as the
 * sampler produces them.
 */
public final class Checkerboard implements ToyDistribution {

    static final double LOG_AREA = Math.log(32);

    @Override
    public String id() {
        return "checkerboard";
    }

    @Override
    public String description() {
        return "uniform on the 8 black squares (side 2) of a checkerboard on [-4,4)^2 (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        // FFJORD draws the three vectors one after the other; so do we.
        double[] x1 = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = rng.uniform() * 4 - 2;
        }
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = rng.uniform();
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            int b = rng.nextInt(2);
            // Python's float % 2 is non-negative, as floorMod is.
            int parity = Math.floorMod((int) Math.floor(x1[i]), 2);
            double x2 = u[i] - 2 * b + parity;
            out[i][0] = 2 * x1[i];
            out[i][1] = 2 * x2;
        }
        return out;
    }

    @Override
    public double logDensity(double x, double y) {
        double u = x / 2;
        double v = y / 2;
        if (!(u >= -2 && u < 2 && v >= -2 && v < 2)) {
            return Double.NEGATIVE_INFINITY;
        }
        long parity = (long) Math.floor(u) + (long) Math.floor(v);
        return (parity & 1L) == 0 ? -LOG_AREA : Double.NEGATIVE_INFINITY;
    }

    /** Exactly ln 32: the density is constant on its support. */
    @Override
    public Estimate entropy(int n, Rng rng) {
        return Estimate.exact(LOG_AREA);
    }
}
