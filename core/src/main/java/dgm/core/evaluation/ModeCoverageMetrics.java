package dgm.core.evaluation;

import dgm.core.data.Modes;
import dgm.core.metrics.Kind;
import dgm.core.metrics.ModeCoverage;
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

/** Mode coverage and the high-quality fraction of {@link ModeCoverage} on all model samples, for datasets with known modes. */
public final class ModeCoverageMetrics implements MetricGroup {
    public static final Metric MODE_COVERAGE = Metric.of("mode_coverage", Unit.FRACTION, Split.SAMPLES, Kind.ESTIMATE, Direction.HIGHER,
            Table.SAMPLES, NullValue.of(1),
            "fraction of known modes receiving samples within 3 sd (mixtures with known modes)");
    public static final Metric HIGH_QUALITY_FRACTION = Metric.of("high_quality_fraction", Unit.FRACTION, Split.SAMPLES, Kind.ESTIMATE,
            Direction.HIGHER, Table.SAMPLES,
            NullValue.none("P(‖x − μ‖ ≤ 3σ) of the mixture's components: 1 − e^−4.5 ≈ 0.989 for isotropic 2-D Gaussians, other shapes otherwise"),
            "fraction of samples within 3 sd of some known mode");

    @Override
    public List<Metric> metrics() {
        return List.of(MODE_COVERAGE, HIGH_QUALITY_FRACTION);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        if (c.data().modes().isEmpty()) {
            return List.of();
        }
        Modes modes = c.data().modes().get();
        ModeCoverage.Result r = ModeCoverage.evaluate(c.samples(), modes.centres(), modes.sd());
        return List.of(new Measured(MODE_COVERAGE.id(), r.modesCovered()), new Measured(HIGH_QUALITY_FRACTION.id(), r.highQualityFraction()));
    }
}
