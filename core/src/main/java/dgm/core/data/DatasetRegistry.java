package dgm.core.data;

import dgm.core.InputException;
import dgm.core.data.toy.Toys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every dataset id: the eight 2-D toys, the built-in digits, IDX image sets and the user's CSV. */
public final class DatasetRegistry {
    private final Map<String, DatasetSource> sources = new LinkedHashMap<>();

    public DatasetRegistry(List<DatasetSource> list) {
        for (DatasetSource s : list) {
            if (sources.putIfAbsent(s.id(), s) != null) {
                throw new IllegalStateException("dataset id '" + s.id() + "' defined twice");
            }
        }
    }

    public static DatasetRegistry standard() {
        List<DatasetSource> list = new ArrayList<>();
        for (ToyDistribution t : Toys.all()) {
            list.add(new ToyDataset(t));
        }
        list.add(new DigitsDataset());
        list.add(IdxDataset.mnist());
        list.add(IdxDataset.fashionMnist());
        list.add(new CsvDataset());
        return new DatasetRegistry(list);
    }

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
