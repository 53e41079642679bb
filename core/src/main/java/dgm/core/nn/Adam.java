package dgm.core.nn;

/**
 * Adam (Kingma and Ba 2015) over a whole {@link ParamBuffer}, with bias correction and optional
 * decoupled weight decay (AdamW, Loshchilov and Hutter 2019):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·(m̂/(√v̂ + ε) + λθ).
 */
public final class Adam {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double[] m = new double[0];
    private double[] v = new double[0];
    private long t;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: need 0 ≤ β₁, β₂ < 1, ε > 0, λ ≥ 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e−8, no weight decay (PyTorch's defaults). */
    public Adam() {
        this(0.9, 0.999, 1e-8, 0.0);
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    /** The first-moment estimates m (a copy; empty before the first step), for checkpoints. */
    public double[] firstMoment() {
        return m.clone();
    }

    /** The second-moment estimates v (a copy; empty before the first step), for checkpoints. */
    public double[] secondMoment() {
        return v.clone();
    }

    /** Continues from a checkpoint: t steps taken and the moments m and v they left (same lengths). */
    public void restore(long steps, double[] firstMoment, double[] secondMoment) {
        if (steps < 0 || firstMoment.length != secondMoment.length) {
            throw new IllegalArgumentException("Adam state: need t ≥ 0 and moments of equal length");
        }
        t = steps;
        m = firstMoment.clone();
        v = secondMoment.clone();
    }

    /** Forgets the moment estimates (e.g. after restoring earlier parameters). */
    public void reset() {
        t = 0;
        java.util.Arrays.fill(m, 0.0);
        java.util.Arrays.fill(v, 0.0);
    }

    /** One update of every parameter with the gradient currently in the buffer. */
    public void step(ParamBuffer p, double lr) {
        double[] theta = p.values();
        double[] g = p.grads();
        if (m.length != theta.length) {
            m = new double[theta.length];
            v = new double[theta.length];
            t = 0;
        }
        t++;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        double stepSize = lr / c1;
        double sqrtC2 = Math.sqrt(c2);
        double[] mm = m;
        double[] vv = v;
        // every parameter's update is independent: shared among the run's threads, same bits
        Workers.forRows(theta.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double gi = g[i];
                mm[i] = beta1 * mm[i] + (1 - beta1) * gi;
                vv[i] = beta2 * vv[i] + (1 - beta2) * gi * gi;
                theta[i] -= stepSize * mm[i] / (Math.sqrt(vv[i]) / sqrtC2 + eps) + lr * weightDecay * theta[i];
            }
        });
    }
}
