package dgm.core.data;

import java.util.Optional;

/**
 * A dataset split into train, validation and test, all float64 row-major [n, d].
 *
 * @param id          the dataset id ({@code moons}, {@code digits}, ...)
 * @param kind        continuous or dequantised (then {@code levels} is the number of integer levels L)
 * @param levels      L for dequantised data, 0 otherwise
 * @param source      where the data came from (a generator and its definition, a file path)
 * @param truth       the exact data distribution, when it is known (the 2-D toys)
 * @param modes       known modes, when the data is a mixture with known centres
 * @param labels      class labels aligned with the splits, when the data is labelled (digits, the IDX
 *                    image sets); only evaluation uses them
 */
public record Dataset(String id, String description, DataKind kind, int levels, String source,
                      double[][] train, double[][] validation, double[][] test,
                      Optional<ToyDistribution> truth, Optional<Modes> modes, Optional<Labels> labels) {

    public Dataset {
        labels.ifPresent(l -> l.checkAligned(id, train, validation, test));
    }

    /** An unlabelled dataset. */
    public Dataset(String id, String description, DataKind kind, int levels, String source,
                   double[][] train, double[][] validation, double[][] test,
                   Optional<ToyDistribution> truth, Optional<Modes> modes) {
        this(id, description, kind, levels, source, train, validation, test, truth, modes, Optional.empty());
    }

    public int dimension() {
        return train[0].length;
    }

    /** SHA-256 over the three splits' bits, for the run record. */
    public String contentHash() {
        return DataHash.sha256(train, validation, test);
    }
}
