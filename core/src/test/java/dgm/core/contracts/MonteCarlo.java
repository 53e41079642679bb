package dgm.core.contracts;

/** The sample mean and its standard error, for tests that compare Monte Carlo estimates. */
public final class MonteCarlo {
    private MonteCarlo() {
    }

    /** (1/n) Σ vᵢ. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Standard error of the mean, s/√n with s² = Σ (vᵢ − v̄)² / (n − 1). */
    public static double standardError(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }
}
