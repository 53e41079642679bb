package dgm.core.evaluation;

import dgm.core.metrics.Kind;
import dgm.core.metrics.PrecisionRecallDensityCoverage;
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
 * Precision, recall, density and coverage from one k-NN computation on the two-sample sets
 * ({@link PrecisionRecallDensityCoverage}, k = {@value PrecisionRecallDensityCoverage#DEFAULT_K}).
 * Seed {@code prdc}.
 */
public final class PrdcMetrics implements MetricGroup {
    private static final String NO_FIXED_LEVEL = "below 1 for one distribution, by an amount that grows with the dimension";

    public static final Metric PRECISION = Metric.of("precision", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE, Direction.HIGHER,
            Table.SAMPLES, NullValue.none(NO_FIXED_LEVEL), "k-NN precision (k=5, Kynkäänniemi et al. 2019)");
    public static final Metric RECALL = Metric.of("recall", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE, Direction.HIGHER,
            Table.SAMPLES, NullValue.none(NO_FIXED_LEVEL), "k-NN recall (k=5)");
    public static final Metric DENSITY = Metric.of("density", Unit.UNITLESS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE, Direction.target(1),
            Table.SAMPLES, NullValue.of(1), "k-NN density (Naeem et al. 2020); ≈1 for identical distributions");
    /** 1 − 2^−k, the limit of E[coverage] for one distribution (finite sizes: {@link PrecisionRecallDensityCoverage#expectedCoverageIfIdentical}). */
    public static final Metric COVERAGE = Metric.of("coverage", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE, Direction.HIGHER,
            Table.SAMPLES, NullValue.of(1 - Math.pow(2, -PrecisionRecallDensityCoverage.DEFAULT_K)),
            "k-NN coverage (Naeem et al. 2020); ≈0.97 for identical distributions");

    @Override
    public List<Metric> metrics() {
        return List.of(PRECISION, RECALL, DENSITY, COVERAGE);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        EvaluationContext.TwoSample s = c.twoSample();
        PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(s.real(), s.fake(),
                PrecisionRecallDensityCoverage.DEFAULT_K, s.size(), c.seeds().rng("prdc"));
        return List.of(new Measured(PRECISION.id(), r.precision()), new Measured(RECALL.id(), r.recall()),
                new Measured(DENSITY.id(), r.density()), new Measured(COVERAGE.id(), r.coverage()));
    }
}
