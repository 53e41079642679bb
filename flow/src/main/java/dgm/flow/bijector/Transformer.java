package dgm.flow.bijector;

/**
 * An elementwise, invertible map z = τ(x; h) whose parameters h come from a conditioner (a coupling
 * network or a masked autoregressive network). Coupling families differ only here: affine
 * (RealNVP), additive (NICE), rational-quadratic spline (NSF).
 *
 * <p>Shapes: x and z are [n × m] (the m transformed coordinates), h is [n × m × P] with the P
 * parameters of coordinate j of row i at {@code (i·m + j)·P}.
 */
public interface Transformer {

    /** P, the number of conditioner outputs per transformed coordinate. */
    int paramsPerDim();

    /** z = τ(x; h); logDet[i] += Σ_j log|∂τ/∂x| at row i. */
    void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet);

    /** x = τ⁻¹(z; h); logDet[i] += Σ_j log|∂τ⁻¹/∂z| at row i. */
    void inverse(double[] z, double[] h, int n, int m, double[] x, double[] logDet);

    /**
     * Given the forward input x, h and the gradients dz, dLogDet of a loss, writes dx = dL/dx and
     * dh = dL/dh (both overwritten).
     */
    void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh);

    /**
     * Doubles per transformed coordinate that {@link #forward(double[], double[], int, int, double[],
     * double[], double[])} keeps for {@link #backward(double[], double[], double[], double[], int, int,
     * double[], double[], double[])}: intermediate results the backward pass would otherwise compute
     * again (PyTorch's save_for_backward). 0, the default: none.
     */
    default int savedPerDim() {
        return 0;
    }

    /**
     * The most a layer saves for its backward pass: 2^20 doubles (8 MB). Layers save only in
     * training mode ({@link Bijector#setTraining}); a training forward over more coordinates ×
     * {@link #savedPerDim()} than this saves nothing, and its backward recomputes.
     */
    long SAVED_MAX = 1L << 20;

    /**
     * A save buffer for a forward over {@code coordinates} transformed coordinates: {@code current}
     * when it is large enough, a new one when not, null when the transformer saves nothing or the
     * buffer would exceed {@link #SAVED_MAX} (then {@code current} is best kept by the caller).
     */
    static double[] savedBuffer(Transformer t, double[] current, long coordinates) {
        long len = coordinates * t.savedPerDim();
        if (len == 0 || len > SAVED_MAX) {
            return null;
        }
        return current != null && current.length >= len ? current : new double[(int) len];
    }

    /**
     * {@link #forward(double[], double[], int, int, double[], double[])}, also writing into
     * {@code saved} [n × m × {@link #savedPerDim()}] what the backward pass of this forward needs.
     * Must give the same z and logDet bit for bit; the default saves nothing. {@code saved} may be
     * null (a caller bounding its memory): then nothing is saved.
     */
    default void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet, double[] saved) {
        forward(x, h, n, m, z, logDet);
    }

    /**
     * {@link #backward(double[], double[], double[], double[], int, int, double[], double[])} of the
     * forward that filled {@code saved} (with the same x and h), reading instead of recomputing what
     * it saved: bit for bit the same dx and dh. The default ignores {@code saved}; null means
     * nothing was saved, and the backward recomputes.
     */
    default void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh,
                          double[] saved) {
        backward(x, h, dz, dLogDet, n, m, dx, dh);
    }

    /**
     * Backward pass of {@link #inverse}: given the inverse's output x (= τ⁻¹(z; h)), h and the
     * gradients dx, dLogDet (of the inverse's log-det −Σ_j log τ′), writes dz and dh (overwritten).
     *
     * <p>The default derives it from {@link #backward} by implicit differentiation: with
     * q = (dx − dLogDet·∂L/∂x)/τ′ (L = log τ′), dz = q and dh = −q·∂τ/∂h − dLogDet·∂L/∂h; τ′ and ∂L/∂x
     * come from two calls of {@code backward} with unit upstream gradients, dh from a third.
     */
    default void inverseBackward(double[] x, double[] h, double[] dx, double[] dLogDet, int n, int m, double[] dz,
                                 double[] dh) {
        double[] ones = new double[n * m];
        java.util.Arrays.fill(ones, 1.0);
        double[] zeros = new double[n * m];
        double[] rowZeros = new double[n];
        double[] rowOnes = new double[n];
        java.util.Arrays.fill(rowOnes, 1.0);
        double[] tauX = new double[n * m];
        double[] lX = new double[n * m];
        double[] scratch = new double[dh.length];
        backward(x, h, ones, rowZeros, n, m, tauX, scratch);
        backward(x, h, zeros, rowOnes, n, m, lX, scratch);
        double[] negQ = new double[n * m];
        double[] negGl = new double[n];
        for (int i = 0; i < n; i++) {
            negGl[i] = -dLogDet[i];
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                double q = (dx[k] - dLogDet[i] * lX[k]) / tauX[k];
                dz[k] = q;
                negQ[k] = -q;
            }
        }
        backward(x, h, negQ, negGl, n, m, new double[n * m], dh);
    }
}
