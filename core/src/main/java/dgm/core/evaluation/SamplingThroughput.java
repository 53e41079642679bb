package dgm.core.evaluation;

import dgm.core.metrics.Estimate;
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

/** How fast the model samples: {@code samples} (the option) / the wall-clock seconds drawing them took. */
public final class SamplingThroughput implements MetricGroup {
    public static final Metric SAMPLES_PER_SECOND = Metric.of("samples_per_second", Unit.SAMPLES_PER_SECOND, Split.NONE,
            Kind.MEASURED, Direction.HIGHER, Table.FIT, NullValue.none("a measurement of this run, not a function of the distributions"),
            "sampling throughput");

    @Override
    public List<Metric> metrics() {
        return List.of(SAMPLES_PER_SECOND);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        double seconds = c.samplingSeconds();
        int n = c.options().sampleCount();
        return List.of(new Measured(SAMPLES_PER_SECOND.id(), new Estimate(n / Math.max(seconds, 1e-9), Double.NaN, 1, Kind.MEASURED)));
    }
}
