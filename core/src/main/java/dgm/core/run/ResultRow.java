package dgm.core.run;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;

/**
 * One line of {@code results.csv}: {@code dataset,model,seed,metric,value,stderr,kind}. The metric id's
 * unit and split are fixed by its {@link Metric} in the {@link MetricCatalog}; {@code stderr} is NaN where none exists.
 */
public record ResultRow(String dataset, String model, long seed, String metric, double value, double stderr, Kind kind)
        implements java.io.Serializable {

    public static ResultRow of(String dataset, String model, long seed, String metric, Estimate e) {
        MetricCatalog.require(metric);
        return new ResultRow(dataset, model, seed, metric, e.value(), e.standardError(), e.kind());
    }
}
