package dgm.core.data;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MNIST-format image sets read from IDX files in a directory ({@code train-images-idx3-ubyte[.gz]},
 * {@code t10k-images-idx3-ubyte[.gz]}); never downloaded. Pixels 0..255, dequantised y = v + u.
 * Split: the official test file is the test split; the last {@code n_val} training images are the
 * validation split. {@code n_train} and {@code n_test} optionally take leading subsets.
 */
public final class IdxDataset implements DatasetSource {
    private final String id;
    private final String description;
    private final String defaultDir;
    private final List<String> classes;

    public IdxDataset(String id, String description, String defaultDir, List<String> classes) {
        this.id = id;
        this.description = description;
        this.defaultDir = defaultDir;
        this.classes = List.copyOf(classes);
    }

    public static IdxDataset mnist() {
        return new IdxDataset("mnist", "MNIST 28x28 from IDX files in data.path (no default location; never downloaded)", "",
                DigitsDataset.CLASSES);
    }

    /** Fashion-MNIST's ten classes, indexed by label (Xiao et al. 2017). */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static IdxDataset fashionMnist() {
        return new IdxDataset("fashion-mnist",
                "Fashion-MNIST 28x28 from IDX files; default data.path is Debian's dataset-fashion-mnist location",
                "/usr/share/datasets/fashion-mnist", FASHION_CLASSES);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean builtIn() {
        return false;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("path", defaultDir, List.of(), "directory holding the IDX files"),
                ParamSpec.integer("n_train", 0, 0, Integer.MAX_VALUE, "use only the first n training images (0 = all but validation)"),
                ParamSpec.integer("n_val", 10000, 1, Integer.MAX_VALUE, "last n training images form the validation split"),
                ParamSpec.integer("n_test", 0, 0, Integer.MAX_VALUE, "use only the first n test images (0 = all)"));
    }

    @Override
    public Dataset load(Params p, Seeds seeds) {
        String path = p.string("path");
        if (path.isBlank()) {
            throw new InputException(id + ": no directory given; pass --set data.path=DIR holding "
                    + "train-images-idx3-ubyte[.gz] and t10k-images-idx3-ubyte[.gz]");
        }
        Path dir = Path.of(path);
        double[][] trainAll = Idx.readUnsignedBytes(Idx.find(dir, "train-images-idx3-ubyte")).items();
        double[][] testAll = Idx.readUnsignedBytes(Idx.find(dir, "t10k-images-idx3-ubyte")).items();
        int nVal = p.integer("n_val");
        if (nVal >= trainAll.length) {
            throw new InputException(id + ": n_val = " + nVal + " leaves no training images (the file has " + trainAll.length + ")");
        }
        int nTrainMax = trainAll.length - nVal;
        int nTrain = p.integer("n_train") == 0 ? nTrainMax : Math.min(p.integer("n_train"), nTrainMax);
        int nTest = p.integer("n_test") == 0 ? testAll.length : Math.min(p.integer("n_test"), testAll.length);
        double[][] tr = Arrays.copyOfRange(trainAll, 0, nTrain);
        double[][] va = Arrays.copyOfRange(trainAll, trainAll.length - nVal, trainAll.length);
        double[][] te = Arrays.copyOfRange(testAll, 0, nTest);
        Optional<Labels> labels = Optional.empty();
        if (Idx.exists(dir, "train-labels-idx1-ubyte") && Idx.exists(dir, "t10k-labels-idx1-ubyte")) {
            int[] yTrainAll = labelVector(Idx.readUnsignedBytes(Idx.find(dir, "train-labels-idx1-ubyte")), trainAll.length);
            int[] yTestAll = labelVector(Idx.readUnsignedBytes(Idx.find(dir, "t10k-labels-idx1-ubyte")), testAll.length);
            labels = Optional.of(new Labels(classes, Arrays.copyOfRange(yTrainAll, 0, nTrain),
                    Arrays.copyOfRange(yTrainAll, trainAll.length - nVal, trainAll.length),
                    Arrays.copyOfRange(yTestAll, 0, nTest)));
        }
        if (tr[0].length != te[0].length) {
            throw new InputException(id + ": training images have " + tr[0].length + " pixels but test images " + te[0].length);
        }
        return new Dataset(id, description, DataKind.DEQUANTISED, 256, "IDX files in " + dir.toAbsolutePath(),
                Dequantisation.apply(id + "/train", tr, seeds.rng("dequantise/train")),
                Dequantisation.apply(id + "/validation", va, seeds.rng("dequantise/validation")),
                Dequantisation.apply(id + "/test", te, seeds.rng("dequantise/test")),
                Optional.empty(), Optional.empty(), labels);
    }

    private int[] labelVector(Idx.Array a, int expected) {
        if (a.dims().length != 1 || a.items().length != expected) {
            throw new InputException(id + ": a label file holds " + Arrays.toString(a.dims())
                    + " values but its image file " + expected + " images");
        }
        int[] y = new int[expected];
        for (int i = 0; i < expected; i++) {
            y[i] = (int) a.items()[i][0];
        }
        return y;
    }
}
