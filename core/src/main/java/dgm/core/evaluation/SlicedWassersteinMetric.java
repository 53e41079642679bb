package dgm.core.evaluation;

import dgm.core.metrics.Kind;
import dgm.core.metrics.SlicedWasserstein;
import dgm.core.run.EvaluationContext;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.List;

/** Sliced W₁ of {@link SlicedWasserstein} on the two-sample sets, over its default number of random directions. Seed {@code sliced}. */
public final class SlicedWassersteinMetric implements MetricGroup {
    public static final Metric SLICED_WASSERSTEIN = Metric.of("sliced_wasserstein", Unit.DATA_UNITS, Split.TEST_VS_SAMPLES,
            Kind.ESTIMATE, Direction.LOWER, Table.SAMPLES,
            NullValue.none("the plug-in estimate is biased upwards by O(1/√n) for one distribution: compare at equal n, never with 0"),
            "mean over random directions of W1 between 1-D projections");

    @Override
    public List<Metric> metrics() {
        return List.of(SLICED_WASSERSTEIN);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        return List.of(new Measured(SLICED_WASSERSTEIN.id(), SlicedWasserstein.compute(s.real(), s.fake(), c.seeds().rng("sliced")).sw1()));
    }
}
