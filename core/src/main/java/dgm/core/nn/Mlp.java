package dgm.core.nn;

import dgm.core.rng.Rng;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;

/**
 * A multilayer perceptron sizes[0] → sizes[1] → … → sizes[L], with one activation after every
 * hidden layer and another (often {@link Activation#IDENTITY}) after the last. Holds its own
 * workspace, so {@link #forward} and {@link #backward} allocate nothing once the batch size has
 * been seen. One forward and one backward entry point; what the backward computes is chosen by
 * {@link Gradients}.
 *
 * <p>Resident path: when the MLP's {@link Engine} is BLAS with {@link Engine#residentPath()} on and
 * the network is large enough to use it ({@link #resident}), the activations stay in native buffers
 * from layer to layer (the next product reads them there) and cross into Java only for the
 * elementwise activation and its derivative, where C2 vectorises the loops: two copies of each
 * hidden activation per pass instead of the three to five of calling layer by layer. Same BLAS
 * calls on the same operands, so the same numbers bit for bit (tested). Otherwise each layer's
 * {@link Dense#forward}/{@link Dense#backward} runs, with the engine choosing BLAS or Java per layer.
 *
 * <p>Not re-entrant: {@link #backward} differentiates the most recent {@link #forward}, whose input
 * array must not have been modified in between. The returned arrays are internal buffers, valid
 * until the next call.
 */
public final class Mlp {
    /** What {@link #backward} computes. */
    public enum Gradients {
        /** Accumulates the parameter gradients and returns dL/dx. */
        PARAMETERS_AND_INPUT,
        /**
         * Accumulates the parameter gradients only, skipping the first layer's dy·Wᵀ product (for a
         * network whose input is data, not a function of parameters, e.g. a VAE's encoder); returns
         * null. Accumulates exactly what {@link #PARAMETERS_AND_INPUT} does.
         */
        PARAMETERS,
        /**
         * Returns dL/dx only, leaving the parameter gradients untouched: the weight-gradient
         * products xᵀ·dy and the bias sums are left out (e.g. the generator's update, which
         * differentiates through a fixed critic). Equal bit for bit to what
         * {@link #PARAMETERS_AND_INPUT} returns.
         */
        INPUT
    }

    private final Engine engine;
    private final int[] sizes;
    private final Dense[] layers;
    private final Activation hidden;
    private final Activation output;
    private double[][] acts = new double[0][];
    private double[][] grads = new double[0][];
    private double[] dIn = new double[0];
    private double[] lastInput;
    private int lastN = -1;
    private boolean lastResident;
    /** Resident path: [0] the input, [l + 1] layer l's activated output (native, row-major). */
    private DoublePointer[] nativeActs;
    /** Resident path: [0] dL/dx, [l + 1] dL/d(layer l's pre-activation). */
    private DoublePointer[] nativeGrads;
    private int nativeRows;

    /**
     * The resident path is taken up to n × (widest layer) of 2^20 doubles (8 MB a buffer); larger
     * evaluations go layer by layer through the per-thread buffers, which bounds native memory.
     */
    static final long RESIDENT_MAX = 1L << 20;
    /** An MLP on the process's engine ({@link Engine#current()}). */
    public Mlp(ParamBuffer params, String name, Activation hidden, Activation output, int... sizes) {
        this(Engine.current(), params, name, hidden, output, sizes);
    }

    /** An MLP on the given engine (tests compare engines and paths with it). */
    Mlp(Engine engine, ParamBuffer params, String name, Activation hidden, Activation output, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes, got " + Arrays.toString(sizes));
        }
        this.engine = engine;
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        this.layers = new Dense[sizes.length - 1];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Dense(engine, params, name + "." + l, sizes[l], sizes[l + 1]);
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

    public Activation hiddenActivation() {
        return hidden;
    }

