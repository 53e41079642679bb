package dgm.core.features;

import dgm.core.data.CacheDir;
import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.data.Labels;
import dgm.core.data.Standardization;
import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.core.run.AtomicFiles;
import dgm.core.train.Batches;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.HistoryPoint;
import dgm.core.train.Objective;
import dgm.core.train.ParamGroup;
import dgm.core.train.Report;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The reference classifier of a labelled dataset, whose penultimate features replace Inception's for
 * the feature-space metrics ({@code dgm.core.evaluation.FeatureMetrics}; docs/metrics.md): a ReLU
 * MLP with a softmax output, trained by the workbench's own training loop ({@link GradientTrainer})
 * on the training split's labels with a fixed seed, the kept parameters those of the best
 * validation accuracy (early stopping). Float64 throughout, like every network of the workbench.
 *
 * <p><b>Inputs.</b> Dequantised images y = v + u ∈ [0, L) enter as y / L ∈ [0, 1). The classifier
 * is trained on the raw pixels v = ⌊y⌋ with its own dequantisation noise, drawn afresh every epoch
 * from its own seed, so it sees inputs distributed as the models' samples and the dataset's splits
 * are, and it depends on the data only through v: every run of every seed shares it. (A labelled
 * continuous dataset, which only tests make, is standardised with its training split's mean and
 * standard deviation and used as it is.)
 *
 * <p><b>Identity and cache.</b> A classifier is a pure function of {@link #hash}: SHA-256 over the
 * file format, the recipe ({@link Config#describe}), the data kind, levels and class names, and the
 * raw training and validation images (v = ⌊y⌋ as integers, clamped to 0..L − 1; exact float64 bits
 * for continuous data) with their labels. The validation split is in it because it chooses the kept
 * epoch; the test split is not (it is only measured on: {@code classifier_accuracy}), so runs with
 * other test subsets share the classifier. The dequantisation noise of a run is not in it. The
 * classifier is stored in {@code CacheDir.resolve("classifiers", id + "-" + hash + ".bin")}, written
 * atomically, with a SHA-256 of its content at the end; a file that fails that check, or whose
 * header names another hash or recipe, is reported and trained again ({@link Store#obtain}).
 * Within one process each classifier is loaded or trained once ({@link #forDataset}).
 *
 * <p>(⌊v + u⌋ = v for every u ∈ [0, 1) except for u within about 2^−45 of 1 at v ≥ 128, where
 * v + u rounds up to v + 1: about one pixel in 10^13, i.e. one Fashion-MNIST load in a million
 * would see another hash and train a second classifier; nothing else changes.)
 */
public final class ReferenceClassifier {
    static final String FORMAT = "dgm reference classifier v1";
    /** The recipe's seed: fixed, so that the classifier is a function of the data only. */
    public static final long SEED = 1_000_003L;

    /**
     * The recipe.
     *
     * @param hidden      the hidden layers' widths (ReLU); the last one is the feature dimension
     * @param maxEpochs   passes over the training split at most
     * @param batch       rows per minibatch
     * @param lr          Adam's peak learning rate (cosine schedule over {@code maxEpochs})
     * @param weightDecay decoupled weight decay (AdamW)
     * @param patience    epochs without a better validation accuracy before stopping
     * @param seed        the seed of the initialisation, the batch order and the noise
     */
    public record Config(List<Integer> hidden, int maxEpochs, int batch, double lr, double weightDecay, int patience, long seed) {
        public Config {
            hidden = List.copyOf(hidden);
            if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1) || maxEpochs < 1 || batch < 1 || !(lr > 0)
                    || weightDecay < 0 || patience < 0) {
                throw new IllegalArgumentException("invalid classifier recipe " + this);
            }
        }

        /**
         * The recipe for data of dimension d: two hidden layers of 256 and Adam at 10⁻³ throughout;
         * for images of at least 256 pixels (MNIST, Fashion-MNIST: 50,000 training images) batches
         * of 128, at most 30 epochs, patience 5; below (the 8×8 digits' 1,079 images, the tests'
         * toys) batches of 64, at most 200 epochs, patience 20. Measured in docs/metrics.md.
         */
        public static Config forDimension(int d) {
            return d >= 256
                    ? new Config(List.of(256, 256), 30, 128, 1e-3, 0.0, 5, SEED)
                    : new Config(List.of(256, 256), 200, 64, 1e-3, 0.0, 20, SEED);
        }

        private static String plain(double v) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }

        /** The layer sizes d, hidden..., k. */
        int[] sizes(int d, int k) {
            int[] s = new int[hidden.size() + 2];
            s[0] = d;
            for (int i = 0; i < hidden.size(); i++) {
                s[i + 1] = hidden.get(i);
            }
            s[s.length - 1] = k;
            return s;
        }

        /** One line: the architecture and the training recipe, e.g. for run records. */
        public String describe(int d, int k) {
            StringBuilder b = new StringBuilder("mlp ");
            int[] s = sizes(d, k);
            for (int i = 0; i < s.length; i++) {
                b.append(i == 0 ? "" : "-").append(s[i]);
            }
            return b.append(" relu, softmax cross-entropy; adam lr ").append(plain(lr)).append(" cosine, weight decay ")
                    .append(plain(weightDecay)).append(", batch ").append(batch).append(", at most ").append(maxEpochs)
                    .append(" epochs, patience ").append(patience).append(" on validation error + ").append(plain(TIE_BREAK))
                    .append(" × cross-entropy; seed ").append(seed).toString();
        }
    }

    /**
     * What identifies a classifier, for run records.
     *
     * @param validationAccuracy the kept epoch's accuracy on the validation split (with the classifier's noise)
     * @param epochs             epochs trained
     * @param trainSeconds       wall-clock seconds its training took (when it was trained, maybe by another process)
     */
    public record Identity(String datasetId, String hash, String architecture, long seed, int featureDimension,
                           double validationAccuracy, int epochs, double trainSeconds, String detail) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", datasetId);
            m.put("hash", hash);
            m.put("architecture", architecture);
            m.put("seed", seed);
            m.put("feature_dimension", featureDimension);
            m.put("validation_accuracy", validationAccuracy);
            m.put("epochs", epochs);
            m.put("train_seconds", trainSeconds);
            m.put("training", detail);
            return m;
        }
    }

    /** The penultimate features [n][h], class probabilities [n][k] and most probable classes of some rows. */
    public record Outputs(double[][] features, double[][] probabilities, int[] predicted) {
        /** The fraction of rows whose most probable class is {@code labels}'. */
        public double accuracy(int[] labels) {
            if (labels.length != predicted.length) {
                throw new IllegalArgumentException(labels.length + " labels for " + predicted.length + " rows");
            }
            int right = 0;
            for (int i = 0; i < labels.length; i++) {
                right += labels[i] == predicted[i] ? 1 : 0;
            }
            return (double) right / labels.length;
        }
    }

    private static final int CHUNK = 2048;

    private final int dimension;
    private final int classes;
    private final int[] sizes;
    private final double[] shift;
    private final double[] scale;
    private final ParamBuffer params = new ParamBuffer();
    private final Mlp mlp;
    private Identity identity;

    private ReferenceClassifier(int[] sizes, double[] shift, double[] scale) {
        this.sizes = sizes.clone();
        this.dimension = sizes[0];
        this.classes = sizes[sizes.length - 1];
        this.shift = shift.clone();
        this.scale = scale.clone();
        this.mlp = new Mlp(params, "classifier", Activation.RELU, Activation.IDENTITY, sizes);
    }

    public int dimension() {
        return dimension;
    }

    public int classCount() {
        return classes;
    }

    public int featureDimension() {
        return sizes[sizes.length - 2];
    }

    public Identity identity() {
        return identity;
    }

    // ------------------------------------------------------------------ applying it

    /** x = (y − shift)·scale of one row into {@code out} at {@code off}. */
    private void transform(double[] y, double[] out, int off) {
        if (y.length != dimension) {
            throw new IllegalArgumentException("a row of " + y.length + " values for a classifier of " + dimension + " inputs");
        }
        for (int j = 0; j < dimension; j++) {
            out[off + j] = (y[j] - shift[j]) * scale[j];
        }
    }

    /**
     * The features, probabilities and predictions of data rows {@code y} (as the dataset holds them:
     * dequantised pixels). Synchronised: the layers keep workspaces, and a comparison's runs share
     * one classifier.
     */
    public synchronized Outputs apply(double[][] y) {
        int n = y.length;
        int h = featureDimension();
        double[][] features = new double[n][];
        double[][] probs = new double[n][];
        int[] predicted = new int[n];
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            double[] x = new double[m * dimension];
            for (int i = 0; i < m; i++) {
                transform(y[start + i], x, i * dimension);
            }
            double[] in = x;
            for (int l = 0; l < mlp.depth() - 1; l++) {
                double[] out = new double[m * sizes[l + 1]];
                mlp.layer(l).forward(in, m, out, Activation.RELU);
                in = out;
            }
            double[] logits = new double[m * classes];
            mlp.layer(mlp.depth() - 1).forward(in, m, logits, Activation.IDENTITY);
            for (int i = 0; i < m; i++) {
                features[start + i] = Arrays.copyOfRange(in, i * h, (i + 1) * h);
                double[] p = softmax(logits, i * classes, classes);
                probs[start + i] = p;
                predicted[start + i] = argmax(p);
            }
        }
        return new Outputs(features, probs, predicted);
    }

    private static double[] softmax(double[] logits, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[off + c]);
        }
        double[] p = new double[k];
        double s = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(logits[off + c] - max);
            s += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= s;
        }
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The mean softmax cross-entropy −(1/n) Σ log p(y_i | x_i) of {@code n} transformed inputs
     * {@code x} [n×d], accumulating its gradient into the parameters' gradient buffer.
     */
    double lossAndGradient(double[] x, int[] labels, int n) {
        double[] logits = mlp.forward(x, n);
        double[] d = new double[n * classes];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[o + c]);
            }
            double s = 0;
            for (int c = 0; c < classes; c++) {
                s += Math.exp(logits[o + c] - max);
            }
            double lse = max + Math.log(s);
            loss += lse - logits[o + labels[i]];
            for (int c = 0; c < classes; c++) {
                d[o + c] = Math.exp(logits[o + c] - lse) / n;
            }
            d[o + labels[i]] -= 1.0 / n;
        }
        mlp.backward(d, n, Mlp.Gradients.PARAMETERS);
        return loss / n;
    }

    ParamBuffer params() {
        return params;
    }

    /** An untrained classifier of these sizes, initialised from {@code rng}, inputs used as given (for tests). */
    static ReferenceClassifier untrained(int[] sizes, Rng rng) {
        double[] zero = new double[sizes[0]];
        double[] one = new double[sizes[0]];
        Arrays.fill(one, 1.0);
        ReferenceClassifier c = new ReferenceClassifier(sizes, zero, one);
        c.mlp.initialize(rng, 1.0);
        return c;
    }

    // ------------------------------------------------------------------ the data it depends on

    /** Whether the feature-space metrics apply: the dataset has labels. */
    public static boolean appliesTo(Dataset data) {
        return data.labels().isPresent();
    }

    private static Labels labels(Dataset data) {
        return data.labels().orElseThrow(() -> new IllegalArgumentException("dataset " + data.id() + " has no labels"));
    }

    private static boolean dequantised(Dataset data) {
        return data.kind() == DataKind.DEQUANTISED && data.levels() > 0;
    }

    /** v = ⌊y⌋ clamped to 0..L − 1: the raw pixel a dequantised value came from. */
    static int raw(double y, int levels) {
        return (int) Math.max(0, Math.min(levels - 1, Math.floor(y)));
    }

    /** A computed hash and what it was computed from besides the training rows (the memo's key). */
    private record Hashed(String recipe, double[][] validation, Labels labels, String hash) {
    }

    private static final Map<double[][], Hashed> HASHES = Collections.synchronizedMap(new WeakHashMap<>());

    /** The classifier's hash for this dataset under {@code config} (see the class comment); memoised per dataset object. */
    public static String hash(Dataset data, Config config) {
        Labels labels = labels(data);
        String recipe = config.describe(data.dimension(), labels.classCount());
        Hashed memo = HASHES.get(data.train());
        if (memo != null && memo.recipe().equals(recipe) && memo.validation() == data.validation() && memo.labels() == labels) {
            return memo.hash();
        }
        String h = computeHash(data, config);
        HASHES.put(data.train(), new Hashed(recipe, data.validation(), labels, h));
        return h;
    }

    private static String computeHash(Dataset data, Config config) {
        Labels labels = labels(data);
        MessageDigest sha = sha256();
        String header = FORMAT + "\n" + config.describe(data.dimension(), labels.classCount()) + "\n" + data.kind() + " levels "
                + data.levels() + "\nclasses " + String.join("\u0000", labels.classes()) + "\n";
        sha.update(header.getBytes(StandardCharsets.UTF_8));
        boolean deq = dequantised(data);
        hashSplit(sha, data.train(), labels.train(), deq, data.levels());
        hashSplit(sha, data.validation(), labels.validation(), deq, data.levels());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void hashSplit(MessageDigest sha, double[][] rows, int[] y, boolean deq, int levels) {
        ByteBuffer head = ByteBuffer.allocate(8);
        head.putInt(rows.length).putInt(rows.length == 0 ? 0 : rows[0].length);
        sha.update(head.array());
        for (double[] r : rows) {
            ByteBuffer b = ByteBuffer.allocate((deq ? 4 : 8) * r.length);
            for (double v : r) {
                if (deq) {
                    b.putInt(raw(v, levels));
                } else {
                    b.putDouble(v);
                }
            }
            sha.update(b.array());
        }
        ByteBuffer lb = ByteBuffer.allocate(4 * y.length);
        for (int v : y) {
            lb.putInt(v);
        }
        sha.update(lb.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ training

    /** Trains the classifier of {@code data} by {@code config}; {@code log} receives progress lines. */
    static ReferenceClassifier train(Dataset data, Config config, String hash, Consumer<String> log) {
        long t0 = System.nanoTime();
        Labels labels = labels(data);
        int d = data.dimension();
        int k = labels.classCount();
        boolean deq = dequantised(data);
        double[] shift = new double[d];
        double[] scale = new double[d];
        if (deq) {
            Arrays.fill(scale, 1.0 / data.levels());
        } else {
            Standardization st = Standardization.of(data.train());
            shift = st.mean();
            scale = st.flooredScale();
            for (int j = 0; j < d; j++) {
                scale[j] = 1 / scale[j];
            }
        }
        ReferenceClassifier c = new ReferenceClassifier(config.sizes(d, k), shift, scale);
        Rng root = new Rng(config.seed());
        c.mlp.initialize(root.derive("init"), 1.0);
        Rng trainNoise = root.derive("noise/train");
        double[][] trainRows = deq ? noisy(data.train(), data.levels(), root.derive("noise/train/0")) : data.train();
        double[][] validationRows = deq ? noisy(data.validation(), data.levels(), root.derive("noise/validation")) : data.validation();
        int[] yTrain = labels.train();
        double[][] rows0 = labelled(c, trainRows, yTrain);
        Batches.EpochRows epochs = !deq ? null : Batches.EpochRows.drawnFrom(trainNoise,
                epoch -> epoch == 0 ? rows0 : labelled(c, noisy(data.train(), data.levels(), trainNoise), yTrain));
        Fit objective = new Fit(c, config, validationRows, labels.validation());
        TrainingOptions options = new TrainingOptions(0, config.maxEpochs(), config.batch(), "cosine", 0, config.patience(), 0, 0, 1);
        GradientTrainer trainer = new GradientTrainer(objective, options, Batches.rows(rows0, root.derive("order"), epochs));
        // the start and the end are announced for image sets (the tests' toys train in a second, silently), every epoch for large ones
        boolean announce = data.train().length >= 1000;
        boolean verbose = data.train().length > 10_000;
        if (announce) {
            log.accept("reference classifier for " + data.id() + ": training " + config.describe(d, k) + " on " + data.train().length
                    + " images");
        }
        GradientTrainer.Outcome out = trainer.fit(Checkpoints.NONE, new TrainingListener() {
            @Override
            public void record(HistoryPoint point) {
            }

            @Override
            public void progress(double fraction, String status) {
                if (verbose) {
                    log.accept("  reference classifier: " + status);
                }
            }
        });
        if (out.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("the reference classifier of " + data.id() + " did not train: " + out.detail());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double valAcc = c.apply(validationRows).accuracy(labels.validation());
        int epochsRun = out.history().size();
        c.identity = new Identity(data.id(), hash, config.describe(d, k), config.seed(), c.featureDimension(), valAcc, epochsRun,
                seconds, out.detail());
        if (announce) {
            log.accept(String.format(Locale.ROOT, "reference classifier for %s: validation accuracy %.4f after %d epochs, %.1f s (%s)",
                    data.id(), valAcc, epochsRun, seconds, out.detail()));
        }
        return c;
    }

    /** (v + u) for v = ⌊y⌋, u ~ U(0, 1)^d from {@code rng}: the classifier's own dequantisation of raw pixels. */
    private static double[][] noisy(double[][] y, int levels, Rng rng) {
        double[][] out = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            double[] r = new double[y[i].length];
            for (int j = 0; j < r.length; j++) {
                r[j] = raw(y[i][j], levels) + rng.uniform();
            }
            out[i] = r;
        }
        return out;
    }

    /** Transformed rows with the label appended as a last column (the trainer shuffles rows; the label travels with its row). */
    private static double[][] labelled(ReferenceClassifier c, double[][] rows, int[] y) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = new double[c.dimension + 1];
            c.transform(rows[i], r, 0);
            r[c.dimension] = y[i];
            out[i] = r;
        }
        return out;
    }

    /** The weight of the validation cross-entropy beside the validation error in the selecting score. */
    static final double TIE_BREAK = 0.01;

    /** Softmax cross-entropy on the minibatch; the validation error (1 − accuracy), ties broken by the cross-entropy, selects the kept epoch. */
    private static final class Fit implements Objective {
        private final ReferenceClassifier c;
        private final ParamGroup group;
        private final double[][] validation;
        private final int[] validationLabels;
        private double[] x = new double[0];
        private int[] y = new int[0];

        Fit(ReferenceClassifier c, Config config, double[][] validation, int[] validationLabels) {
            this.c = c;
            this.group = new ParamGroup("classifier", c.params, config.lr(), 0.9, config.weightDecay());
            this.validation = validation;
            this.validationLabels = validationLabels;
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(group);
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            int n = it.rows();
            int d = c.dimension;
            if (x.length < n * d) {
                x = new double[n * d];
                y = new int[n];
            }
            double[] b = it.batch();
            for (int i = 0; i < n; i++) {
                System.arraycopy(b, i * (d + 1), x, i * d, d);
                y[i] = (int) b[i * (d + 1) + d];
            }
            double loss = it.update(group, "train_loss", () -> c.lossAndGradient(x, y, n));
            it.record("train_loss", loss, n);
        }

        /**
         * The selecting score: the validation error 1 − accuracy plus {@link #TIE_BREAK} times the
         * validation cross-entropy. The error alone ties between epochs of equal accuracy, where
         * the trainer keeps the first: a classifier that separates its validation split early (the
         * tests' toys reach accuracy 1 in a few epochs) would be kept at its least confident, and
         * its class probabilities, which the classifier score reads, would be those of a
         * half-trained net. With the term, 0.01 nats of cross-entropy weigh as much as the
         * trainer's least improvement (10⁻⁴: one image in 10,000).
         */
        @Override
        public Report report(GradientTrainer.Period p) {
            Map<String, Double> v = p.means();
            Outputs o = c.apply(validation);
            double acc = o.accuracy(validationLabels);
            double nll = 0;
            for (int i = 0; i < validationLabels.length; i++) {
                nll -= Math.log(Math.max(o.probabilities()[i][validationLabels[i]], Double.MIN_NORMAL));
            }
            nll /= validationLabels.length;
            v.put("val_accuracy", acc);
            v.put("val_cross_entropy", nll);
            return Report.selecting(v, 1 - acc + TIE_BREAK * nll, String.format(Locale.ROOT,
                    "epoch %d/%d train_loss %.4f val_accuracy %.4f val_cross_entropy %.4f", p.epoch() + 1, p.epochs(),
                    v.get("train_loss"), acc, nll));
        }

        @Override
        public String scoreName() {
            return "validation error + " + TIE_BREAK + " × validation cross-entropy";
        }
    }

    // ------------------------------------------------------------------ the file

    /** The file's bytes: header, parameters, training summary, then a SHA-256 of all that precedes it. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(FORMAT);
            out.writeUTF(identity.hash());
            out.writeUTF(identity.datasetId());
            out.writeUTF(identity.architecture());
            out.writeLong(identity.seed());
            out.writeInt(sizes.length);
            for (int s : sizes) {
                out.writeInt(s);
            }
            writeDoubles(out, shift);
            writeDoubles(out, scale);
            writeDoubles(out, params.values());
            out.writeDouble(identity.validationAccuracy());
            out.writeInt(identity.epochs());
            out.writeDouble(identity.trainSeconds());
            out.writeUTF(identity.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        byte[] sum = sha256().digest(body);
        byte[] all = Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, all, body.length, sum.length);
        return all;
    }

    private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) {
            out.writeDouble(x);
        }
    }

    /** A cache file that cannot be used, with the reason. */
    static final class CorruptFile extends Exception {
        CorruptFile(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Reads a classifier file, checking its checksum, format, hash and recipe against what is expected. */
    static ReferenceClassifier decode(byte[] all, String expectedHash, String expectedArchitecture) throws CorruptFile {
        if (all.length < 32) {
            throw new CorruptFile("only " + all.length + " bytes");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(sha256().digest(body), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new CorruptFile("its checksum does not match its content");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            String format = in.readUTF();
            if (!FORMAT.equals(format)) {
                throw new CorruptFile("format '" + format + "', expected '" + FORMAT + "'");
            }
            String hash = in.readUTF();
            String datasetId = in.readUTF();
            String architecture = in.readUTF();
            if (!hash.equals(expectedHash) || !architecture.equals(expectedArchitecture)) {
                throw new CorruptFile("it holds the classifier of hash " + hash + " (" + architecture + "), expected " + expectedHash
                        + " (" + expectedArchitecture + ")");
            }
            long seed = in.readLong();
            int depth = in.readInt();
            if (depth < 2 || depth > 64) {
                throw new CorruptFile("a network of " + depth + " layer sizes");
            }
            int[] sizes = new int[depth];
            for (int i = 0; i < depth; i++) {
                sizes[i] = in.readInt();
            }
            double[] shift = readDoubles(in, sizes[0]);
            double[] scale = readDoubles(in, sizes[0]);
            ReferenceClassifier c = new ReferenceClassifier(sizes, shift, scale);
            double[] p = readDoubles(in, c.params.size());
            c.params.restore(p);
            double valAcc = in.readDouble();
            int epochs = in.readInt();
            double seconds = in.readDouble();
            String detail = in.readUTF();
            if (in.available() != 0) {
                throw new CorruptFile(in.available() + " bytes after the content");
            }
            if (!c.params.allFinite()) {
                throw new CorruptFile("non-finite parameters");
            }
            c.identity = new Identity(datasetId, hash, architecture, seed, c.featureDimension(), valAcc, epochs, seconds, detail);
            return c;
        } catch (IOException e) {
            throw new CorruptFile("it is truncated (" + e.getMessage() + ")");
        }
    }

    private static double[] readDoubles(DataInputStream in, int expected) throws IOException, CorruptFile {
        int n = in.readInt();
        if (n != expected) {
            throw new CorruptFile(n + " values where " + expected + " were expected");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    // ------------------------------------------------------------------ the cache

    /** How {@link Store#obtain} got a classifier. */
    public enum Source {
        /** Read from its cache file. */
        LOADED,
        /** No cache file: trained and written. */
        TRAINED,
        /** The cache file was corrupt (reported): trained and written again. */
        REPLACED_CORRUPT
    }

    /** A classifier and how it was obtained. */
    public record Obtained(ReferenceClassifier classifier, Source source, Path file) {
    }

    /** Classifier files in one folder. */
    public static final class Store {
        private final Path dir;

        public Store(Path dir) {
            this.dir = dir;
        }

        /** {@code CacheDir.resolve("classifiers")}. */
        public static Store standard() {
            return new Store(CacheDir.resolve("classifiers"));
        }

        public Path file(String datasetId, String hash) {
            return dir.resolve(datasetId + "-" + hash + ".bin");
        }

        /**
         * The classifier of {@code data} by {@code config}: read from its file when that is sound,
         * else trained (a corrupt file is reported through {@code log}) and written atomically.
         */
        public Obtained obtain(Dataset data, Config config, Consumer<String> log) {
            String hash = hash(data, config);
            String architecture = config.describe(data.dimension(), labels(data).classCount());
            Path f = file(data.id(), hash);
            Source source = Source.TRAINED;
            if (Files.isRegularFile(f)) {
                try {
                    return new Obtained(decode(Files.readAllBytes(f), hash, architecture), Source.LOADED, f);
                } catch (CorruptFile e) {
                    log.accept("reference classifier cache " + f + " is not usable (" + e.getMessage() + "); training it again");
                    source = Source.REPLACED_CORRUPT;
                } catch (IOException e) {
                    log.accept("reference classifier cache " + f + " cannot be read (" + e.getMessage() + "); training it again");
                    source = Source.REPLACED_CORRUPT;
                }
            }
            ReferenceClassifier c = train(data, config, hash, log);
            byte[] bytes = c.encode();
            AtomicFiles.write(f, out -> out.write(bytes));
            return new Obtained(c, source, f);
        }
    }

    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
    private static final Map<String, ReferenceClassifier> OBTAINED = new ConcurrentHashMap<>();

    /**
     * The classifier of {@code data} by its dimension's recipe, from the standard cache folder: loaded
     * or trained once per process (concurrent callers for the same data wait for the first).
     * Messages (training progress, a corrupt cache file) go to standard error.
     */
    public static ReferenceClassifier forDataset(Dataset data) {
        Config config = Config.forDimension(data.dimension());
        String key = data.id() + "-" + hash(data, config);
        ReferenceClassifier c = OBTAINED.get(key);
        if (c != null) {
            return c;
        }
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            c = OBTAINED.get(key);
            if (c == null) {
                c = Store.standard().obtain(data, config, System.err::println).classifier();
                OBTAINED.put(key, c);
            }
            return c;
        }
    }

    /** The identity of the classifier {@link #forDataset} obtained for {@code data} in this process, if it did. */
    public static Optional<Identity> obtainedFor(Dataset data) {
        if (!appliesTo(data)) {
            return Optional.empty();
        }
        String key = data.id() + "-" + hash(data, Config.forDimension(data.dimension()));
        return Optional.ofNullable(OBTAINED.get(key)).map(ReferenceClassifier::identity);
    }
}
