package dgm.core.model;

import dgm.core.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A latent-variable model q(x) = ∫ q(x|z) q(z) dz whose likelihood is only available as a bound. */
public interface LatentVariableModel extends GenerativeModel {

    /**
     * A stochastic lower bound on log q(x) for each row of {@code x} (shape [n, d]; returns [n], nats):
     * k = 1 gives the ELBO, k > 1 the importance-weighted bound of Burda et al. (2016), which
     * tightens as k grows and remains a bound.
     */
    INDArray lowerBound(INDArray x, int k, Rng rng);
}
