package dgm.core.evaluation;

import dgm.core.metrics.Kind;
import dgm.core.metrics.Memorisation;
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
 * The memorisation check of {@link Memorisation}: nearest-training-point distances of the generated
 * two-sample set against those of the real one. Seed {@code memorisation}.
 */
public final class MemorisationMetrics implements MetricGroup {
    public static final Metric NN_TRAIN_DISTANCE = Metric.of("nn_train_distance", Unit.DATA_UNITS, Split.SAMPLES_VS_TRAIN, Kind.ESTIMATE,
            Direction.NONE, Table.NONE, NullValue.none("in data units: its level is that of real test points, reported as the ratio"),
            "mean distance from a sample to its nearest training point (memorisation check)");
    public static final Metric NN_TRAIN_DISTANCE_RATIO = Metric.of("nn_train_distance_ratio", Unit.RATIO, Split.SAMPLES_VS_TRAIN,
            Kind.ESTIMATE, Direction.target(1), Table.SAMPLES, NullValue.of(1),
            "nn_train_distance / the same for real test points; ≪ 1 signals copying");

    @Override
    public List<Metric> metrics() {
        return List.of(NN_TRAIN_DISTANCE, NN_TRAIN_DISTANCE_RATIO);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        Memorisation.Result r = Memorisation.evaluate(s.fake(), c.data().train(), s.real(), s.size(), c.seeds().rng("memorisation"));
        return List.of(new Measured(NN_TRAIN_DISTANCE.id(), r.meanDistanceGenerated()), new Measured(NN_TRAIN_DISTANCE_RATIO.id(), r.ratio()));
    }
}
