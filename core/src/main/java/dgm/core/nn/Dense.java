package dgm.core.nn;

import dgm.core.rng.Rng;
import org.bytedeco.javacpp.DoublePointer;

/**
 * A fully connected layer y = x·W + b, x [n×in], W [in×out] (row-major), b [out], with its backward
 * pass: dW += xᵀ·dy, db += Σ_rows dy, dx = dy·Wᵀ.
 *
 * <p>One forward ({@link #forward}) and one backward ({@link #backward}) entry point; in each, the
 * layer's {@link Engine} decides once for the whole pass ({@link Engine#nativeLayer}) whether it
 * runs in BLAS (through {@link NativeGemm}'s per-thread buffers, the bias folded into the product)
 * or in the Java kernels of {@link Gemm}. The native-buffer variants {@code forwardNative} and
 * {@code backwardNative} are {@link Mlp}'s resident path, taken only after the MLP's engine chose it.
 */
public final class Dense {
    private final Engine engine;
    private final ParamBuffer params;
    private final int in;
    private final int out;
    private final ParamBuffer.Slot weight;
    private final ParamBuffer.Slot bias;
    /** Optional fixed 0/1 mask on W (MADE); null for a plain layer. */
    private double[] mask;
    private double[] masked;
    private double[] scratch;
    /** The bias repeated in every row ({@link #biasTile}); {@code tileRows} rows are valid. */
    private double[] tile = new double[0];
    private int tileRows;

    /** A layer on the process's engine ({@link Engine#current()}). */
    public Dense(ParamBuffer params, String name, int in, int out) {
        this(Engine.current(), params, name, in, out);
    }

