package dgm.core.data.toy;

/**
 * The quadrature settings shared by the curve-based toys, in one place so that the default and the
 * refined (test) rules differ in a known way.
 */
final class Quadratures {

    /** Gauss–Legendre nodes per panel at refine = 1. */
    static final int NODES = 8;
    /** Cells whose proxy is more than this many nats below the maximum are left out (e^-36 ≈ 2e-16). */
    static final double WINDOW = 36;
    /** Target panel width in local standard deviations of the integrand's bump. */
    static final double KAPPA = 1.5;

    private Quadratures() {
    }

    /**
     * A curve quadrature with {@code cells·refine} cells, {@code NODES + 4(refine − 1)} nodes, window
     * {@code WINDOW + 8(refine − 1)} and panel width {@code KAPPA/refine}.
     */
    static CurveQuadrature curve(CurveQuadrature.Curve c, CurveQuadrature.Kernel k, double a, double b,
                                 int cells, int refine) {
        return curve(c, k, a, b, cells, NODES, WINDOW, refine);
    }

    static CurveQuadrature curve(CurveQuadrature.Curve c, CurveQuadrature.Kernel k, double a, double b,
                                 int cells, int nodes, double window, int refine) {
        if (refine < 1) {
            throw new IllegalArgumentException("refine >= 1, got " + refine);
        }
        return new CurveQuadrature(c, k, a, b, cells * refine, nodes + 4 * (refine - 1),
            window + 8 * (refine - 1), KAPPA / refine);
    }

    static CurveQuadrature gaussianCurve(CurveQuadrature.Curve c, double sigma, double a, double b,
                                         int cells, int refine) {
        return curve(c, CurveQuadrature.gaussian(sigma), a, b, cells, refine);
    }
}
