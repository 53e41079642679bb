package dgm.gan;

import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * G(z) = MLP(z): k → h → … → h → d, a hidden activation after each hidden layer, and a linear
 * output, or a bounded one: G(z)_j = a_j·σ(u_j) + c_j with σ the logistic sigmoid and fixed a, c,
 * which puts every sample inside the data's range (for images: a_j·σ + c_j = (L·σ − m_j)/s_j, the
 * pixel range [0, L) in the standardised coordinates the critic sees).
 */
public final class MlpGenerator implements Generator {
    private final ParamBuffer params = new ParamBuffer();
    private final Mlp mlp;
    private final Activation activation;
    /** Bounded output only: the fixed affine map after the sigmoid; null for a linear output. */
    private final double[] outScale;
    private final double[] outShift;
    private double[] out = new double[0];
    private double[] dOut = new double[0];

    public MlpGenerator(int noiseDimension, int dimension, int hidden, int layers, Activation activation) {
        this(noiseDimension, dimension, hidden, layers, activation, null, null);
    }

    /**
     * With {@code outScale} and {@code outShift} (both of length d), the bounded output
     * G(z)_j = outScale_j·σ(u_j) + outShift_j; with both null, a linear output.
     */
    public MlpGenerator(int noiseDimension, int dimension, int hidden, int layers, Activation activation,
                        double[] outScale, double[] outShift) {
        if ((outScale == null) != (outShift == null)
                || (outScale != null && (outScale.length != dimension || outShift.length != dimension))) {
            throw new IllegalArgumentException("a bounded output needs a scale and a shift of length " + dimension);
        }
        int[] sizes = new int[layers + 2];
        sizes[0] = noiseDimension;
        Arrays.fill(sizes, 1, layers + 1, hidden);
        sizes[layers + 1] = dimension;
        boolean bounded = outScale != null;
        this.mlp = new Mlp(params, "generator", activation, bounded ? Activation.SIGMOID : Activation.IDENTITY, sizes);
        this.activation = activation;
        this.outScale = bounded ? outScale.clone() : null;
        this.outShift = bounded ? outShift.clone() : null;
    }

    /** Whether the output is bounded (a sigmoid onto the data's range). */
    public boolean bounded() {
        return outScale != null;
    }

    @Override
    public int noiseDimension() {
        return mlp.inputSize();
    }

    @Override
    public int dimension() {
        return mlp.outputSize();
    }

    @Override
    public ParamBuffer params() {
        return params;
    }

    /** PyTorch's default (uniform ±1/√fan_in) for every layer. */
    @Override
    public void initialize(Rng rng) {
        mlp.initialize(rng, 1.0);
    }

    @Override
    public double[] forward(double[] z, int n) {
        double[] y = mlp.forward(z, n);
        if (outScale == null) {
            return y;
        }
        int d = outScale.length;
        if (out.length < n * d) {
            out = new double[n * d];
            dOut = new double[n * d];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = outScale[j] * y[i * d + j] + outShift[j];
            }
        }
        return out;
    }

    @Override
    public void backward(double[] dx, int n) {
        if (outScale == null) {
            mlp.backward(dx, n, Mlp.Gradients.PARAMETERS);   // the noise needs no gradient
            return;
        }
        int d = outScale.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                dOut[i * d + j] = outScale[j] * dx[i * d + j];
            }
        }
        mlp.backward(dOut, n, Mlp.Gradients.PARAMETERS);
    }

    @Override
    public String describe() {
        return "mlp " + Arrays.toString(mlp.sizes()) + " (" + activation.name().toLowerCase(java.util.Locale.ROOT) + ")"
                + (bounded() ? ", sigmoid output onto the data's range" : ", linear output");
    }
}
