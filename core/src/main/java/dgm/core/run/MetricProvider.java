package dgm.core.run;

import java.util.List;

/**
 * A module's metrics, found at run time through {@link java.util.ServiceLoader}: each module lists its
 * implementation in {@code META-INF/services/dgm.core.run.MetricProvider}, as model families are
 * found. Providers are taken in the order of their names; within a provider, its groups in the
 * order listed (see {@link MetricCatalog}).
 */
public interface MetricProvider {

    /** Short name, e.g. {@code core}. */
    String name();

    /** Its metric groups, in evaluation (and {@code results.csv}) order. */
    List<MetricGroup> groups();
}
