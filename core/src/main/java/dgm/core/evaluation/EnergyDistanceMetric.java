package dgm.core.evaluation;

import dgm.core.metrics.EnergyDistance;
import dgm.core.metrics.Kind;
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

/** The unbiased energy distance of {@link EnergyDistance} on the two-sample sets (no permutations). Seed {@code energy}. */
public final class EnergyDistanceMetric implements MetricGroup {
    public static final Metric ENERGY_DISTANCE = Metric.of("energy_distance", Unit.DATA_UNITS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.LOWER, Table.SAMPLES, NullValue.of(0), "2E‖X−Y‖ − E‖X−X′‖ − E‖Y−Y′‖");

    @Override
    public List<Metric> metrics() {
        return List.of(ENERGY_DISTANCE);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        return List.of(new Measured(ENERGY_DISTANCE.id(),
                EnergyDistance.test(s.real(), s.fake(), 0, s.size(), c.seeds().rng("energy")).energyDistance()));
    }
}
