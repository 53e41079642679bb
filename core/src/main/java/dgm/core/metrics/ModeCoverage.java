package dgm.core.metrics;

/**
 * Mode coverage and sample quality on a mixture with known, isotropic modes (centres c_1..c_K, common
 * standard deviation σ), in the style of the 2-D ring and grid experiments of Metz et al. (Unrolled
 * GANs, 2017), Srivastava et al. (VEEGAN, NeurIPS 2017) and Lin et al. (PacGAN, NeurIPS 2018).
 *
 * <p>Each sample y_j is assigned to its nearest centre; it is <em>high quality</em> when
 * ‖y_j − c_{a(j)}‖ ≤ r·σ, with r = 3 by default ("within three standard deviations"). Reported:
 *
 * <pre>
 *   high-quality fraction = (1/M) Σ_j 1[ min_c ‖y_j − c‖ ≤ rσ ]
 *   modes covered         = (1/K) Σ_c 1[ #{high-quality samples assigned to c} ≥ minCount ]
 * </pre>
 *
 * A mode counts as covered when it receives at least {@code minCount} high-quality samples. The
 * default minCount = 1 is the lenient reading ("the mode received samples"); a stricter, PacGAN-style
 * rule asks for a fixed fraction of the count a perfect model would put there (e.g. one fifth:
 * minCount = ⌈0.2·M/K⌉ for equal weights), which {@link #minCountForFractionOfExpected} computes.
 * The per-mode counts are returned so that other rules can be applied.
 *
 * <p>The radius r·σ means different things in different dimensions: for a perfect model whose modes
 * are N(c, σ²I_d) and well separated, the expected high-quality fraction is P(χ²_d ≤ r²), 0.9889 in
 * 2-D for r = 3 but below 1e-15 in 64-D. It is reported as {@code expectedHighQualityFraction} so
 * that the number can be read against it.
 */
public final class ModeCoverage {
    public static final double DEFAULT_RADIUS_IN_SD = 3.0;
    public static final int DEFAULT_MIN_COUNT = 1;

    private ModeCoverage() {
    }

    /**
     * @param highQualityFraction         fraction of samples within rσ of their nearest centre
     *                                    (ESTIMATE, binomial SE, n = M samples)
     * @param modesCovered                fraction of modes with at least minCount high-quality samples
     *                                    (ESTIMATE of this sample's coverage, SE NaN, n = K modes)
     * @param countsPerMode               high-quality samples assigned to each centre, in input order
     * @param radiusInSd                  r
     * @param minCount                    the covered-mode threshold
     * @param expectedHighQualityFraction P(χ²_d ≤ r²): the high-quality fraction of a perfect model
     *                                    with well-separated N(c, σ²I) modes
     */
    public record Result(Estimate highQualityFraction, Estimate modesCovered, int[] countsPerMode,
                         double radiusInSd, int minCount, double expectedHighQualityFraction) {
        public Result {
            countsPerMode = countsPerMode.clone();
        }

        @Override
        public int[] countsPerMode() {
            return countsPerMode.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && highQualityFraction.equals(r.highQualityFraction)
                    && modesCovered.equals(r.modesCovered) && java.util.Arrays.equals(countsPerMode, r.countsPerMode)
                    && Double.compare(radiusInSd, r.radiusInSd) == 0 && minCount == r.minCount
                    && Double.compare(expectedHighQualityFraction, r.expectedHighQualityFraction) == 0;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(highQualityFraction, modesCovered, java.util.Arrays.hashCode(countsPerMode),
                    radiusInSd, minCount, expectedHighQualityFraction);
        }

        @Override
        public String toString() {
            return "ModeCoverage.Result[highQualityFraction=" + highQualityFraction + ", modesCovered=" + modesCovered
                    + ", countsPerMode=" + java.util.Arrays.toString(countsPerMode) + ", radiusInSd=" + radiusInSd
                    + ", minCount=" + minCount + ", expectedHighQualityFraction=" + expectedHighQualityFraction + "]";
        }

        /** Number of modes counted as covered. */
        public int coveredModes() {
            int c = 0;
            for (int v : countsPerMode) {
                if (v >= minCount) {
                    c++;
                }
            }
            return c;
        }
    }

