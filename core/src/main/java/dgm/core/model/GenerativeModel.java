package dgm.core.model;

import dgm.core.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained generative model over ℝ^d. Every model samples; what else it can be asked is a
 * capability expressed as a sub-type ({@link DensityModel}, {@link LatentVariableModel},
 * {@link ImplicitModel}), so that nobody can ask a GAN for a likelihood by mistake.
 *
 * <p>Arrays crossing this interface are float64, row-major, shape [n, d] for points and [n] for
 * per-point quantities. Log-densities are in nats, in the data space the model was trained on.
 */
public interface GenerativeModel {

    /** The model id it was built from, e.g. {@code gmm-full} or {@code realnvp}. */
    String id();

    /** The data dimension d. */
    int dimension();

    /**
     * {@code n} independent samples, shape [n, d]. Deterministic given the generator's state: the
     * same seed gives the same samples.
     */
    INDArray sample(int n, Rng rng);

    /** Everything needed to rebuild this model exactly; see {@link ModelIO}. */
    ModelState state();

    /** Number of trainable (fitted) scalar parameters. */
    long parameterCount();
}
