package dgm.vae;

import dgm.core.rng.Rng;

/**
 * The observation model p(x|z) of a VAE, read off the decoder network's output. For one decoded row
 * the network emits {@link #outputsPerDimension()}·d numbers, laid out in blocks of d (e.g. all d means,
 * then all d scale parameters); this class turns them into log p(x|z) in nats, in the <em>original</em>
 * data space, and differentiates it with respect to those outputs.
 *
 * <p>Decoders that use the training set's per-dimension shift m and scale s (a fixed standardisation)
 * do so as a reparameterisation of their output (e.g. mean = m + s·μ′), never by rescaling the data,
 * so no Jacobian term is needed and densities stay in data units.
 */
public interface DecoderLikelihood {

    /** {@code gaussian}, {@code bernoulli} or {@code dlogistic}. */
    String name();

    /** P: the decoder network emits P·d outputs per row. */
    int outputsPerDimension();

    /**
     * log p(x|z) of data row x[xOff..xOff+d) given the decoder output out[oOff..oOff+P·d); when
     * {@code grad} is non-null, writes ∂ log p / ∂ out into grad[oOff..oOff+P·d) (overwriting).
     * Returns −∞ for x outside the support.
     */
    double logLikelihood(double[] out, int oOff, double[] x, int xOff, double[] grad);

    /** The mean E[x|z] (in data units), into dst[dOff..dOff+d). */
    void mean(double[] out, int oOff, double[] dst, int dOff);

    /** One draw x ~ p(x|z), into dst[dOff..dOff+d). */
    void sample(double[] out, int oOff, Rng rng, double[] dst, int dOff);
}
