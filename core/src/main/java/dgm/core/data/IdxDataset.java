package dgm.core.data;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MNIST-format image sets read from the four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each plain or {@code .gz}). Pixels 0..255, dequantised y = v + u.
 *
 * <p>Where the files are read from, first match wins (docs/data.md, "Where the files come from"):
 * <ol>
 *   <li>{@code data.path}, when given, and then only there (images required, labels read when present);
 *   <li>Debian's folder, for Fashion-MNIST only ({@code /usr/share/datasets/fashion-mnist}, package
 *       {@code dataset-fashion-mnist}), when it holds all four files;
 *   <li>the cache folder {@code CacheDir.resolve("datasets", id)}, which {@code ./workbench fetch ID}
 *       fills ({@link IdxFetch}), when it holds all four files.
 * </ol>
 * The folder used is recorded in {@link Dataset#source()} as an absolute path.
 *
 * <p>Split, fixed: the official test file is the test split; the last {@code n_val} training images
 * are the validation split. {@code n_train} and {@code n_test} optionally take leading subsets.
 */
public final class IdxDataset implements DatasetSource {
    /** The four files of an MNIST-format set, by base name (without {@code .gz}). */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Where Debian's package {@code dataset-fashion-mnist} installs the four files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String DEBIAN_FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";

    private static final String TRAIN_IMAGES = FILES.get(0);
    private static final String TRAIN_LABELS = FILES.get(1);
    private static final String TEST_IMAGES = FILES.get(2);
    private static final String TEST_LABELS = FILES.get(3);

    private final String id;
    private final String description;
    private final List<String> classes;
    private final Optional<Path> debianDir;
    private final Supplier<Path> cacheDir;

    /**
     * @param debianDir the Debian package's folder, if the dataset has one
     * @param cacheDir  the dataset's cache folder, asked for only when needed (tests pass their own)
     */
    IdxDataset(String id, String description, List<String> classes, Optional<Path> debianDir, Supplier<Path> cacheDir) {
        this.id = id;
        this.description = description;
        this.classes = List.copyOf(classes);
        this.debianDir = debianDir;
        this.cacheDir = cacheDir;
    }

    public static IdxDataset mnist() {
        return mnist(() -> CacheDir.resolve("datasets", "mnist"));
    }

    static IdxDataset mnist(Supplier<Path> cacheDir) {
        return new IdxDataset("mnist", "MNIST 28x28 from IDX files: data.path, else the cache (./workbench fetch mnist)",
                DigitsDataset.CLASSES, Optional.empty(), cacheDir);
    }

    /** Fashion-MNIST's ten classes, indexed by label (Xiao et al. 2017). */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static IdxDataset fashionMnist() {
        return fashionMnist(DEBIAN_FASHION_MNIST, () -> CacheDir.resolve("datasets", "fashion-mnist"));
    }

    static IdxDataset fashionMnist(Path debianDir, Supplier<Path> cacheDir) {
        return new IdxDataset("fashion-mnist", "Fashion-MNIST 28x28 from IDX files: data.path, else Debian's "
                + DEBIAN_FASHION_MNIST_PACKAGE + ", else the cache (./workbench fetch fashion-mnist)",
                FASHION_CLASSES, Optional.of(debianDir), cacheDir);
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
                ParamSpec.choice("path", "", List.of(), "directory holding the IDX files (empty: "
                        + (debianDir.isPresent() ? "Debian's folder, then " : "") + "the cache folder of ./workbench fetch)"),
                ParamSpec.integer("n_train", 0, 0, Integer.MAX_VALUE, "use only the first n training images (0 = all but validation)"),
                ParamSpec.integer("n_val", 10000, 1, Integer.MAX_VALUE, "last n training images form the validation split"),
                ParamSpec.integer("n_test", 0, 0, Integer.MAX_VALUE, "use only the first n test images (0 = all)"));
    }

    /** The folder the files are read from, and which of the three sources it is. */
    record Location(Path dir, String how) {
    }

    /** Chooses the folder: {@code data.path} (then only there), else Debian's, else the cache. */
    Location locate(String path) {
        if (!path.isBlank()) {
            Path dir = Path.of(path).toAbsolutePath();
            List<String> missing = new ArrayList<>();
            for (String f : List.of(TRAIN_IMAGES, TEST_IMAGES)) {
                if (!Idx.exists(dir, f)) {
                    missing.add(f + "[.gz]");
                }
            }
            if (!missing.isEmpty()) {
                throw new InputException(id + ": data.path " + dir
                        + (Files.isDirectory(dir) ? " has no " : " does not exist, so it has no ") + String.join(" and no ", missing)
                        + " (data.path is the only place looked at when it is given; it should hold " + fileList() + ")");
            }
            return new Location(dir, "data.path");
        }
        if (debianDir.isPresent() && complete(debianDir.get())) {
            return new Location(debianDir.get().toAbsolutePath(), "Debian package " + DEBIAN_FASHION_MNIST_PACKAGE);
        }
        Path cache = cacheDir.get().toAbsolutePath();
        if (complete(cache)) {
            return new Location(cache, "workbench cache, ./workbench fetch " + id);
        }
        throw new InputException(noSourceMessage(cache));
    }

    private static boolean complete(Path dir) {
        return FILES.stream().allMatch(f -> Idx.exists(dir, f));
    }

    private static String fileList() {
        return String.join(", ", FILES.stream().map(f -> f + ".gz").toList());
    }

    /** The message when no source holds the files: every way to provide them, numbered. */
    String noSourceMessage(Path cache) {
        StringBuilder m = new StringBuilder(id + ": no IDX files found. Any one of: (1) --set data.path=DIR with " + fileList());
        int n = 2;
        if (debianDir.isPresent()) {
            m.append("; (").append(n++).append(") sudo apt-get install ").append(DEBIAN_FASHION_MNIST_PACKAGE)
                    .append(" (files in ").append(debianDir.get()).append(')');
        }
        m.append("; (").append(n).append(") ./workbench fetch ").append(id).append(" (downloads into ").append(cache).append(')');
        if (debianDir.isEmpty()) {
            m.append(". (").append(id).append(" has no Debian package.)");
        }
        return m.toString();
    }

    @Override
    public void checkReachable(Params p) {
        locate(p.string("path"));
    }

    @Override
    public Dataset load(Params p, Seeds seeds) {
        Location where = locate(p.string("path"));
        Path dir = where.dir();
        double[][] trainAll = Idx.readUnsignedBytes(Idx.find(dir, TRAIN_IMAGES)).items();
        double[][] testAll = Idx.readUnsignedBytes(Idx.find(dir, TEST_IMAGES)).items();
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
        if (Idx.exists(dir, TRAIN_LABELS) && Idx.exists(dir, TEST_LABELS)) {
            int[] yTrainAll = labelVector(Idx.readUnsignedBytes(Idx.find(dir, TRAIN_LABELS)), trainAll.length);
            int[] yTestAll = labelVector(Idx.readUnsignedBytes(Idx.find(dir, TEST_LABELS)), testAll.length);
            labels = Optional.of(new Labels(classes, Arrays.copyOfRange(yTrainAll, 0, nTrain),
                    Arrays.copyOfRange(yTrainAll, trainAll.length - nVal, trainAll.length),
                    Arrays.copyOfRange(yTestAll, 0, nTest)));
        }
        if (tr[0].length != te[0].length) {
            throw new InputException(id + ": training images have " + tr[0].length + " pixels but test images " + te[0].length);
        }
        String source = "IDX files in " + dir + " (" + where.how() + "); validation = the last " + nVal + " of the "
                + trainAll.length + " training images, train = the first " + nTrain + ", test = the first " + nTest
                + " of the " + testAll.length + " t10k images";
        return new Dataset(id, description, DataKind.DEQUANTISED, 256, source,
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
