package dgm.gan;

import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;
import java.util.Arrays;
import java.util.TreeSet;

/** A finite mixture Σ_k w_k N(μ_k, σ_k²) on ℝ (weights positive, summing to 1). */
public final class GaussianMixture1D implements Density1D {
    private final double[] weights;
    private final Gaussian1D[] components;
    private final double[] logWeights;

    public GaussianMixture1D(double[] weights, Gaussian1D... components) {
        if (weights.length != components.length || weights.length == 0) {
            throw new IllegalArgumentException("need as many weights as components, at least one");
        }
        double s = 0;
        for (double w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("weights must be positive: " + Arrays.toString(weights));
            }
            s += w;
        }
        if (Math.abs(s - 1.0) > 1e-12) {
            throw new IllegalArgumentException("weights must sum to 1, got " + s);
        }
        this.weights = weights.clone();
        this.components = components.clone();
        this.logWeights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            logWeights[i] = Math.log(weights[i]);
        }
    }

    /** The target of the f-GAN paper's Gaussian-fit experiment (gan/README.md): 0.3·N(−1.5, 0.5²) + 0.7·N(1.5, 0.8²). */
    public static GaussianMixture1D paperTarget() {
        return new GaussianMixture1D(new double[] {0.3, 0.7}, new Gaussian1D(-1.5, 0.5), new Gaussian1D(1.5, 0.8));
    }

    /** The equal-weight mixture ½P + ½Q of two Gaussians. */
    public static GaussianMixture1D halfHalf(Gaussian1D p, Gaussian1D q) {
        return new GaussianMixture1D(new double[] {0.5, 0.5}, p, q);
    }

    public int size() {
        return weights.length;
    }

    public double weight(int k) {
        return weights[k];
    }

    public Gaussian1D component(int k) {
        return components[k];
    }

    /** log Σ_k exp(log w_k + log N(x; μ_k, σ_k²)), by log-sum-exp. */
    @Override
    public double logDensity(double x) {
        double[] t = new double[components.length];
        for (int k = 0; k < components.length; k++) {
            t[k] = logWeights[k] + components[k].logDensity(x);
        }
        return LogSumExp.of(t, t.length);
    }

    @Override
    public double mean() {
        double m = 0;
        for (int k = 0; k < components.length; k++) {
            m += weights[k] * components[k].mu();
        }
        return m;
    }

    /** Σ w_k (σ_k² + μ_k²) − (Σ w_k μ_k)². */
    @Override
    public double variance() {
        double m = mean();
        double v = 0;
        for (int k = 0; k < components.length; k++) {
            double d = components[k].mu() - m;
            v += weights[k] * (components[k].variance() + d * d);
        }
        return v;
    }

    @Override
    public double[] landmarks() {
        TreeSet<Double> s = new TreeSet<>();
        for (Gaussian1D c : components) {
            for (double x : c.landmarks()) {
                s.add(x);
            }
        }
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public double sample(Rng rng) {
        double u = rng.uniform();
        int k = 0;
        double c = weights[0];
        while (u >= c && k < weights.length - 1) {
            k++;
            c += weights[k];
        }
        return components[k].sample(rng);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < components.length; k++) {
            sb.append(k == 0 ? "" : " + ").append(weights[k]).append("·N(").append(components[k].mu()).append(", ")
                    .append(components[k].sigma()).append("²)");
        }
        return sb.toString();
    }
}
