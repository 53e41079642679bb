package dgm.flow.bijector;

/**
 * The inverse g = f⁻¹ of a bijector f, as a bijector: g's forward (data → latent) is f's inverse and
 * g's inverse is f's forward. Log-determinants need no extra sign: f's {@code inverse} already adds
 * log|det ∂f⁻¹/∂z| = −log|det ∂f/∂x|, which is g's forward log-det, and f's {@code forward} adds
 * log|det ∂f/∂x| = log|det ∂g⁻¹/∂z|, which is g's inverse log-det. The backward passes swap likewise:
 * g's {@code backward} is f's {@code inverseBackward}, g's {@code inverseBackward} is f's
 * {@code backward}.
 *
 * <p>With f a {@link MaskedAutoregressive} layer (MAF), g is IAF (Kingma et al. 2016): sampling
 * x = g⁻¹(z) = f(z) is one parallel pass, x_j = τ(z_j; h_j(z_{<j})), and density evaluation of data
 * needs f's sequential inverse (about one pass's cost, {@link dgm.core.nn.Made#solveSequentially}). g's Jacobian is triangular in the same order as f's (the
 * inverse of a triangular matrix is triangular).
 *
 * <p>{@link #initializeFromData} does nothing: the batch it would see lives on f's latent side.
 */
public final class Inverse implements Bijector {
    private final Bijector inner;

    public Inverse(Bijector inner) {
        this.inner = inner;
    }

    public Bijector inner() {
        return inner;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        inner.inverse(x, n, z, logDet);
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        inner.forward(z, n, x, logDet);
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (!inner.supportsInverseBackward()) {
            throw new UnsupportedOperationException("Inverse(" + inner.describe()
                    + ") has no backward pass for its density direction");
        }
        inner.inverseBackward(dz, dLogDet, n, dx);
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        inner.backward(dx, dLogDet, n, dz);
    }

    @Override
    public int[] triangularOrder() {
        return inner.triangularOrder();
    }

    @Override
    public void setTraining(boolean training) {
        inner.setTraining(training);
    }

    @Override
    public String describe() {
        return "Inverse(" + inner.describe() + ")";
    }
}
