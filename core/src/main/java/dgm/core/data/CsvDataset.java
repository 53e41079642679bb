package dgm.core.data;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A user's own continuous data from a CSV file ({@link CsvData}); rows are shuffled with the data
 * seed and split into train / validation / test by the given fractions.
 */
public final class CsvDataset implements DatasetSource {
    public static final String ID = "csv";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "your own numeric CSV (data.path=FILE; optional header; shuffled and split by data.val_fraction/test_fraction)";
    }

    @Override
    public boolean builtIn() {
        return false;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("path", "", List.of(), "the CSV file"),
                ParamSpec.real("val_fraction", 0.1, 0.01, 0.9, "fraction of rows for validation"),
                ParamSpec.real("test_fraction", 0.2, 0.01, 0.9, "fraction of rows for test"));
    }

    @Override
    public void checkReachable(Params p) {
        Path file = file(p);
        if (!java.nio.file.Files.isReadable(file)) {
            throw new InputException("csv: data.path " + file.toAbsolutePath() + (java.nio.file.Files.exists(file)
                    ? " cannot be read" : " does not exist"));
        }
    }

    private static Path file(Params p) {
        if (p.string("path").isBlank()) {
            throw new InputException("csv: no file given; pass --set data.path=FILE.csv");
        }
        return Path.of(p.string("path"));
    }

    @Override
    public Dataset load(Params p, Seeds seeds) {
        Path file = file(p);
        double[][] rows = CsvData.read(file).rows();
        double fv = p.real("val_fraction");
        double ft = p.real("test_fraction");
        if (fv + ft >= 0.95) {
            throw new InputException("csv: val_fraction + test_fraction = " + (fv + ft) + " leaves too little for training; keep it below 0.95");
        }
        int n = rows.length;
        int nTest = (int) Math.round(n * ft);
        int nVal = (int) Math.round(n * fv);
        int nTrain = n - nTest - nVal;
        if (nTrain < 2 || nTest < 1 || nVal < 1) {
            throw new InputException("csv: " + file + " has only " + n + " rows; too few to split into train "
                    + nTrain + ", validation " + nVal + ", test " + nTest);
        }
        int[] perm = seeds.rng("split").permutation(n);
        double[][] tr = new double[nTrain][];
        double[][] va = new double[nVal][];
        double[][] te = new double[nTest][];
        for (int i = 0; i < n; i++) {
            double[] r = rows[perm[i]];
            if (i < nTrain) {
                tr[i] = r;
            } else if (i < nTrain + nVal) {
                va[i - nTrain] = r;
            } else {
                te[i - nTrain - nVal] = r;
            }
        }
        return new Dataset(ID, "CSV " + file.getFileName(), DataKind.CONTINUOUS, 0, file.toAbsolutePath().toString(),
                tr, va, te, Optional.empty(), Optional.empty());
    }
}
