package dgm.core.metrics;

import dgm.core.rng.Rng;

import java.util.Arrays;

/**
 * Sliced Wasserstein-1 distance (Rabin, Peyré, Delon, Bernot, "Wasserstein Barycenter and its
 * Application to Texture Mixing", SSVM 2011; Bonneel et al., J. Math. Imaging Vis. 51, 2015):
 *
 * <pre>
 *   SW₁(P, Q) = E_{θ ~ U(S^{d−1})} W₁(θ#P, θ#Q),   estimated by (1/L) Σ_{l=1..L} W₁(θ_l·x, θ_l·y)
 * </pre>
 *
 * with L directions drawn uniformly on the unit sphere (normalised standard Gaussian vectors) from
 * the {@link Rng}. Each 1-D W₁ between the empirical distributions of the projections is exact:
 * W₁ = ∫ |F(t) − G(t)| dt = ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du, computed by sorting both projections and
 * merging (for n = m this is (1/n) Σ_i |a_(i) − b_(i)|; unequal sizes are handled exactly by the
 * step CDFs, no interpolation).
 *
 * <p>Reading the number: units of the data; in d dimensions a shift of length δ gives about δ·E|θ₁|,
 * i.e. δ·√(2/(πd)) for large d. The plug-in estimate is biased upwards: two finite samples of one
 * distribution give a positive value of order 1/√n, so compare models at equal sample sizes (or
 * against a real-vs-real baseline), never against 0.
 *
 * <p>Standard error: sd over directions / √L, the Monte Carlo error of the direction average
 * <em>only</em>; it does not include the sampling variability of the data.
 */
public final class SlicedWasserstein {
    public static final int DEFAULT_DIRECTIONS = 500;

    private SlicedWasserstein() {
    }

    /**
     * @param sw1        the sliced W₁ (ESTIMATE; SE over directions only; n = L)
     * @param directions L
     * @param nX         points of x
     * @param nY         points of y
     */
    public record Result(Estimate sw1, int directions, int nX, int nY) {
    }

    public static Result compute(double[][] x, double[][] y, Rng rng) {
        return compute(x, y, DEFAULT_DIRECTIONS, rng);
    }

    public static Result compute(double[][] x, double[][] y, int directions, Rng rng) {
        int d = Samples.requireSameDimension("x", x, "y", y);
        Samples.requireRng(rng);
        if (directions < 1) {
            throw new IllegalArgumentException("directions must be >= 1, got " + directions);
        }
        int n = x.length;
        int m = y.length;
        double[] fx = Samples.flatten(x, d);
        double[] fy = Samples.flatten(y, d);
        double[] px = new double[n];
        double[] py = new double[m];
        double[] theta = new double[d];
        double[] w = new double[directions];
        for (int l = 0; l < directions; l++) {
            double norm;
            do {
                norm = 0;
                for (int t = 0; t < d; t++) {
                    theta[t] = rng.gaussian();
                    norm += theta[t] * theta[t];
                }
            } while (norm == 0);
            norm = Math.sqrt(norm);
            for (int t = 0; t < d; t++) {
                theta[t] /= norm;
            }
            project(fx, n, d, theta, px);
            project(fy, m, d, theta, py);
            Arrays.sort(px);
            Arrays.sort(py);
            w[l] = sortedWasserstein1(px, py);
        }
        Estimate e = Estimate.mean(w, Kind.ESTIMATE);
        if (directions == 1) {
            e = Estimate.estimate(e.value(), Double.NaN, 1);
        }
        return new Result(e, directions, n, m);
    }

    /** Exact W₁ between the empirical distributions of two 1-D samples (any sizes, unsorted, unchanged). */
    public static double wasserstein1(double[] a, double[] b) {
        if (a == null || b == null || a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both 1-D samples must be non-empty");
        }
        for (double[] v : new double[][] {a, b}) {
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("1-D sample contains " + v[i] + " at index " + i);
                }
            }
        }
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        return sortedWasserstein1(sa, sb);
    }

    private static void project(double[] f, int n, int d, double[] theta, double[] out) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += f[o + t] * theta[t];
            }
            out[i] = s;
        }
    }

    /**
     * ∫ |F(t) − G(t)| dt for sorted samples: sweep the merged order statistics; between consecutive
     * values t_k &lt; t_{k+1} the CDFs are constant, F = i/n and G = j/m, so the integrand is
     * |i·m − j·n|/(n·m) (integer arithmetic, exact).
     */
    static double sortedWasserstein1(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        if (n == m) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(a[i] - b[i]);
            }
            return s / n;
        }
        int i = 0;
        int j = 0;
        double prev = Math.min(a[0], b[0]);
        double sum = 0; // Σ |i m − j n| · gap
        while (i < n || j < m) {
            double next = (j >= m || (i < n && a[i] <= b[j])) ? a[i] : b[j];
            sum += Math.abs((long) i * m - (long) j * n) * (next - prev);
            while (i < n && a[i] == next) {
                i++;
            }
            while (j < m && b[j] == next) {
                j++;
            }
            prev = next;
        }
        return sum / ((double) n * m);
    }
}
