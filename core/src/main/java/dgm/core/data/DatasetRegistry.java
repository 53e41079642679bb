package dgm.core.data;

import dgm.core.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every dataset id on the class path, by id: the {@link DatasetProvider}s in the order of their
 * names, each provider's datasets in its order.
 */
public final class DatasetRegistry {
    private final Map<String, DatasetSource> sources = new LinkedHashMap<>();

    /** @throws IllegalStateException if two providers (or one) define the same id */
    public DatasetRegistry(List<DatasetProvider> providers) {
        List<DatasetProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(DatasetProvider::name));
        Map<String, String> definedBy = new LinkedHashMap<>();
        for (DatasetProvider p : sorted) {
            for (DatasetSource s : p.datasets()) {
                String before = definedBy.putIfAbsent(s.id(), p.name());
                if (before != null) {
                    throw new IllegalStateException("dataset id '" + s.id() + "' is defined twice (by dataset provider "
                            + before + " and by " + p.name() + ")");
                }
                sources.put(s.id(), s);
            }
        }
    }

    /** All providers that {@link ServiceLoader} finds. */
    public static DatasetRegistry standard() {
        List<DatasetProvider> providers = new ArrayList<>();
        ServiceLoader.load(DatasetProvider.class).forEach(providers::add);
        return new DatasetRegistry(providers);
    }

    /** @throws InputException for an unknown id, naming the allowed ones */
    public DatasetSource source(String id) {
        DatasetSource s = sources.get(id);
        if (s == null) {
            throw new InputException("unknown dataset id '" + id + "'; allowed: " + String.join(", ", sources.keySet()));
        }
        return s;
    }

    public List<DatasetSource> all() {
        return Collections.unmodifiableList(new ArrayList<>(sources.values()));
    }
}
