package dgm.core.math;

/**
 * log Σ e^{v_i} without overflow or needless underflow, for every module: the mixtures' and toy
 * densities' log-sum-exps (baselines, data, the f-GAN's 1-D targets, the flows' 2-D energies) and
 * the two-term log(e^a + e^b) of the mixtures M = ½P + ½Q and the moons' and spirals' two halves.
 */
public final class LogSumExp {
    private LogSumExp() {
    }

    /**
     * log Σ_{i &lt; len} e^{v_i} = m + log Σ_i e^{v_i − m} with m = max_i v_i, the terms summed in index
     * order. −∞ for len = 0 or all −∞; +∞ when some v_i is +∞; NaN when some v_i is NaN and none is
     * +∞.
     */
    public static double of(double[] v, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            if (v[i] > max) {
                max = v[i];
            }
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.exp(v[i] - max);
        }
        return max + Math.log(s);
    }

    /**
     * log(e^a + e^b) = max(a, b) + log1p(e^{−|a − b|}): log1p keeps the small term's digits when
     * the two differ by many nats. −∞ when both are −∞; NaN when either is NaN or both are +∞.
     */
    public static double of(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
