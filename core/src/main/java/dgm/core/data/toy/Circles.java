package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.rng.Rng;

/**
 * {@code circles}: two concentric noisy circles of radius 3 and 1.5.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}: sklearn's {@code make_circles(factor=0.5,
 * noise=0.08)} times 3; docs/data.md): ⌊n/2⌋ points on the circle of radius 3 and n − ⌊n/2⌋ on
 * the circle of radius 1.5, at evenly spaced angles 2πi/m, rows shuffled, plus N(0, 0.24² I).
 *
 * <p>Density: the many-point limit, an equal mixture of the two circles with uniform angle, each in
 * closed form exp(−(|x| − r)²/(2σ²)) I0e(r|x|/σ²)/(2πσ²) (see {@link RingMixture}). Evenly spaced
 * rather than random angles make the sample a stratified draw from this density; the Monte Carlo
 * entropy's standard error, computed as if i.i.d., is then conservative.
 */
public final class Circles implements ToyDistribution {

    static final double NOISE = 0.24;
    private final RingMixture mixture = new RingMixture(new double[] {3.0, 1.5}, new double[] {0.5, 0.5}, NOISE);

    @Override
    public String id() {
        return "circles";
    }

    @Override
    public String description() {
        return "two noisy circles, radius 3 and 1.5, noise sd 0.24 (FFJORD, sklearn make_circles x3)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        int outer = n / 2;
        return mixture.sample(new int[] {outer, n - outer}, rng);
    }

    @Override
    public double logDensity(double x, double y) {
        return mixture.logDensity(x, y);
    }
}
