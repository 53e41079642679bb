package dgm.core.metrics;

/**
 * A number with what it is: its value, its standard error (NaN where none exists), the number of
 * terms it was computed from, and its {@link Kind}.
 */
public record Estimate(double value, double standardError, long n, Kind kind) {

    public static Estimate exact(double value) {
        return new Estimate(value, 0.0, 1, Kind.EXACT);
    }

    public static Estimate estimate(double value, double standardError, long n) {
        return new Estimate(value, standardError, n, Kind.ESTIMATE);
    }

    /** Mean of {@code values} with its standard error sd/√n (sample sd, n−1 denominator). */
    public static Estimate mean(double[] values, Kind kind) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        // Two-pass for accuracy.
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
        return new Estimate(mean, se, n, kind);
    }

    /** The same estimate scaled by {@code c} (value and standard error). */
    public Estimate scale(double c) {
        return new Estimate(value * c, standardError * Math.abs(c), n, kind);
    }
}
