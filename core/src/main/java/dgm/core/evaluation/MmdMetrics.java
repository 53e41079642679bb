package dgm.core.evaluation;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.metrics.Mmd;
import dgm.core.run.EvaluationContext;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Unbiased MMD² with Gaussian kernels on the two-sample sets ({@link EvaluationContext#twoSample()}),
 * one kernel computation for every bandwidth h_med·{1/16 … 4} ({@link Mmd}): the value at the median
 * bandwidth, at h_med/8, and the permutation p-value of the test that takes the maximum over
 * bandwidths (when {@code permutations} > 0). Seed {@code mmd}.
 */
public final class MmdMetrics implements MetricGroup {
    /** The small bandwidth reported beside the median one: h_med / 8 (the median is blind to small-scale errors). */
    public static final double SMALL_BANDWIDTH = 0.125;

    public static final Metric MMD = Metric.of("mmd", Unit.UNITLESS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE, Direction.LOWER,
            Table.SAMPLES, NullValue.of(0), "unbiased MMD² with a Gaussian kernel at the median-heuristic bandwidth");
    public static final Metric MMD_SMALL_BW = Metric.of("mmd_small_bw", Unit.UNITLESS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.LOWER, Table.SAMPLES, NullValue.of(0),
            "unbiased MMD² at the median bandwidth / 8 (sensitive to small-scale errors the median misses)");
    public static final Metric MMD_P_VALUE = Metric.of("mmd_p_value", Unit.PROBABILITY, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.NONE, Table.SAMPLES, NullValue.pValue(),
            "permutation p-value of the aggregated (max over bandwidths) MMD test");

    @Override
    public List<Metric> metrics() {
        return List.of(MMD, MMD_SMALL_BW, MMD_P_VALUE);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        int m = s.size();
        int permutations = c.options().permutations();
        Mmd.Result mmd = Mmd.test(s.real(), s.fake(),
                new Mmd.Options(Mmd.defaultMultipliers(), permutations, m, Math.min(m * 2, 1000)), c.seeds().rng("mmd"));
        List<Measured> out = new ArrayList<>();
        out.add(new Measured(MMD.id(), mmd.atMedian().mmd2()));
        out.add(new Measured(MMD_SMALL_BW.id(), mmd.atMultiplier(SMALL_BANDWIDTH).mmd2()));
        if (permutations > 0) {
            out.add(new Measured(MMD_P_VALUE.id(), new Estimate(mmd.aggregatedPValue(), Double.NaN, permutations, Kind.ESTIMATE)));
        }
        return out;
    }
}
