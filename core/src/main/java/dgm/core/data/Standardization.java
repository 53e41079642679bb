package dgm.core.data;

/**
 * Per-coordinate mean and sample standard deviation (n − 1 denominator) of a training set, the
 * fixed standardisation z = (x − μ)/σ that flows, VAEs and f-GANs apply before their networks. The
 * families differ only in how they guard σ against a constant coordinate; both rules are here.
 */
public final class Standardization {
    private final double[] mean;
    private final double[] sd;
    private final int n;

    private Standardization(double[] mean, double[] sd, int n) {
        this.mean = mean;
        this.sd = sd;
        this.n = n;
    }

    /** The column means and standard deviations of {@code rows} (at least one row). */
    public static Standardization of(double[][] rows) {
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot standardise an empty set of rows");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] r : rows) {
                m += r[j];
            }
            m /= n;
            double ss = 0;
            for (double[] r : rows) {
                ss += (r[j] - m) * (r[j] - m);
            }
            mean[j] = m;
            sd[j] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        }
        return new Standardization(mean, sd, n);
    }

    /** μ, a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * σ floored at 1e−6·(1 + |μ|), and 1 for a single row: a constant coordinate keeps a tiny but
     * positive scale, so a density model's log-determinant stays finite (flows, VAEs).
     */
    public double[] flooredScale() {
        double[] s = new double[sd.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.max(n > 1 ? sd[j] : 1.0, 1e-6 * (1 + Math.abs(mean[j])));
        }
        return s;
    }

    /** σ, or 1 where σ is 0 or not finite: a constant coordinate is left unscaled (the f-GAN's sampler). */
    public double[] scaleOrOne() {
        double[] s = new double[sd.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = sd[j] > 0 && Double.isFinite(sd[j]) ? sd[j] : 1.0;
        }
        return s;
    }
}
