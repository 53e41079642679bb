package dgm.core.nn;

import dgm.core.rng.Rng;

/**
 * A fully connected layer y = x·W + b, x [n×in], W [in×out] (row-major), b [out], with its backward
 * pass: dW += xᵀ·dy, db += Σ_rows dy, dx = dy·Wᵀ.
 */
public final class Dense {
    private final ParamBuffer params;
    private final int in;
    private final int out;
    private final ParamBuffer.Slot weight;
    private final ParamBuffer.Slot bias;

    public Dense(ParamBuffer params, String name, int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("layer " + name + ": sizes must be positive, got " + in + "→" + out);
        }
        this.params = params;
        this.in = in;
        this.out = out;
        this.weight = params.allocate(name + ".W", in, out);
        this.bias = params.allocate(name + ".b", out);
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

    /** y[n×out] = x[n×in]·W + b (overwrites y). */
    public void forward(double[] x, int n, double[] y) {
        double[] v = params.values();
        Gemm.mul(x, v, weight.offset(), y, n, in, out);
        int bo = bias.offset();
        for (int i = 0; i < n; i++) {
            int yo = i * out;
            for (int j = 0; j < out; j++) {
                y[yo + j] += v[bo + j];
            }
        }
    }

    /**
     * Accumulates dW and db from the forward input x and the output gradient dy; writes dx = dy·Wᵀ
     * unless {@code dx} is null.
     */
    public void backward(double[] x, double[] dy, int n, double[] dx) {
        double[] g = params.grads();
        Gemm.accumulateTransposedA(x, dy, g, weight.offset(), n, in, out);
        int bo = bias.offset();
        for (int i = 0; i < n; i++) {
            int yo = i * out;
            for (int j = 0; j < out; j++) {
                g[bo + j] += dy[yo + j];
            }
        }
        if (dx != null) {
            Gemm.mulTransposedB(dy, params.values(), weight.offset(), dx, n, in, out);
        }
    }
}
