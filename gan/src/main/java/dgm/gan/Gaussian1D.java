package dgm.gan;

import dgm.core.rng.Rng;

/** The normal density N(μ, σ²) on ℝ. */
public record Gaussian1D(double mu, double sigma) implements Density1D {

    static final double HALF_LOG_2PI = 0.9189385332046727;

    public Gaussian1D {
        if (!(sigma > 0) || !Double.isFinite(sigma) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("need finite mu and sigma > 0, got mu=" + mu + ", sigma=" + sigma);
        }
    }

    /** −½ log 2π − log σ − ½ ((x − μ)/σ)². */
    @Override
    public double logDensity(double x) {
        double z = (x - mu) / sigma;
        return -HALF_LOG_2PI - Math.log(sigma) - 0.5 * z * z;
    }

    @Override
    public double mean() {
        return mu;
    }

    @Override
    public double variance() {
        return sigma * sigma;
    }

    /** The CDF Φ((x − μ)/σ). */
    public double cdf(double x) {
        return StableMath.normalCdf((x - mu) / sigma);
    }

    @Override
    public double[] landmarks() {
        return new double[] {mu - 6 * sigma, mu - 2 * sigma, mu, mu + 2 * sigma, mu + 6 * sigma};
    }

    @Override
    public double sample(Rng rng) {
        return mu + sigma * rng.gaussian();
    }
}
