package dgm.core.data;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.rng.Rng;
import java.util.Optional;

/**
 * A 2-D distribution known exactly: a sampler that follows its published definition (FFJORD's
 * {@code toy_data.py}, docs/data.md) and its exact log-density, so that the true entropy H(p)
 * and the gap NLL − H(p) = KL(p‖q) can be computed.
 */
public interface ToyDistribution {

    /** The dataset id, e.g. {@code moons}. */
    String id();

    /** One line: what it is. */
    String description();

    /** {@code n} samples, shape [n, 2]. */
    double[][] sample(int n, Rng rng);

    /** Exact log p(x, y) in nats; −∞ outside the support. */
    double logDensity(double x, double y);

    /** Exact log-density of each row of {@code points} ([n, 2]). */
    default double[] logDensity(double[][] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = logDensity(points[i][0], points[i][1]);
        }
        return out;
    }

    /**
     * The true differential entropy H(p) in nats: exact where a closed form exists, otherwise the Monte
     * Carlo estimate −mean log p(x_i) over {@code n} fresh samples, with its standard error.
     */
    default Estimate entropy(int n, Rng rng) {
        double[] lp = logDensity(sample(n, rng));
        for (int i = 0; i < lp.length; i++) {
            lp[i] = -lp[i];
        }
        return Estimate.mean(lp, Kind.ESTIMATE);
    }

    /** The known modes, for mixtures (8gaussians); empty otherwise. */
    default Optional<Modes> modes() {
        return Optional.empty();
    }
}
