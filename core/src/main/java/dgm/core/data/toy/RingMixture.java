package dgm.core.data.toy;

import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;

/**
 * Shared machinery of {@code circles} and {@code rings}: points at evenly spaced angles on concentric
 * circles, rows shuffled, plus isotropic Gaussian noise; and the density of that construction in
 * the limit of many points (the angle uniform on each circle).
 *
 * <p>Density of one circle of radius r with noise N(0, σ² I), integrating the angle in closed form:
 * p(x) = (2π)^{-1} ∫ N(x; r(cos φ, sin φ), σ²I) dφ = exp(−(|x| − r)²/(2σ²)) · I0e(r|x|/σ²) / (2πσ²),
 * since |x − r e_φ|² = (|x| − r)² + 2r|x|(1 − cos(φ − α)) and (2π)^{-1}∫ e^{κ(cos φ − 1)} dφ =
 * I0e(κ). Each factor is computed in log space, so the log-density is finite everywhere.
 */
final class RingMixture {

    private final double[] radii;
    private final double[] logWeights;
    private final double sigma;
    private final double inv2s2;
    private final double logNorm;

    RingMixture(double[] radii, double[] weights, double sigma) {
        this.radii = radii.clone();
        this.logWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            logWeights[k] = Math.log(weights[k]);
        }
        this.sigma = sigma;
        this.inv2s2 = 1 / (2 * sigma * sigma);
        this.logNorm = -Math.log(2 * Math.PI * sigma * sigma);
    }

    double logDensity(double x, double y) {
        double rho = Math.hypot(x, y);
        double[] terms = new double[radii.length];
        for (int k = 0; k < radii.length; k++) {
            double r = radii[k];
            double d = rho - r;
            terms[k] = logWeights[k] + logNorm - d * d * inv2s2 + ToyMath.logI0e(r * rho / (sigma * sigma));
        }
        return LogSumExp.of(terms, terms.length);
    }

    /**
     * counts[k] points on circle k at angles 2πi/counts[k] (numpy's linspace with endpoint=False),
     * circles in order, rows shuffled, then N(0, σ² I) added: the order of sklearn's make_circles and
     * FFJORD's rings.
     */
    double[][] sample(int[] counts, Rng rng) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        double[][] out = new double[n][];
        int row = 0;
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                double phi = 2 * Math.PI * i / counts[k];
                out[row++] = new double[] {radii[k] * Math.cos(phi), radii[k] * Math.sin(phi)};
            }
        }
        rng.shuffle(out);
        for (double[] p : out) {
            p[0] += sigma * rng.gaussian();
            p[1] += sigma * rng.gaussian();
        }
        return out;
    }
}
