package dgm.core.nn;

import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * A multilayer perceptron sizes[0] → sizes[1] → … → sizes[L], with one activation after every
 * hidden layer and another (often {@link Activation#IDENTITY}) after the last. Holds its own
 * workspace, so {@link #forward} and {@link #backward} allocate nothing once the batch size has
 * been seen.
 *
 * <p>Not re-entrant: {@link #backward} differentiates the most recent {@link #forward}, whose input
 * array must not have been modified in between. The returned arrays are internal buffers, valid
 * until the next call.
 */
public final class Mlp {
    private final int[] sizes;
    private final Dense[] layers;
    private final Activation hidden;
    private final Activation output;
    private double[][] acts = new double[0][];
    private double[][] grads = new double[0][];
    private double[] dIn = new double[0];
    private double[] lastInput;
    private int lastN = -1;

    public Mlp(ParamBuffer params, String name, Activation hidden, Activation output, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes, got " + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        this.layers = new Dense[sizes.length - 1];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Dense(params, name + "." + l, sizes[l], sizes[l + 1]);
        }
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public Dense layer(int l) {
        return layers[l];
    }

    public int depth() {
        return layers.length;
    }

    /** Default initialisation of every layer; the last layer's scale is {@code outputGain} (0: zero output). */
    public void initialize(Rng rng, double outputGain) {
        for (int l = 0; l < layers.length; l++) {
            layers[l].initialize(rng, l == layers.length - 1 ? outputGain : 1.0);
        }
    }

    private void ensureCapacity(int n) {
        if (acts.length == layers.length && acts[0].length >= n * sizes[1]) {
            return;
        }
        acts = new double[layers.length][];
        grads = new double[layers.length][];
        for (int l = 0; l < layers.length; l++) {
            acts[l] = new double[n * sizes[l + 1]];
            grads[l] = new double[n * sizes[l + 1]];
        }
        dIn = new double[n * sizes[0]];
    }

    /** The output [n × sizes[L]] for input x [n × sizes[0]]; an internal buffer. */
    public double[] forward(double[] x, int n) {
        ensureCapacity(n);
        double[] in = x;
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(in, n, acts[l], l == layers.length - 1 ? output : hidden);
            in = acts[l];
        }
        lastInput = x;
        lastN = n;
        return acts[layers.length - 1];
    }

    /**
     * Backward pass of the last forward: accumulates parameter gradients for the output gradient
     * {@code dOut} [n × sizes[L]] and returns dL/dx [n × sizes[0]] (an internal buffer).
     * {@code dOut} is not modified.
     */
    public double[] backward(double[] dOut, int n) {
        backward(dOut, n, true, true);
        return dIn;
    }

    /**
     * The input gradient dL/dx [n × sizes[0]] of the last forward for the output gradient
     * {@code dOut}, without touching the parameter gradients: the backward pass with the weight
     * gradient products xᵀ·dy and the bias sums left out (e.g. the generator's update, which
     * differentiates through a fixed critic). Returns an internal buffer, equal bit for bit to what
     * {@link #backward} returns.
     */
    public double[] inputGradient(double[] dOut, int n) {
        backward(dOut, n, false, true);
        return dIn;
    }

    /**
     * {@link #backward} without the input gradient of the first layer (its dy·Wᵀ product), for a
     * network whose input is data, not a function of parameters (e.g. a VAE's encoder).
     * Accumulates exactly what {@link #backward} accumulates.
     */
    public void backwardParameters(double[] dOut, int n) {
        backward(dOut, n, true, false);
    }

    private void backward(double[] dOut, int n, boolean parameters, boolean input) {
        if (n != lastN) {
            throw new IllegalStateException("backward for " + n + " rows after a forward of " + lastN);
        }
        int last = layers.length - 1;
        System.arraycopy(dOut, 0, grads[last], 0, n * sizes[last + 1]);
        for (int l = last; l >= 0; l--) {
            (l == last ? output : hidden).backward(acts[l], grads[l], n * sizes[l + 1]);
            if (parameters) {
                layers[l].backwardParameters(l == 0 ? lastInput : acts[l - 1], grads[l], n);
            }
            if (l > 0 || input) {
                layers[l].backwardInput(grads[l], n, l == 0 ? dIn : grads[l - 1]);
            }
        }
    }
}
