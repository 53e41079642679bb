package dgm.core.evaluation;

import dgm.core.metrics.Kind;
import dgm.core.metrics.NearestNeighbourTwoSampleTest;
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

/**
 * The leave-one-out 1-NN two-sample accuracy of {@link NearestNeighbourTwoSampleTest} on the two-sample
 * sets (no permutations). For one distribution E[acc] = (m − 1)/(2m − 1), ½ as m grows. Seed {@code c2st}.
 */
public final class NearestNeighbourAccuracy implements MetricGroup {
    public static final Metric C2ST_ACCURACY = Metric.of("c2st_accuracy", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.target(0.5), Table.SAMPLES, NullValue.of(0.5),
            "leave-one-out 1-NN two-sample test accuracy; 0.5 = indistinguishable");

    @Override
    public List<Metric> metrics() {
        return List.of(C2ST_ACCURACY);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        return List.of(new Measured(C2ST_ACCURACY.id(),
                NearestNeighbourTwoSampleTest.test(s.real(), s.fake(), 0, s.size(), c.seeds().rng("c2st")).accuracy()));
    }
}
