package dgm.core.data;

import java.util.List;

/**
 * A module's datasets, found at run time through {@link java.util.ServiceLoader} as model families
 * are: each module lists its implementation in {@code META-INF/services/dgm.core.data.DatasetProvider}.
 * Providers are taken in the order of their names; within a provider, its datasets in the order
 * listed (the order of {@code ./workbench list}).
 */
public interface DatasetProvider {

    /** Short name, e.g. {@code core}. */
    String name();

    List<DatasetSource> datasets();
}
