package dgm.core.nn;

/**
 * MADE (Germain, Gregor, Murray and Larochelle 2015): an MLP whose weight masks make output block
 * j depend only on the inputs x_0..x_{j−1}, so one pass computes the parameters of every
 * conditional of an autoregressive model (MAF, IAF).
 *
 * <p>Degrees: input j has degree j+1; hidden unit k has degree 1 + (k mod (d−1)) (a deterministic
 * cycle, so every degree is present when the layer has at least d−1 units); the P outputs of
 * coordinate j, at indices j·P .. j·P+P−1, have degree j+1. A hidden unit sees units of degree ≤ its
 * own; an output of degree j+1 sees hidden units of degree ≤ j, i.e. strictly fewer inputs.
 */
public final class Made {
    private Made() {
    }

    /** Builds the masked MLP d → hidden… → d·P, on the process's engine. */
    public static Mlp build(ParamBuffer params, String name, int d, int[] hidden, int paramsPerDim, Activation activation) {
        return build(Engine.current(), params, name, d, hidden, paramsPerDim, activation);
    }

    /** {@link #build(ParamBuffer, String, int, int[], int, Activation)} on the given engine (for tests). */
    static Mlp build(Engine engine, ParamBuffer params, String name, int d, int[] hidden, int paramsPerDim,
                     Activation activation) {
        if (d < 2) {
            throw new IllegalArgumentException("MADE needs at least 2 inputs, got " + d);
        }
        if (hidden.length == 0) {
            throw new IllegalArgumentException("MADE needs at least one hidden layer");
        }
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = d;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = d * paramsPerDim;
        Mlp mlp = new Mlp(engine, params, name, activation, Activation.IDENTITY, sizes);
        int[] prev = new int[d];
        for (int j = 0; j < d; j++) {
            prev[j] = j + 1;
        }
        for (int l = 0; l < sizes.length - 1; l++) {
            boolean isOutput = l == sizes.length - 2;
            int out = sizes[l + 1];
            int[] deg = new int[out];
            for (int k = 0; k < out; k++) {
                deg[k] = isOutput ? k / paramsPerDim + 1 : 1 + (k % (d - 1));
            }
            double[] mask = new double[prev.length * out];
            for (int i = 0; i < prev.length; i++) {
                for (int k = 0; k < out; k++) {
                    boolean connect = isOutput ? deg[k] > prev[i] : deg[k] >= prev[i];
                    mask[i * out + k] = connect ? 1.0 : 0.0;
                }
            }
            mlp.layer(l).setMask(mask);
            prev = deg;
        }
        return mlp;
    }
}
