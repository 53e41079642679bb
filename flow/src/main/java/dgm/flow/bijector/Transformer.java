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
}
