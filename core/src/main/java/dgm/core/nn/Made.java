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
        int[] prev = inputDegrees(d);
        for (int l = 0; l < sizes.length - 1; l++) {
            boolean isOutput = l == sizes.length - 2;
            int out = sizes[l + 1];
            int[] deg = degrees(sizes, l, paramsPerDim);
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

    private static int[] inputDegrees(int d) {
        int[] deg = new int[d];
        for (int j = 0; j < d; j++) {
            deg[j] = j + 1;
        }
        return deg;
    }

    /** Degrees of the units that layer l (0-based) of a MADE with these sizes outputs. */
    private static int[] degrees(int[] sizes, int l, int paramsPerDim) {
        int d = sizes[0];
        boolean isOutput = l == sizes.length - 2;
        int out = sizes[l + 1];
        int[] deg = new int[out];
        for (int k = 0; k < out; k++) {
            deg[k] = isOutput ? k / paramsPerDim + 1 : 1 + (k % (d - 1));
        }
        return deg;
    }

    /** What {@link #solveSequentially} asks at coordinate j. */
    @FunctionalInterface
    public interface CoordinateSolver {
        /**
         * Given the MADE's P outputs of coordinate j for every row, h [n × P] row-major (they depend
         * only on x_0..x_{j−1}, already solved), writes x_j of every row into xj [n].
         */
        void solve(int j, double[] h, double[] xj);
    }

    /**
     * Solves an autoregressive system x_j = solver(j, h_j(x_0..x_{j−1})) for j = 0..d−1 (the
     * sampling direction of MAF, the density direction of IAF) with each unit of a MADE built by
     * {@link #build} computed once, as soon as its inputs are known: a hidden unit of degree δ once
     * x_0..x_{δ−1} are, the outputs of coordinate j once the last hidden units of degree ≤ j are. The
     * cost is that of one forward pass, where re-running the network after each coordinate costs d
     * passes (784 on an image). The sums run over the same terms as the layer-wise forward but in
     * another order, so h (and x) agree with the d-pass solution to rounding, not bit for bit.
     *
     * @param x [n × d] row-major, overwritten with the solution
     */
    public static void solveSequentially(Mlp made, int paramsPerDim, double[] x, int n, CoordinateSolver solver) {
        int[] sizes = made.sizes();
        int d = sizes[0];
        int layers = made.depth();
        if (sizes[layers] != d * paramsPerDim) {
            throw new IllegalArgumentException("not a MADE of " + paramsPerDim + " outputs per coordinate: sizes "
                    + java.util.Arrays.toString(sizes));
        }
        Activation hiddenAct = made.hiddenActivation();
        Activation outputAct = made.outputActivation();
        // per layer: masked weights [in × out], bias, and the units grouped by degree
        double[][] w = new double[layers][];
        double[][] b = new double[layers][];
        int[][][] byDegree = new int[layers][][];
        int[][] inDegree = new int[layers][];
        for (int l = 0; l < layers; l++) {
            Dense layer = made.layer(l);
            w[l] = layer.effectiveWeightsCopy();
            b[l] = layer.biasCopy();
            inDegree[l] = l == 0 ? inputDegrees(d) : degrees(sizes, l - 1, paramsPerDim);
            int[] deg = degrees(sizes, l, paramsPerDim);
            int[] count = new int[d + 1];
            for (int k : deg) {
                count[k]++;
            }
            byDegree[l] = new int[d + 1][];
            for (int t = 0; t <= d; t++) {
                byDegree[l][t] = new int[count[t]];
                count[t] = 0;
            }
            for (int k = 0; k < deg.length; k++) {
                byDegree[l][deg[k]][count[deg[k]]++] = k;
            }
        }
        // activations column by column: cols[0] the inputs x_j, cols[l + 1] layer l's units
        double[][] cols = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            cols[l] = new double[sizes[l] * n];
        }
        double[] acc = new double[n];
        double[] h = new double[n * paramsPerDim];
        double[] xj = new double[n];
        for (int j = 0; j < d; j++) {
            // hidden units of degree j see inputs of degree <= j: x_0..x_{j-1} (degree 0 does not exist)
            for (int l = 0; l < layers - 1; l++) {
                for (int k : byDegree[l][j]) {
                    unit(w[l], b[l], inDegree[l], j, false, sizes[l + 1], k, cols[l], n, acc);
                    hiddenAct.apply(acc, n);
                    System.arraycopy(acc, 0, cols[l + 1], k * n, n);
                }
            }
            // the outputs of coordinate j have degree j + 1
            int last = layers - 1;
            for (int k : byDegree[last][j + 1]) {
                unit(w[last], b[last], inDegree[last], j + 1, true, sizes[layers], k, cols[last], n, acc);
                outputAct.apply(acc, n);
                int q = k - j * paramsPerDim;
                for (int i = 0; i < n; i++) {
                    h[i * paramsPerDim + q] = acc[i];
                }
            }
            solver.solve(j, h, xj);
            System.arraycopy(xj, 0, cols[0], j * n, n);
            for (int i = 0; i < n; i++) {
                x[i * d + j] = xj[i];
            }
        }
    }

    /**
     * acc[i] = b_k + Σ_p w[p, k]·a_p[i] over the inputs p the mask connects to unit k of degree
     * {@code degree} (those of degree ≤ it, or &lt; it for an output), with a column-major [in × n].
     */
    private static void unit(double[] w, double[] b, int[] inDegree, int degree, boolean output, int out, int k,
                             double[] a, int n, double[] acc) {
        java.util.Arrays.fill(acc, 0, n, b[k]);
        for (int p = 0; p < inDegree.length; p++) {
            if (output ? inDegree[p] >= degree : inDegree[p] > degree) {
                continue; // masked out
            }
            double wk = w[p * out + k];
            int ao = p * n;
            for (int i = 0; i < n; i++) {
                acc[i] += wk * a[ao + i];
            }
        }
    }
}
