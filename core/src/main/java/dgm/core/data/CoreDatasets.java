package dgm.core.data;

import dgm.core.data.toy.Toys;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's datasets, registered in {@code META-INF/services/dgm.core.data.DatasetProvider}: the eight
 * 2-D toys, the built-in digits, the IDX image sets (MNIST, Fashion-MNIST; the user's files) and the
 * user's CSV.
 */
public final class CoreDatasets implements DatasetProvider {

    @Override
    public String name() {
        return "core";
    }

    @Override
    public List<DatasetSource> datasets() {
        List<DatasetSource> list = new ArrayList<>();
        for (ToyDistribution t : Toys.all()) {
            list.add(new ToyDataset(t));
        }
        list.add(new DigitsDataset());
        list.add(IdxDataset.mnist());
        list.add(IdxDataset.fashionMnist());
        list.add(new CsvDataset());
        return list;
    }
}
