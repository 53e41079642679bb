package dgm.core.run;

import dgm.core.data.Dataset;
import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.rng.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates a trained model on the test split: likelihood metrics according to its capability (exact
 * for density models, a bound for latent-variable models, nothing for implicit models), the gap to
 * the true entropy where the data distribution is known, and sample metrics for every model.
 */
public final class Evaluator {
    private static final int CHUNK = 4096;

    private final EvalOptions options;

    public Evaluator(EvalOptions options) {
        this.options = options;
    }

    /** A named number. */
    public record Measured(String metric, Estimate estimate) {
    }

    /**
     * @param progress receives (fraction, status) as the evaluation proceeds
     */
    public List<Measured> evaluate(Dataset data, GenerativeModel model, Seeds seeds, BiConsumer<Double, String> progress) {
        List<Measured> out = new ArrayList<>();
        double[][] test = data.test();
        int d = data.dimension();
        double[] logq = null;
        Kind likelihoodKind = null;

        progress.accept(0.0, "likelihood");
        if (model instanceof DensityModel dm) {
            logq = logProb(dm, test);
            likelihoodKind = Kind.EXACT;
        } else if (model instanceof LatentVariableModel lv) {
            logq = lowerBound(lv, test, options.iwaeK(), seeds);
            likelihoodKind = Kind.BOUND;
            double[] elbo = lowerBound(lv, test, 1, seeds);
            out.add(new Measured("elbo_nll", negMean(elbo, Kind.BOUND)));
            out.add(new Measured("iwae_k", new Estimate(options.iwaeK(), 0, 1, Kind.EXACT)));
        }
        if (logq != null) {
            Estimate nll = negMean(logq, likelihoodKind);
            out.add(new Measured("test_nll", nll));
            out.add(new Measured("bits_per_dim", nll.scale(1.0 / (d * Math.log(2)))));
        }
        if (data.truth().isPresent()) {
            ToyDistribution truth = data.truth().get();
            progress.accept(0.2, "true entropy");
            out.add(new Measured("true_entropy", trueEntropy(truth, options.entropySamples(), seeds.seed("entropy"))));
            if (logq != null) {
                double[] logp = truth.logDensity(test);
                double[] diff = new double[logp.length];
                for (int i = 0; i < diff.length; i++) {
                    diff[i] = logp[i] - logq[i];
                }
                // Paired on the same test points: far smaller error than NLL − H from separate samples.
                // For a bound-kind likelihood the gap is an upper bound on KL(p‖q), in expectation.
                out.add(new Measured("nll_gap", Estimate.mean(diff, likelihoodKind == Kind.EXACT ? Kind.ESTIMATE : Kind.BOUND)));
            }
        }
        progress.accept(0.4, "sampling");
        int n = options.sampleCount();
        long t0 = System.nanoTime();
        double[][] samples = Arrays2.toMatrix(model.sample(n, seeds.rng("samples")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.add(new Measured("samples_per_second", new Estimate(n / Math.max(seconds, 1e-9), Double.NaN, 1, Kind.MEASURED)));
        progress.accept(0.5, "sample metrics");
        out.addAll(SampleEvaluation.evaluate(data, samples, options, seeds));
        progress.accept(1.0, "done");
        return out;
    }

    private static final Map<String, Estimate> ENTROPY_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * H(p) by the toy's own method, memoised by (toy, n, seed): a comparison evaluates many models on
     * the same toy and seed, and the estimate is a pure function of those three.
     */
    static Estimate trueEntropy(ToyDistribution truth, int n, long seed) {
        return ENTROPY_CACHE.computeIfAbsent(truth.id() + "/" + n + "/" + seed,
                k -> truth.entropy(n, new dgm.core.rng.Rng(seed)));
    }

    /** log q of every row, in chunks, refusing NaN (a NaN log-density is a model bug, never a number to average). */
    public static double[] logProb(DensityModel model, double[][] x) {
        double[] out = new double[x.length];
        for (int start = 0; start < x.length; start += CHUNK) {
            int end = Math.min(x.length, start + CHUNK);
            INDArray lp = model.logProb(Arrays2.matrix(Arrays.copyOfRange(x, start, end)));
            double[] v = Arrays2.toVector(lp);
            System.arraycopy(v, 0, out, start, v.length);
        }
        requireNoNaN(model.id(), out);
        return out;
    }

    static double[] lowerBound(LatentVariableModel model, double[][] x, int k, Seeds seeds) {
        double[] out = new double[x.length];
        var rng = seeds.rng("bound/k" + k);
        int chunk = Math.max(1, Math.min(CHUNK, 1_000_000 / Math.max(1, k)));
        for (int start = 0; start < x.length; start += chunk) {
            int end = Math.min(x.length, start + chunk);
            double[] v = Arrays2.toVector(model.lowerBound(Arrays2.matrix(Arrays.copyOfRange(x, start, end)), k, rng));
            System.arraycopy(v, 0, out, start, v.length);
        }
        requireNoNaN(model.id(), out);
        return out;
    }

    private static void requireNoNaN(String id, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalStateException("model '" + id + "' returned NaN log-likelihood for test row " + i);
            }
        }
    }

    private static Estimate negMean(double[] logq, Kind kind) {
        double[] neg = new double[logq.length];
        for (int i = 0; i < neg.length; i++) {
            neg[i] = -logq[i];
        }
        return Estimate.mean(neg, kind);
    }

    /** Measured values by metric id, for convenience. */
    public static Map<String, Estimate> byId(List<Measured> list) {
        Map<String, Estimate> m = new LinkedHashMap<>();
        for (Measured x : list) {
            m.put(x.metric(), x.estimate());
        }
        return m;
    }
}
