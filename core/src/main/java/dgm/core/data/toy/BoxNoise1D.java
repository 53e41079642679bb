package dgm.core.data.toy;

/**
 * g(z) = log(Φ(z/σ) − Φ((z − w)/σ)) = log P(b + ε ∈ dz)·w/dz for b ~ U(0, w), ε ~ N(0, σ²): the log
 * of w times the density of a uniform segment blurred by Gaussian noise.
 *
 * <p>The exact value ({@link ToyMath#logNormalIntervalWidth}) costs a few exp/log and erfcx calls; the
 * 2spirals quadrature needs it hundreds of times per point. So on [−12σ, w + 12σ] it is read from a
 * table of g and g′ at spacing σ/128, by cubic Hermite interpolation (error ≤ h⁴·max|g⁗|/384, below
 * 1e-11 here; tested against the exact value), and computed exactly outside that range.
 */
final class BoxNoise1D {

    private final double sigma;
    private final double w;
    private final double lo;
    private final double h;
    private final int cells;
    private final double[] g;
    private final double[] dg;

    BoxNoise1D(double sigma, double w) {
        this.sigma = sigma;
        this.w = w;
        this.lo = -12 * sigma;
        this.h = sigma / 128;
        this.cells = (int) Math.ceil((w + 24 * sigma) / h);
        this.g = new double[cells + 1];
        this.dg = new double[cells + 1];
        double logNormPdf = -0.5 * ToyMath.LOG_2PI;
        for (int i = 0; i <= cells; i++) {
            double z = lo + i * h;
            double a = z / sigma;
            double b = (z - w) / sigma;
            double gi = exact(z);
            g[i] = gi;
            // g′ = (φ(a) − φ(b)) / (σ F), each ratio formed in log space so that it cannot underflow
            dg[i] = (Math.exp(logNormPdf - 0.5 * a * a - gi) - Math.exp(logNormPdf - 0.5 * b * b - gi)) / sigma;
        }
    }

    /** g(z), exact outside the table. */
    double logMass(double z) {
        double u = (z - lo) / h;
        if (!(u >= 0 && u < cells)) {
            return exact(z);
        }
        int i = (int) u;
        double t = u - i;
        double t2 = t * t;
        double t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * g[i] + (t3 - 2 * t2 + t) * h * dg[i]
            + (-2 * t3 + 3 * t2) * g[i + 1] + (t3 - t2) * h * dg[i + 1];
    }

    /** g(z) from the Φ differences directly. */
    double exact(double z) {
        return ToyMath.logNormalIntervalWidth(z / sigma, w / sigma);
    }
}
