package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.Made;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * A masked autoregressive transform (MAF, Papamakarios, Pavlakou and Murray 2017):
 * z_j = τ(x_j; h_j(x_0..x_{j−1})), with all h computed by one {@link Made} pass. The density
 * direction (forward) is one pass; the sampling direction (inverse) needs d sequential passes.
 * IAF (Kingma et al. 2016) is the same map used the other way round. The Jacobian is triangular in
 * the natural order, log|det| = Σ_j log|∂τ/∂x_j|.
 */
public final class MaskedAutoregressive implements Bijector {
    private final int d;
    private final Transformer transformer;
    private final Mlp made;
    private double[] dxDirect = new double[0];
    private double[] dh = new double[0];
    private double[] scratch = new double[0];
    private double[] lastX;
    private double[] lastH;
    private int lastN = -1;

    public MaskedAutoregressive(ParamBuffer params, String name, int d, Transformer transformer, int[] hidden,
                                Activation activation) {
        this.d = d;
        this.transformer = transformer;
        this.made = Made.build(params, name + ".made", d, hidden, transformer.paramsPerDim(), activation);
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
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        ensure(n);
        double[] h = made.forward(x, n);
        transformer.forward(x, h, n, d, z, logDet);
        lastX = x;
        lastH = h;
        lastN = n;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        ensure(n);
        java.util.Arrays.fill(x, 0, n * d, 0.0);
        double[] ignored = new double[n];
        // after pass j, x_0..x_j are exact: x_j depends only on z_j and x_{<j}
        for (int j = 0; j < d; j++) {
            double[] h = made.forward(x, n);
            transformer.inverse(z, h, n, d, scratch, ignored);
            for (int i = 0; i < n; i++) {
                x[i * d + j] = scratch[i * d + j];
            }
        }
        double[] h = made.forward(x, n);
        transformer.inverse(z, h, n, d, scratch, logDet);
        lastN = -1;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        transformer.backward(lastX, lastH, dz, dLogDet, n, d, dxDirect, dh);
        double[] dxNet = made.backward(dh, n);
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
