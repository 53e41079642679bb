package dgm.gan;

import dgm.core.rng.Rng;

/** A probability density on ℝ, given by its logarithm, for the quadrature ground truth. */
public interface Density1D {

    /** log p(x); −∞ where p(x) = 0. */
    double logDensity(double x);

    /** p(x). */
    default double density(double x) {
        return Math.exp(logDensity(x));
    }

    /** E[X]. */
    double mean();

    /** Var[X]. */
    double variance();

    /**
     * Points around which the mass lies (component means and a few standard deviations either side),
     * used as breakpoints by the quadrature; sorted, finite.
     */
    double[] landmarks();

    /** One draw. */
    double sample(Rng rng);

    /** n draws. */
    default double[] sample(int n, Rng rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = sample(rng);
        }
        return x;
    }
}
