package dgm.core.run;

import dgm.core.data.Dataset;
import dgm.core.metrics.Kind;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link MetricGroup} computes from: the dataset with its splits (and the truth and modes where
 * known), the trained model, the evaluation options and the evaluation's named seeds, plus the
 * intermediate results several groups share, each computed once on first use: the test split's
 * log-likelihood, the model's samples and the equal-sized real and generated sets of the two-sample
 * metrics. Not thread-safe: one evaluation, one thread.
 */
public final class EvaluationContext {
    private final Dataset data;
    private final GenerativeModel model;
    private final EvalOptions options;
    private final Seeds seeds;

    private Optional<TestLikelihood> likelihood;
    private double[][] samples;
    private double samplingSeconds = Double.NaN;
    private TwoSample twoSample;

    public EvaluationContext(Dataset data, GenerativeModel model, EvalOptions options, Seeds seeds) {
        this.data = Objects.requireNonNull(data, "data");
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
        this.seeds = Objects.requireNonNull(seeds, "seeds");
    }

    public Dataset data() {
        return data;
    }

    public GenerativeModel model() {
        return model;
    }

    public EvalOptions options() {
        return options;
    }

    /** The evaluation's seeds: a metric draws from its own name, so no metric shifts another's stream. */
    public Seeds seeds() {
        return seeds;
    }

    /**
     * log q(x) of every test row and what it is: exact for a density model, the IWAE lower bound
     * with k = {@code iwae_k} importance samples (seed {@code bound/k<k>}) for a latent-variable
     * model; empty for an implicit model.
     *
     * @param logq [n_test] values, refused if any is NaN
     */
    public record TestLikelihood(double[] logq, Kind kind) {
    }

    public Optional<TestLikelihood> testLikelihood() {
        if (likelihood == null) {
            if (model instanceof DensityModel dm) {
                likelihood = Optional.of(new TestLikelihood(Evaluator.logProb(dm, data.test()), Kind.EXACT));
            } else if (model instanceof LatentVariableModel lv) {
                likelihood = Optional.of(new TestLikelihood(Evaluator.lowerBound(lv, data.test(), options.iwaeK(), seeds), Kind.BOUND));
            } else {
                likelihood = Optional.empty();
            }
        }
        return likelihood;
    }

    /**
     * {@code samples} (the option) model samples, [n, d], drawn once from the seed {@code samples}.
     *
     * @throws IllegalStateException if any sample is NaN or infinite (no sample metric can be computed)
     */
    public double[][] samples() {
        if (samples == null) {
            int n = options.sampleCount();
            long t0 = System.nanoTime();
            double[][] s = Arrays2.toMatrix(model.sample(n, seeds.rng("samples")));
            samplingSeconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s[i].length; j++) {
                    if (!Double.isFinite(s[i][j])) {
                        throw new IllegalStateException("the model produced a non-finite sample (row " + i + ", column " + j
                                + " is " + s[i][j] + "); sample metrics cannot be computed");
                    }
                }
            }
            samples = s;
        }
        return samples;
    }

    /** Wall-clock seconds {@link #samples()} took to draw them. */
    public double samplingSeconds() {
        samples();
        return samplingSeconds;
    }

    /**
     * The two sets the two-sample metrics compare, of equal size m = min(metric_points, n_test,
     * samples): m test points drawn without replacement (seed {@code subsample/test}; all of them, in
     * order, when there are at most m) and the first m samples (i.i.d., so a prefix is a random
     * subsample).
     */
    public record TwoSample(double[][] real, double[][] fake) {
        public int size() {
            return real.length;
        }
    }

    public TwoSample twoSample() {
        if (twoSample == null) {
            double[][] s = samples();
            double[][] test = data.test();
            int m = Math.min(options.metricPoints(), Math.min(test.length, s.length));
            twoSample = new TwoSample(subsample(test, m, seeds.rng("subsample/test")), Arrays.copyOf(s, m));
        }
        return twoSample;
    }

    private static double[][] subsample(double[][] x, int m, Rng rng) {
        if (x.length <= m) {
            return x;
        }
        int[] p = rng.permutation(x.length);
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            out[i] = x[p[i]];
        }
        return out;
    }
}
