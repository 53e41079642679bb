package dgm.gan;

import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * The critic's network V_ω: ℝ^d → ℝ, an MLP d → h → … → h → 1 with a linear output. The output
 * activation g_f is not part of the network: the objective applies g_f and the fused f*∘g_f to the
 * raw outputs ({@link VariationalObjective}), which is what keeps f*(g_f(v)) finite for every v.
 *
 * <p>With spectral normalisation (Miyato, Kataoka, Koyama, Yoshida, ICLR 2018) every layer
 * multiplies by W̄ = W / σ(W), σ(W) = bᵀ W a estimated by power iteration on the vectors a, b
 * ({@link #powerIteration}, one round before each critic update, as in the paper), so that each
 * layer is 1-Lipschitz and the critic's outputs cannot grow without bound. The gradient treats a and
 * b as constants (as the paper's and PyTorch's implementations do): ∂L/∂W = G/σ − (⟨G, W⟩/σ²)·b aᵀ
 * for G = ∂L/∂W̄. The vectors are part of {@link #params()} (with zero gradient, so Adam leaves them
 * unchanged) and are therefore saved, checkpointed and restored with the weights.
 */
public final class Critic {
    /** The weights the optimiser sees: the network's own (plain) or W, b and the power-iteration vectors (spectral). */
    private final ParamBuffer params = new ParamBuffer();
    /** Spectral only: the network's buffer, holding W̄ = W/σ and b. */
    private final ParamBuffer net;
    private final Mlp mlp;
    private final Activation activation;
    private final boolean spectral;
    /** Spectral only: per layer, the offsets of a (size out) and b (size in) in {@link #params}. */
    private final int[] aOff;
    private final int[] bOff;
    private final double[] sigma;

    public Critic(int dimension, int hidden, int layers, Activation activation) {
        this(dimension, hidden, layers, activation, false);
    }

    /** With {@code spectralNorm}, every layer spectrally normalised. */
    public Critic(int dimension, int hidden, int layers, Activation activation, boolean spectralNorm) {
        int[] sizes = new int[layers + 2];
        sizes[0] = dimension;
        Arrays.fill(sizes, 1, layers + 1, hidden);
        sizes[layers + 1] = 1;
        this.spectral = spectralNorm;
        this.net = spectralNorm ? new ParamBuffer() : params;
        this.mlp = new Mlp(net, "critic", activation, Activation.IDENTITY, sizes);
        this.activation = activation;
        int depth = mlp.depth();
        this.aOff = new int[depth];
        this.bOff = new int[depth];
        this.sigma = new double[depth];
        if (spectralNorm) {
            // the same W, b layout as the network's buffer, then the power-iteration vectors
            for (ParamBuffer.Slot s : net.slots()) {
                params.allocate(s.name(), s.shape());
            }
            for (int l = 0; l < depth; l++) {
                aOff[l] = params.allocate("critic." + l + ".sn_a", mlp.layer(l).out()).offset();
                bOff[l] = params.allocate("critic." + l + ".sn_b", mlp.layer(l).in()).offset();
            }
        }
    }

    public ParamBuffer params() {
        return params;
    }

    public int dimension() {
        return mlp.inputSize();
    }

    public boolean spectralNorm() {
        return spectral;
    }

    /** Power-iteration rounds at initialisation, so σ is estimated well from the first step. */
    static final int INITIAL_POWER_ITERATIONS = 20;

    public void initialize(Rng rng) {
        mlp.initialize(rng, 1.0);
        if (spectral) {
            System.arraycopy(net.values(), 0, params.values(), 0, net.size());
            double[] v = params.values();
            for (int l = 0; l < mlp.depth(); l++) {
                int out = mlp.layer(l).out();
                for (int k = 0; k < out; k++) {
                    v[aOff[l] + k] = rng.gaussian();
                }
                normalise(v, aOff[l], out);
            }
            for (int r = 0; r < INITIAL_POWER_ITERATIONS; r++) {
                powerIteration();
            }
        }
    }

    /**
     * One round of power iteration per layer on the current weights: b ← W a / ‖W a‖, a ← Wᵀ b /
     * ‖Wᵀ b‖. A no-op without spectral normalisation. Call it before each critic update.
     */
    public void powerIteration() {
        if (!spectral) {
            return;
        }
        double[] v = params.values();
        int off = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            int in = mlp.layer(l).in();
            int out = mlp.layer(l).out();
            // W is [in × out] row-major at off; b = W a
            for (int i = 0; i < in; i++) {
                double s = 0;
                for (int k = 0; k < out; k++) {
                    s += v[off + i * out + k] * v[aOff[l] + k];
                }
                v[bOff[l] + i] = s;
            }
            normalise(v, bOff[l], in);
            for (int k = 0; k < out; k++) {
                v[aOff[l] + k] = 0;
            }
            for (int i = 0; i < in; i++) {
                double bi = v[bOff[l] + i];
                for (int k = 0; k < out; k++) {
                    v[aOff[l] + k] += v[off + i * out + k] * bi;
                }
            }
            normalise(v, aOff[l], out);
            off += in * out + out;
        }
    }

    private static void normalise(double[] v, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += v[off + i] * v[off + i];
        }
        double norm = Math.sqrt(s);
        if (!(norm > 0)) {
            // a zero (or non-finite) vector: restart from the first unit vector
            java.util.Arrays.fill(v, off, off + len, 0.0);
            v[off] = 1.0;
            return;
        }
        for (int i = 0; i < len; i++) {
            v[off + i] /= norm;
        }
    }

    /** Spectral only: the network's weights W̄ = W/σ(W) from the optimiser's W, with σ = bᵀ W a. */
    private void syncNetwork() {
        double[] v = params.values();
        double[] w = net.values();
        int off = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            int in = mlp.layer(l).in();
            int out = mlp.layer(l).out();
            double s = 0;
            for (int i = 0; i < in; i++) {
                double bi = v[bOff[l] + i];
                double row = 0;
                for (int k = 0; k < out; k++) {
                    row += v[off + i * out + k] * v[aOff[l] + k];
                }
                s += bi * row;
            }
            sigma[l] = s;
            for (int t = 0; t < in * out; t++) {
                w[off + t] = v[off + t] / s;
            }
            System.arraycopy(v, off + in * out, w, off + in * out, out);
            off += in * out + out;
        }
    }

    /** Spectral only: σ of each layer at the last forward (for diagnostics and tests). */
    double[] spectralNorms() {
        return sigma.clone();
    }

    /** Raw outputs v = V(x) [n] for x [n × d]; an internal buffer. */
    public double[] forward(double[] x, int n) {
        if (spectral) {
            syncNetwork();
        }
        return mlp.forward(x, n);
    }

    /**
     * The backward pass of the last forward for ∂L/∂v = dv [n], as {@code wanted} says: accumulates
     * ∂L/∂ω into the critic's gradient and/or returns ∂L/∂x [n × d] (an internal buffer; null for
     * {@link Mlp.Gradients#PARAMETERS}). The critic's own update needs
     * {@link Mlp.Gradients#PARAMETERS} (its inputs are data and fixed generator samples, so the first
     * layer's dv·Wᵀ product is skipped); the generator's update needs {@link Mlp.Gradients#INPUT}
     * (no weight-gradient products; the critic's gradient is untouched).
     */
    public double[] backward(double[] dv, int n, Mlp.Gradients wanted) {
        if (!spectral || wanted == Mlp.Gradients.INPUT) {
            return mlp.backward(dv, n, wanted);
        }
        net.zeroGrad();
        double[] dx = mlp.backward(dv, n, wanted);
        // ∂L/∂W = G/σ − (⟨G, W⟩/σ²)·b aᵀ with G = ∂L/∂W̄; the biases pass through
        double[] v = params.values();
        double[] g = params.grads();
        double[] gn = net.grads();
        int off = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            int in = mlp.layer(l).in();
            int out = mlp.layer(l).out();
            double s = sigma[l];
            double inner = 0;
            for (int t = 0; t < in * out; t++) {
                inner += gn[off + t] * v[off + t];
            }
            double c = inner / (s * s);
            for (int i = 0; i < in; i++) {
                double bi = v[bOff[l] + i];
                for (int k = 0; k < out; k++) {
                    int t = off + i * out + k;
                    g[t] += gn[t] / s - c * bi * v[aOff[l] + k];
                }
            }
            for (int k = 0; k < out; k++) {
                g[off + in * out + k] += gn[off + in * out + k];
            }
            off += in * out + out;
        }
        return dx;
    }

    /** V on every row of x [n × d], in chunks, into a new array (no gradient). */
    public double[] outputs(double[] x, int n) {
        if (spectral) {
            syncNetwork();
        }
        double[] v = new double[n];
        int d = dimension();
        int chunk = 4096;
        double[] buf = new double[Math.min(chunk, Math.max(1, n)) * d];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            System.arraycopy(x, start * d, buf, 0, m * d);
            System.arraycopy(mlp.forward(buf, m), 0, v, start, m);
        }
        return v;
    }

    public String describe() {
        return "mlp " + Arrays.toString(mlp.sizes()) + " (" + activation.name().toLowerCase(java.util.Locale.ROOT) + ")"
                + (spectral ? ", spectrally normalised" : "");
    }
}
