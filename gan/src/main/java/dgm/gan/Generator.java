package dgm.gan;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * A generator G_θ: noise z ∈ ℝ^k (standard normal) → x ∈ ℝ^d, with its own parameter buffer and a
 * hand-written backward pass. Batches are flat row-major {@code double[]} with the row count passed
 * explicitly (the {@code dgm.core.nn} conventions).
 *
 * <p>Not re-entrant: {@link #backward} differentiates the most recent {@link #forward}, whose input
 * must not have been modified in between; returned arrays are internal buffers.
 */
public interface Generator {

    /** k, the dimension of the standard-normal noise. */
    int noiseDimension();

    /** d, the data dimension. */
    int dimension();

    /** θ and its gradient. */
    ParamBuffer params();

    /** Sets θ to its initial values (random where the architecture asks for it). */
    void initialize(Rng rng);

    /** x = G(z) [n × d] for z [n × k]; an internal buffer. */
    double[] forward(double[] z, int n);

    /** Accumulates ∂L/∂θ into {@link #params()} for ∂L/∂x = {@code dx} [n × d]. */
    void backward(double[] dx, int n);

    /** "mlp k→h→…→d (relu)" or similar, for run records. */
    String describe();
}
