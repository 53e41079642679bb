package dgm.flow.base;

import dgm.core.rng.Rng;

/** The latent distribution p_base of a flow, over flat row-major [n × d] float64 batches. */
public interface BaseDistribution {

    int dimension();

    /** out[i] = log p_base(z_i) in nats (overwrites). */
    void logProb(double[] z, int n, double[] out);

    /**
     * Given dL/d log p_base(z_i) ({@code dLogProb}), writes dL/dz into {@code dz} (overwrites) and
     * accumulates the gradients of any parameters.
     */
    void backward(double[] z, double[] dLogProb, int n, double[] dz);

    /** n independent draws into z. */
    default void sample(int n, Rng rng, double[] z) {
        sample(n, rng, z, 1.0);
    }

    /**
     * n independent draws at temperature T into z: the base Gaussian with its standard deviations
     * multiplied by T (T = 1: the base itself, bit for bit; T = 0: its mean). Glow's reduced-temperature
     * samples (Kingma and Dhariwal 2018).
     */
    void sample(int n, Rng rng, double[] z, double temperature);

    /** ½ log 2π. */
    double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
}
