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
 * Evaluates a trained model on the test split: every group of the {@link MetricCatalog} in order
 * (likelihood metrics according to the model's capability, exact for density models and a bound for
 * latent-variable models; the gap to the true entropy where the data distribution is known; sample
 * metrics for every model), each on one shared {@link EvaluationContext}.
 */
public final class Evaluator {
    private static final int CHUNK = 4096;

    private final EvalOptions options;
    private final MetricCatalog catalog;

    /** With the {@link MetricCatalog#standard() standard} catalogue. */
    public Evaluator(EvalOptions options) {
        this(options, MetricCatalog.standard());
    }

    public Evaluator(EvalOptions options, MetricCatalog catalog) {
        this.options = options;
        this.catalog = catalog;
    }

    /** A named number. */
    public record Measured(String metric, Estimate estimate) {
    }

    /**
     * @param progress receives (fraction, status) as the evaluation proceeds
     * @throws IllegalStateException if a group reports an id it does not declare, or an estimate of a
     *                               kind its metric does not allow (a programming error)
     */
    public List<Measured> evaluate(Dataset data, GenerativeModel model, Seeds seeds, BiConsumer<Double, String> progress) {
        EvaluationContext context = new EvaluationContext(data, model, options, seeds);
        List<MetricGroup> groups = catalog.groups();
        List<Measured> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            MetricGroup g = groups.get(i);
            if (g instanceof MetricGroup.Recorded) {
                continue;
            }
            progress.accept((double) i / groups.size(), g.metrics().get(0).id());
            out.addAll(checked(g, g.compute(context)));
        }
        progress.accept(1.0, "done");
        return out;
    }

    static List<Measured> checked(MetricGroup g, List<Measured> measured) {
        for (Measured m : measured) {
            Metric def = g.metrics().stream().filter(x -> x.id().equals(m.metric())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a metric group reported '" + m.metric()
                            + "', which it does not declare (it declares " + g.metrics().stream().map(Metric::id).toList() + ")"));
            if (!def.kinds().contains(m.estimate().kind())) {
                throw new IllegalStateException("metric '" + m.metric() + "' reported as " + m.estimate().kind().label()
                        + "; it declares " + def.kinds().stream().map(Kind::label).toList());
            }
        }
        return measured;
    }

    private static final Map<String, Estimate> ENTROPY_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * H(p) by the toy's own method, memoised by (toy, n, seed): a comparison evaluates many models on
     * the same toy and seed, and the estimate is a pure function of those three.
     */
    public static Estimate trueEntropy(ToyDistribution truth, int n, long seed) {
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

    /** The lower bound on log q with {@code k} importance samples of every row, in chunks (seed {@code bound/k<k>}), refusing NaN. */
    public static double[] lowerBound(LatentVariableModel model, double[][] x, int k, Seeds seeds) {
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

    /** The mean of −log q with its standard error: an NLL of the given kind. */
    public static Estimate negMean(double[] logq, Kind kind) {
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