    /** A layer on the given engine (an {@link Mlp}'s, or a test's). */
    Dense(Engine engine, ParamBuffer params, String name, int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("layer " + name + ": sizes must be positive, got " + in + "→" + out);
        }
        this.engine = engine;
        this.params = params;
        this.in = in;
        this.out = out;
        this.weight = params.allocate(name + ".W", in, out);
        this.bias = params.allocate(name + ".b", out);
    }

    /**
     * Makes this a masked layer (Germain et al. 2015, MADE): the layer computes x·(W ⊙ M) + b, so the
     * masked-out weights have no effect and receive zero gradient. {@code mask} is [in×out] of 0/1.
     */
    public void setMask(double[] mask) {
        if (mask.length != in * out) {
            throw new IllegalArgumentException("mask has " + mask.length + " entries, expected " + in * out);
        }
        this.mask = mask.clone();
        this.masked = new double[in * out];
        this.scratch = new double[in * out];
    }

    /** The weights the layer multiplies by: W, or W ⊙ M (in a scratch array at offset 0). */
    private double[] effectiveWeights() {
        double[] v = params.values();
        if (mask == null) {
            return v;
        }
        int wo = weight.offset();
        double[] out = masked;
        // elementwise, every entry on its own: shared among the run's threads (same bits)
        Workers.forRows(out.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = v[wo + i] * mask[i];
            }
        });
        return masked;
    }

    private int effectiveOffset() {
        return mask == null ? weight.offset() : 0;
    }

    /** The weights the forward pass multiplies by, W or W ⊙ M, as a new [in×out] array. */
    double[] effectiveWeightsCopy() {
        return java.util.Arrays.copyOfRange(effectiveWeights(), effectiveOffset(), effectiveOffset() + in * out);
    }

    /** The bias, as a new array. */
    double[] biasCopy() {
        return java.util.Arrays.copyOfRange(params.values(), bias.offset(), bias.offset() + out);
    }

    /** Offset of the bias in the parameter buffer. */
    int biasOffset() {
        return bias.offset();
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /**
     * W ~ U(−g/√in, g/√in), b ~ U(−1/√in, 1/√in)·g (PyTorch's default for g = 1); g = 0 gives an
     * all-zero layer (used to start a flow's conditioner at the identity map).
     */
    public void initialize(Rng rng, double gain) {
        double[] v = params.values();
        double bound = gain / Math.sqrt(in);
        for (int i = 0; i < weight.size(); i++) {
            v[weight.offset() + i] = gain == 0 ? 0.0 : rng.uniform(-bound, bound);
        }
        for (int i = 0; i < bias.size(); i++) {
            v[bias.offset() + i] = gain == 0 ? 0.0 : rng.uniform(-bound, bound);
        }
    }

    /**
     * y[n×out] = φ(x[n×in]·W + b) (overwrites y). In Java the bias and a ReLU are applied in one
     * pass over y (other activations: bias pass, then {@link Activation#apply}); in BLAS the bias
     * is copied into y and the product accumulated onto it, then φ applied.
     */
    public void forward(double[] x, int n, double[] y, Activation act) {
        if (engine.nativeLayer(n, in, out)) {
            NativeGemm.affine(x, effectiveWeights(), effectiveOffset(), biasTile(n), y, n, in, out);
            act.apply(y, n * out);
            return;
        }
        double[] v = params.values();
        Gemm.javaMul(x, effectiveWeights(), effectiveOffset(), y, n, in, out);
        int bo = bias.offset();
        if (act == Activation.RELU) {
            for (int i = 0; i < n; i++) {
                int yo = i * out;
                for (int j = 0; j < out; j++) {
                    y[yo + j] = Math.max(y[yo + j] + v[bo + j], 0.0);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int yo = i * out;
            for (int j = 0; j < out; j++) {
                y[yo + j] += v[bo + j];
            }
        }
        act.apply(y, n * out);
    }

    /**
     * The bias in each of n rows (row-major n×out): rebuilt by doubling copies when the bias has
     * changed since the last call (its first row no longer equals it) or more rows are needed, so
     * in evaluation, where the parameters stay fixed, it is built once.
     */
    private double[] biasTile(int n) {
        double[] v = params.values();
        int bo = bias.offset();
        if (tile.length < n * out) {
            tile = new double[n * out];
            tileRows = 0;
        }
        if (tileRows == 0 || !java.util.Arrays.equals(tile, 0, out, v, bo, bo + out)) {
            System.arraycopy(v, bo, tile, 0, out);
            tileRows = 1;
        }
        while (tileRows < n) {
            int c = Math.min(tileRows, n - tileRows);
            System.arraycopy(tile, 0, tile, tileRows * out, c * out);
            tileRows += c;
        }
        return tile;
    }

    /**
     * The affine map on native row-major buffers, y[n×out] = x[n×in]·W + b (overwrites y; no
     * activation): the bias is written into y's first row and doubled down the rows by native
     * memcpy, then BLAS accumulates the product onto it ({@link BlasLayer#affine}). Used by
     * {@link Mlp}'s resident path, where activations stay in native memory between layers.
     */
    void forwardNative(DoublePointer x, int n, DoublePointer y) {
        double[] v = params.values();
        y.put(v, bias.offset(), out);
        long y0 = y.address() + y.position() * Double.BYTES;
        long rowBytes = (long) out * Double.BYTES;
        long rows = 1;
        while (rows < n) {
            long c = Math.min(rows, n - rows);
            NativeGemm.copy(y0, y0 + rows * rowBytes, c * rowBytes);
            rows += c;
        }
        BlasLayer.affine(x, NativeGemm.weights(effectiveWeights(), effectiveOffset(), in * out), y, n, in, out);
    }

    /**
     * The backward pass on native buffers: with {@code parameters}, dW += xᵀ·dy (masked for MADE)
     * and db += Σ_rows dy; when {@code dx} is not null, dx[n×in] = dy·Wᵀ. {@code x} is the forward
     * input (may be null without {@code parameters}).
     */
    void backwardNative(DoublePointer x, DoublePointer dy, int n, DoublePointer dx, boolean parameters) {
        double[] g = params.grads();
        if (parameters) {
            if (mask == null) {
                NativeGemm.parameterGradients(x, dy, g, weight.offset(), g, bias.offset(), n, in, out);
            } else {
                java.util.Arrays.fill(scratch, 0.0);
                NativeGemm.parameterGradients(x, dy, scratch, 0, g, bias.offset(), n, in, out);
                addMaskedScratch(g);
            }
        }
        if (dx != null) {
            BlasLayer.inputGradient(dy, NativeGemm.weights(effectiveWeights(), effectiveOffset(), in * out), dx, n,
                    in, out);
        }
    }

    /**
     * The backward pass for the output gradient dy [n×out] of a forward on x [n×in]: when
     * {@code parameters}, accumulates dW += xᵀ·dy (masked for MADE) and db += Σ_rows dy; when
     * {@code dx} is not null, writes dx[n×in] = dy·Wᵀ. {@code x} may be null without
     * {@code parameters}. Leaving out a half skips its products (the parameter gradients of a frozen
     * network, the input gradient of a first layer whose input is data) and changes nothing in the
     * other half, bit for bit.
     */
    public void backward(double[] x, double[] dy, int n, double[] dx, boolean parameters) {
        if (parameters && x == null) {
            throw new IllegalArgumentException("the parameter gradients need the forward input x");
        }
        if (!parameters && dx == null) {
            return;
        }
        if (engine.nativeLayer(n, in, out)) {
            copyingBackward(x, dy, n, dx, parameters);
            return;
        }
        if (parameters) {
            javaParameterGradients(x, dy, n);
        }
        if (dx != null) {
            Gemm.javaMulTransposedB(dy, effectiveWeights(), effectiveOffset(), dx, n, in, out);
        }
    }

    /**
     * The backward pass through the per-thread native buffers (the Java operands copied in, dy once
     * for all its products); with a mask, dW goes through the scratch array and is masked into the
     * gradient.
     */
    private void copyingBackward(double[] x, double[] dy, int n, double[] dx, boolean parameters) {
        double[] g = params.grads();
        double[] gw = null;
        int gwOff = weight.offset();
        if (parameters) {
            gw = g;
            if (mask != null) {
                java.util.Arrays.fill(scratch, 0.0);
                gw = scratch;
                gwOff = 0;
            }
        }
        NativeGemm.layerBackward(x, dy, effectiveWeights(), effectiveOffset(), gw, gwOff, g, bias.offset(), dx, n, in,
                out);
        if (parameters && mask != null) {
            addMaskedScratch(g);
        }
    }

    /** dW += scratch ⊙ M: a MADE layer's weight gradient, computed unmasked into the scratch array. */
    private void addMaskedScratch(double[] g) {
        int wo = weight.offset();
        double[] sc = scratch;
        Workers.forRows(sc.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                g[wo + i] += sc[i] * mask[i];
            }
        });
    }

    /** dW += xᵀ·dy (masked for MADE) and db += Σ_rows dy, in Java. */
    private void javaParameterGradients(double[] x, double[] dy, int n) {
        double[] g = params.grads();
        if (mask == null) {
            Gemm.javaAccumulateTransposedA(x, dy, g, weight.offset(), n, in, out);
        } else {
            java.util.Arrays.fill(scratch, 0.0);
            Gemm.javaAccumulateTransposedA(x, dy, scratch, 0, n, in, out);
            addMaskedScratch(g);
        }
        int bo = bias.offset();
        for (int i = 0; i < n; i++) {
            int yo = i * out;
            for (int j = 0; j < out; j++) {
                g[bo + j] += dy[yo + j];
            }
        }
    }
}
