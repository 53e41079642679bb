package dgm.core.run;

import dgm.core.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every metric id the workbench reports, from the registered {@link MetricProvider}s: providers in
 * the order of their names, each provider's groups in its order, each group's metrics in its order.
 * That is the order of {@code ./workbench list}, of the evaluation (so of the rows of
 * {@code results.csv}) and of the report's columns. An id declared twice is refused; a result row
 * with an id not declared here is a programming error.
 */
public final class MetricCatalog {
    private final List<MetricGroup> groups;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    /** @throws IllegalStateException if two groups (of any providers) declare the same id */
    public MetricCatalog(List<MetricProvider> providers) {
        List<MetricProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(MetricProvider::name));
        List<MetricGroup> all = new ArrayList<>();
        Map<String, String> declaredBy = new LinkedHashMap<>();
        for (MetricProvider p : sorted) {
            for (MetricGroup g : p.groups()) {
                all.add(g);
                for (Metric m : g.metrics()) {
                    String before = declaredBy.putIfAbsent(m.id(), p.name());
                    if (before != null) {
                        throw new IllegalStateException("metric id '" + m.id() + "' is declared twice (by metric provider "
                                + before + " and by " + p.name() + ")");
                    }
                    metrics.put(m.id(), m);
                }
            }
        }
        this.groups = List.copyOf(all);
    }

    private static final class Standard {
        static final MetricCatalog INSTANCE = load();
    }

    /** The providers {@link ServiceLoader} finds on the class path, loaded once. */
    public static MetricCatalog standard() {
        return Standard.INSTANCE;
    }

    private static MetricCatalog load() {
        List<MetricProvider> providers = new ArrayList<>();
        ServiceLoader.load(MetricProvider.class).forEach(providers::add);
        return new MetricCatalog(providers);
    }

    /** Every metric, in catalogue order. */
    public List<Metric> all() {
        return List.copyOf(metrics.values());
    }

    /** Every group, in evaluation order. */
    public List<MetricGroup> groups() {
        return groups;
    }

    /** The ids shown as columns of this block of the report, in catalogue order. */
    public List<String> columns(Metric.Table table) {
        List<String> out = new ArrayList<>();
        for (Metric m : metrics.values()) {
            if (m.table() == table) {
                out.add(m.id());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @throws InputException for an unknown id, naming the allowed ones */
    public Metric metric(String id) {
        Metric m = metrics.get(id);
        if (m == null) {
            throw new InputException("unknown metric id '" + id + "'; allowed: " + String.join(", ", metrics.keySet()));
        }
        return m;
    }

    /** {@link #metric(String)} of the {@link #standard()} catalogue. */
    public static Metric require(String id) {
        return standard().metric(id);
    }
}
