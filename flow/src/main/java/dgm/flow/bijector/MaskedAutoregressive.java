package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.Made;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * A masked autoregressive transform (MAF, Papamakarios, Pavlakou and Murray 2017):
 * z_j = τ(x_j; h_j(x_0..x_{j−1})), with all h computed by one {@link Made} pass. The density
 * direction (forward) is one pass; the sampling direction (inverse) is sequential in j, solved by
 * {@link Made#solveSequentially} at the cost of about one more pass (each unit computed once, when
 * its inputs are known), then one pass on the solution for the log-determinant.
 * IAF (Kingma et al. 2016) is the same map used the other way round ({@link Inverse}). The Jacobian
 * is triangular in the natural order, log|det| = Σ_j log|∂τ/∂x_j|.
 *
 * <p>Both directions have a backward pass. The one of the sequential inverse is derived by implicit
 * differentiation of x = τ⁻¹(z; h(x)) at its solution (see {@link #inverseBackward}); it costs d − 1
 * extra MADE backward passes.
 */
public final class MaskedAutoregressive implements Bijector {
    private final int d;
    private final Transformer transformer;
    private final Mlp made;
    private final ParamBuffer params;
    /** The MADE's parameters occupy [madeFrom, madeTo) of the buffer (allocated in one piece). */
    private final int madeFrom;
    private final int madeTo;
    private double[] dxDirect = new double[0];
    private double[] dh = new double[0];
    /** What the transformer's last forward saved for its backward (null: nothing; see {@link Coupling}). */
    private double[] forwardSaved;
    /** Hands out {@link #forwardSaved} in training mode. */
    private final SaveBuffer saves = new SaveBuffer();
    private double[] scratch = new double[0];
    private double[] lastX;
    private double[] lastH;
    private int lastN = -1;
    private double[] invX = new double[0];
    private double[] lambda = new double[0];
    private int lastInverseN = -1;

    public MaskedAutoregressive(ParamBuffer params, String name, int d, Transformer transformer, int[] hidden,
                                Activation activation) {
        this.d = d;
        this.transformer = transformer;
        this.params = params;
        this.madeFrom = params.size();
        this.made = Made.build(params, name + ".made", d, hidden, transformer.paramsPerDim(), activation);
        this.madeTo = params.size();
    }

    /** Initialises the MADE; {@code outputGain} 0 starts the layer at the identity map. */
    public void initialize(Rng rng, double outputGain) {
        made.initialize(rng, outputGain);
    }

    private void ensure(int n) {
        if (dxDirect.length >= n * d) {
            return;
        }
        dxDirect = new double[n * d];
        dh = new double[n * d * transformer.paramsPerDim()];
        scratch = new double[n * d];
        invX = new double[n * d];
        lambda = new double[n * d];
    }

    /** In training mode the forward keeps what the transformer's backward needs (see {@link Transformer#savedPerDim()}). */
    @Override
    public void setTraining(boolean training) {
        saves.setTraining(training);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        ensure(n);
        double[] h = made.forward(x, n);
        forwardSaved = saves.forForward(transformer, (long) n * d);
        transformer.forward(x, h, n, d, z, logDet, forwardSaved);
        lastX = x;
        lastH = h;
        lastN = n;
        lastInverseN = -1;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        ensure(n);
        double[] zj = new double[n];
        double[] ignored = new double[n];
        int p = transformer.paramsPerDim();
        // x_j = τ⁻¹(z_j; h_j(x_0..x_{j−1})), each MADE unit computed once (one pass's cost, not d passes)
        Made.solveSequentially(made, p, x, n, (j, hj, xj) -> {
            for (int i = 0; i < n; i++) {
                zj[i] = z[i * d + j];
            }
            transformer.inverse(zj, hj, n, 1, xj, ignored);
        });
        // the last pass runs on a private copy of the solution x: the MADE keeps a reference to its
        // input for inverseBackward, and the caller may reuse its array
        System.arraycopy(x, 0, invX, 0, n * d);
        double[] h = made.forward(invX, n);
        transformer.inverse(z, h, n, d, scratch, logDet);
        lastH = h;
        lastN = -1;
        lastInverseN = n;
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    /**
     * Backward pass of the sequential inverse. At the solution, x = τ⁻¹(z; h(x)) and the inverse's
     * log-det is a function of z and h(x). With λ = dL/dx in total (directly, plus through the
     * coordinates after it via h), the adjoint equations are
     * <pre>
     *   (dz, μ) = inverseBackward of τ⁻¹ at (x, h) with upstream (λ, dLogDet),  μ = dL/dh,
     *   λ = dx + (∂h/∂x)ᵀ μ.
     * </pre>
     * (∂h/∂x)ᵀ μ at coordinate j involves only μ of later coordinates (the MADE masks), so iterating
     * λ ← dx + (∂h/∂x)ᵀ μ(λ) from λ = dx is exact after d − 1 rounds (one more coordinate is right
     * after each). The rounds' parameter gradients are discarded; the final round's MADE backward
     * accumulates (∂h/∂θ)ᵀ μ, the parameter gradient.
     */
    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        double[] g = params.grads();
        double[] saved = java.util.Arrays.copyOfRange(g, madeFrom, madeTo);
        System.arraycopy(dx, 0, lambda, 0, n * d);
        for (int round = 0; round < d - 1; round++) {
            transformer.inverseBackward(invX, lastH, lambda, dLogDet, n, d, dz, dh);
            double[] back = made.backward(dh, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
            for (int k = 0; k < n * d; k++) {
                lambda[k] = dx[k] + back[k];
            }
        }
        System.arraycopy(saved, 0, g, madeFrom, saved.length);
        transformer.inverseBackward(invX, lastH, lambda, dLogDet, n, d, dz, dh);
        made.backward(dh, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        transformer.backward(lastX, lastH, dz, dLogDet, n, d, dxDirect, dh, forwardSaved);
        double[] dxNet = made.backward(dh, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
        for (int k = 0; k < n * d; k++) {
            dx[k] = dxDirect[k] + dxNet[k];
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }

    @Override
    public String describe() {
        return "MAF(" + transformer.getClass().getSimpleName() + ", net=" + java.util.Arrays.toString(made.sizes()) + ")";
    }
}