    public Activation outputActivation() {
        return output;
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

    /**
     * Whether a batch of n rows takes the resident path: the engine allows it, at least one layer
     * runs in BLAS at this batch size, and n × (widest layer) is at most {@link #RESIDENT_MAX}.
     */
    boolean resident(int n) {
        if (!engine.residentPath()) {
            return false;
        }
        boolean nativeLayer = false;
        int widest = 0;
        for (int l = 0; l < layers.length; l++) {
            nativeLayer |= engine.nativeLayer(n, sizes[l], sizes[l + 1]);
            widest = Math.max(widest, Math.max(sizes[l], sizes[l + 1]));
        }
        return nativeLayer && (long) n * widest <= RESIDENT_MAX;
    }

    private void ensureNative(int n) {
        if (nativeActs != null && nativeRows >= n) {
            return;
        }
        if (nativeActs != null) {
            for (int l = 0; l <= layers.length; l++) {
                nativeActs[l].close();
                nativeGrads[l].close();
            }
        }
        nativeRows = Math.max(n, nativeRows);
        nativeActs = new DoublePointer[layers.length + 1];
        nativeGrads = new DoublePointer[layers.length + 1];
        for (int l = 0; l <= layers.length; l++) {
            nativeActs[l] = new DoublePointer((long) nativeRows * sizes[l]);
            nativeGrads[l] = new DoublePointer((long) nativeRows * sizes[l]);
        }
    }

    private double[] forwardResident(double[] x, int n) {
        ensureNative(n);
        int last = layers.length - 1;
        nativeActs[0].put(x, 0, n * sizes[0]);
        for (int l = 0; l <= last; l++) {
            Activation act = l == last ? output : hidden;
            int len = n * sizes[l + 1];
            layers[l].forwardNative(nativeActs[l], n, nativeActs[l + 1]);
            nativeActs[l + 1].get(acts[l], 0, len);
            if (act != Activation.IDENTITY) {
                act.apply(acts[l], len);
                if (l < last) {
                    nativeActs[l + 1].put(acts[l], 0, len);
                }
            }
        }
        return acts[last];
    }

    private void backwardResident(int n, boolean parameters, boolean input) {
        int last = layers.length - 1;
        nativeGrads[last + 1].put(grads[last], 0, n * sizes[last + 1]);
        for (int l = last; l >= 0; l--) {
            DoublePointer dx = l > 0 || input ? nativeGrads[l] : null;
            layers[l].backwardNative(nativeActs[l], nativeGrads[l + 1], n, dx, parameters);
            if (l > 0 && hidden != Activation.IDENTITY) {
                int len = n * sizes[l];
                nativeGrads[l].get(grads[l - 1], 0, len);
                hidden.backward(acts[l - 1], grads[l - 1], len);
                nativeGrads[l].put(grads[l - 1], 0, len);
            }
        }
        if (input) {
            nativeGrads[0].get(dIn, 0, n * sizes[0]);
        }
    }

    /** The output [n × sizes[L]] for input x [n × sizes[0]]; an internal buffer. */
    public double[] forward(double[] x, int n) {
        ensureCapacity(n);
        lastInput = x;
        lastN = n;
        lastResident = resident(n);
        if (lastResident) {
            return forwardResident(x, n);
        }
        double[] in = x;
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(in, n, acts[l], l == layers.length - 1 ? output : hidden);
            in = acts[l];
        }
        return acts[layers.length - 1];
    }

    /**
     * Backward pass of the last forward for the output gradient {@code dOut} [n × sizes[L]] (not
     * modified): accumulates the parameter gradients and/or returns dL/dx [n × sizes[0]] (an
     * internal buffer), as {@code wanted} says; null for {@link Gradients#PARAMETERS}.
     */
    public double[] backward(double[] dOut, int n, Gradients wanted) {
        boolean parameters = wanted != Gradients.INPUT;
        boolean input = wanted != Gradients.PARAMETERS;
        backward(dOut, n, parameters, input);
        return input ? dIn : null;
    }

    private void backward(double[] dOut, int n, boolean parameters, boolean input) {
        if (n != lastN) {
            throw new IllegalStateException("backward for " + n + " rows after a forward of " + lastN);
        }
        int last = layers.length - 1;
        System.arraycopy(dOut, 0, grads[last], 0, n * sizes[last + 1]);
        output.backward(acts[last], grads[last], n * sizes[last + 1]);
        if (lastResident) {
            backwardResident(n, parameters, input);
            return;
        }
        for (int l = last; l >= 0; l--) {
            if (l < last) {
                hidden.backward(acts[l], grads[l], n * sizes[l + 1]);
            }
            double[] x = l == 0 ? lastInput : acts[l - 1];
            double[] dx = l == 0 ? dIn : grads[l - 1];
            layers[l].backward(x, grads[l], n, l > 0 || input ? dx : null, parameters);
        }
    }
}
