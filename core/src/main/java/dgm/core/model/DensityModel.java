package dgm.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A model with an exact, normalised log-density. */
public interface DensityModel extends GenerativeModel {

    /**
     * log q(x) in nats for each row of {@code x} (shape [n, d]); returns shape [n]. May be −∞ for
     * points outside the support; never NaN for finite input.
     */
    INDArray logProb(INDArray x);
}
