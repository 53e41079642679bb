package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.rng.Rng;

/**
 * {@code rings}: four concentric noisy circles of radius 3, 2.25, 1.5 and 0.75.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}; docs/data.md): ⌊n/4⌋ points on each of the
 * circles of radius 3, 2.25 and 1.5 and the remaining n − 3⌊n/4⌋ on the circle of radius 0.75, at
 * evenly spaced angles 2πi/m, rows shuffled, plus N(0, 0.08² I) (the noise is added after the ×3
 * scaling, so its sd is 0.08, not 0.24).
 *
 * <p>Density: the many-point limit, an equal mixture of the four circles with uniform angle, each in
 * closed form exp(−(|x| − r)²/(2σ²)) I0e(r|x|/σ²)/(2πσ²) (see {@link RingMixture}).
 */
public final class Rings implements ToyDistribution {

    static final double NOISE = 0.08;
    private final RingMixture mixture = new RingMixture(
        new double[] {3.0, 2.25, 1.5, 0.75}, new double[] {0.25, 0.25, 0.25, 0.25}, NOISE);

    @Override
    public String id() {
        return "rings";
    }

    @Override
    public String description() {
        return "four noisy circles, radius 3, 2.25, 1.5, 0.75, noise sd 0.08 (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        int q = n / 4;
        return mixture.sample(new int[] {q, q, q, n - 3 * q}, rng);
    }

    @Override
    public double logDensity(double x, double y) {
        return mixture.logDensity(x, y);
    }
}
