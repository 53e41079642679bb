package dgm.gan;

/**
 * The effective domain dom f* = {t : f*(t) &lt; ∞} of a convex conjugate: an interval of ℝ with
 * possibly infinite ends; each finite end is either included (closed) or not (open).
 */
public record ConjugateDomain(double lower, boolean lowerClosed, double upper, boolean upperClosed) {

    /** All of ℝ. */
    public static final ConjugateDomain REAL_LINE =
            new ConjugateDomain(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    /** (−∞, upper). */
    public static ConjugateDomain below(double upper) {
        return new ConjugateDomain(Double.NEGATIVE_INFINITY, false, upper, false);
    }

    /** [lower, upper]. */
    public static ConjugateDomain closed(double lower, double upper) {
        return new ConjugateDomain(lower, true, upper, true);
    }

    /** Whether t lies in the domain (NaN never does). */
    public boolean contains(double t) {
        if (Double.isNaN(t)) {
            return false;
        }
        boolean aboveLower = lowerClosed ? t >= lower : t > lower;
        boolean belowUpper = upperClosed ? t <= upper : t < upper;
        return aboveLower && belowUpper;
    }

    @Override
    public String toString() {
        return (lowerClosed ? "[" : "(") + fmt(lower) + ", " + fmt(upper) + (upperClosed ? "]" : ")");
    }

    private static String fmt(double x) {
        return x == Double.NEGATIVE_INFINITY ? "-inf" : x == Double.POSITIVE_INFINITY ? "inf" : Double.toString(x);
    }
}