    /** With r = 3 and minCount = 1. */
    public static Result evaluate(double[][] samples, double[][] centres, double sd) {
        return evaluate(samples, centres, sd, DEFAULT_RADIUS_IN_SD, DEFAULT_MIN_COUNT);
    }

    public static Result evaluate(double[][] samples, double[][] centres, double sd, double radiusInSd,
                                  int minCount) {
        int d = Samples.requireSameDimension("samples", samples, "centres", centres);
        if (!(sd > 0) || Double.isInfinite(sd)) {
            throw new IllegalArgumentException("sd must be positive and finite, got " + sd);
        }
        if (!(radiusInSd > 0) || Double.isInfinite(radiusInSd)) {
            throw new IllegalArgumentException("radiusInSd must be positive and finite, got " + radiusInSd);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        int m = samples.length;
        int kModes = centres.length;
        double[] y = Samples.flatten(samples, d);
        double[] c = Samples.flatten(centres, d);
        double r2 = radiusInSd * sd * radiusInSd * sd;
        int[] counts = new int[kModes];
        int hq = 0;
        for (int j = 0; j < m; j++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int q = 0; q < kModes; q++) {
                double s = Samples.squaredDistance(y, j, c, q, d);
                if (s < best) { // ties go to the first centre listed
                    best = s;
                    arg = q;
                }
            }
            if (best <= r2) {
                hq++;
                counts[arg]++;
            }
        }
        int covered = 0;
        for (int v : counts) {
            if (v >= minCount) {
                covered++;
            }
        }
        double f = (double) hq / m;
        Estimate hqEst = Estimate.estimate(f, Math.sqrt(f * (1 - f) / m), m);
        Estimate cov = Estimate.estimate((double) covered / kModes, Double.NaN, kModes);
        return new Result(hqEst, cov, counts, radiusInSd, minCount,
                chiSquareCdf(radiusInSd * radiusInSd, d));
    }

    /**
     * ⌈fraction · samples / modes⌉ (at least 1): the minCount that asks each of equally weighted modes
     * for {@code fraction} of the samples a perfect model would send it (PacGAN-style rule with
     * fraction = 0.2).
     */
    public static int minCountForFractionOfExpected(double fraction, int samples, int modes) {
        if (!(fraction > 0) || samples < 1 || modes < 1) {
            throw new IllegalArgumentException("need fraction > 0, samples >= 1, modes >= 1; got "
                    + fraction + ", " + samples + ", " + modes);
        }
        return Math.max(1, (int) Math.ceil(fraction * samples / modes - 1e-9));
    }

    /** P(χ²_d ≤ x) = P(d/2, x/2), the regularised lower incomplete gamma function. */
    static double chiSquareCdf(double x, int d) {
        return regularisedLowerGamma(d / 2.0, x / 2.0);
    }

    /** P(a, x) by its series for x &lt; a + 1 and by the continued fraction for Q otherwise (Numerical Recipes §6.2). */
    static double regularisedLowerGamma(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double lnPrefactor = -x + a * Math.log(x) - lnGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return sum * Math.exp(lnPrefactor);
        }
        // Modified Lentz for the continued fraction of Q(a, x).
        double tiny = 1e-300;
        double b = x + 1 - a;
        double cc = 1 / tiny;
        double dd = 1 / b;
        double h = dd;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            dd = an * dd + b;
            if (Math.abs(dd) < tiny) {
                dd = tiny;
            }
            cc = b + an / cc;
            if (Math.abs(cc) < tiny) {
                cc = tiny;
            }
            dd = 1 / dd;
            double delta = dd * cc;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 - Math.exp(lnPrefactor) * h;
    }

    /** ln Γ(a) for a &gt; 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15). */
    static double lnGamma(double a) {
        if (a < 0.5) { // reflection
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - lnGamma(1 - a);
        }
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double z = a - 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
