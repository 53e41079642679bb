package dgm.flow.bijector;

/**
 * A diffeomorphism f: ℝ^d → ℝ^d in the normalizing direction, z = f(x) (data → latent), with its
 * inverse and the log-determinants of both Jacobians (nflows' and FrEIA's contract).
 *
 * <p>Batches are flat row-major {@code double[]} of n rows × d columns, float64. Log-determinants
 * are <em>added</em> into the caller's per-row array, so a composition accumulates them in place.
 *
 * <p>Training: {@link #backward} differentiates the most recent {@link #forward} (any
 * {@link #inverse} call in between invalidates it). The array passed to {@code forward} as input
 * must not be modified before {@code backward}. Parameter gradients are <em>accumulated</em> into
 * the bijector's {@link dgm.core.nn.ParamBuffer}; input gradients are overwritten.
 */
public interface Bijector {

    int dimension();

    /** z = f(x); logDet[i] += log|det ∂f/∂x| at row i. */
    void forward(double[] x, int n, double[] z, double[] logDet);

    /** x = f⁻¹(z); logDet[i] += log|det ∂f⁻¹/∂z| at row i, which is −log|det ∂f/∂x| at x = f⁻¹(z). */
    void inverse(double[] z, int n, double[] x, double[] logDet);

    /**
     * Backward pass of the last {@link #forward}: given dL/dz ({@code dz}, n×d) and dL/d logDet
     * ({@code dLogDet}, n), writes dL/dx into {@code dx} and accumulates dL/dθ. Does not modify
     * {@code dz} or {@code dLogDet}; {@code dx} must not alias {@code dz}.
     */
    void backward(double[] dz, double[] dLogDet, int n, double[] dx);

    /**
     * Whether {@link #inverseBackward} is implemented: the sampling direction can then be trained,
     * as in variational fitting of an unnormalised density by reverse KL.
     */
    default boolean supportsInverseBackward() {
        return false;
    }

    /**
     * Backward pass of the last {@link #inverse}: given dL/dx ({@code dx}) and dL/d(inverse log-det)
     * ({@code dLogDet}), writes dL/dz into {@code dz} and accumulates dL/dθ. A {@link #forward} in
     * between invalidates it; the array passed to {@code inverse} must not change before this call.
     */
    default void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        throw new UnsupportedOperationException(describe() + " has no backward pass for its sampling direction");
    }

    /**
     * An ordering o of the coordinates in which the Jacobian is lower-triangular, i.e.
     * ∂z_{o[a]}/∂x_{o[b]} = 0 whenever b &gt; a; null when no such structure is promised. The
     * log-determinant of such a map is the sum of the log-diagonal, which is what makes it cheap.
     */
    default int[] triangularOrder() {
        return null;
    }

    /**
     * Data-dependent initialisation (ActNorm): called once with a batch of inputs to this bijector
     * before training. The default does nothing.
     */
    default void initializeFromData(double[] x, int n) {
    }

    /**
     * Switches between training behaviour and evaluation behaviour, for bijectors that differ
     * ({@link BatchNormFlow}); the default does nothing. Densities and samples of a trained model are
     * always taken in evaluation mode, where every bijector is a fixed map.
     */
    default void setTraining(boolean training) {
    }

    /** A short description for logs and reports, e.g. {@code AffineCoupling(A=[0], hidden=[64, 64])}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** The identity order 0..d−1, for maps triangular in the natural order. */
    static int[] identityOrder(int d) {
        int[] o = new int[d];
        for (int i = 0; i < d; i++) {
            o[i] = i;
        }
        return o;
    }
}
