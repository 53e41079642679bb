package dgm.core.evaluation;

import dgm.core.run.MetricGroup;
import dgm.core.run.MetricProvider;
import java.util.List;

/**
 * Core's metrics, registered in {@code META-INF/services/dgm.core.run.MetricProvider}. The order of
 * this list is the order of the evaluation, of the rows of {@code results.csv}, of
 * {@code ./workbench list} and of the report's columns.
 */
public final class CoreMetrics implements MetricProvider {

    @Override
    public String name() {
        return "core";
    }

    @Override
    public List<MetricGroup> groups() {
        return List.of(
                new LikelihoodMetrics(),
                RecordedMetrics.HISTORY,
                RecordedMetrics.FIT_TIME,
                new SamplingThroughput(),
                RecordedMetrics.PARAMETER_COUNT,
                new MmdMetrics(),
                new EnergyDistanceMetric(),
                new SlicedWassersteinMetric(),
                new NearestNeighbourAccuracy(),
                new PrdcMetrics(),
                new FeatureMetrics(),
                new ParzenMetrics(),
                new ModeCoverageMetrics(),
                new MemorisationMetrics(),
                RecordedMetrics.ENERGY_FIT);
    }
}
