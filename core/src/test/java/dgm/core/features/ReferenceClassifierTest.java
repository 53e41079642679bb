package dgm.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.data.DigitsDataset;
import dgm.core.data.Labels;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference classifier: its gradient, its accuracy on the digits, its identity and its cache. */
class ReferenceClassifierTest {

    @Test
    void crossEntropyGradientMatchesCentralDifferences() {
        Rng rng = new Rng(3);
        ReferenceClassifier c = ReferenceClassifier.untrained(new int[] {4, 7, 5, 3}, rng);
        int n = 6;
        double[] x = new double[n * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.gaussian();
        }
        int[] y = {0, 2, 1, 1, 0, 2};
        c.params().zeroGrad();
        double loss = c.lossAndGradient(x, y, n);
        assertTrue(loss > 0 && Double.isFinite(loss));
        double[] g = c.params().grads().clone();
        double[] v = c.params().values();
        double h = 1e-6;
        for (int i = 0; i < v.length; i++) {
            double old = v[i];
            v[i] = old + h;
            double lp = c.lossAndGradient(x, y, n);
            v[i] = old - h;
            double lm = c.lossAndGradient(x, y, n);
            v[i] = old;
            assertEquals((lp - lm) / (2 * h), g[i], 1e-7 * (1 + Math.abs(g[i])), "parameter " + i);
        }
    }

    @Test
    void outputsAreDistributionsAndTheFeaturesAreTheLastHiddenLayer() {
        ReferenceClassifier c = ReferenceClassifier.untrained(new int[] {3, 6, 4, 5}, new Rng(1));
        double[][] rows = new Rng(2).gaussian(9, 3);
        ReferenceClassifier.Outputs o = c.apply(rows);
        assertEquals(9, o.features().length);
        assertEquals(4, o.features()[0].length);
        for (int i = 0; i < rows.length; i++) {
            double s = 0;
            for (double p : o.probabilities()[i]) {
                assertTrue(p >= 0);
                s += p;
            }
            assertEquals(1, s, 1e-12);
            for (double f : o.features()[i]) {
                assertTrue(f >= 0, "ReLU features");
            }
        }
    }

    @Test
    void digitsClassifierReachesNinetyFivePercentOnTheTestSplit() {
        Dataset digits = new DigitsDataset().load(Params.resolve("digits", List.of(), Map.of()), new Seeds(0));
        long t0 = System.nanoTime();
        ReferenceClassifier.Config config = ReferenceClassifier.Config.forDimension(64);
        ReferenceClassifier c = ReferenceClassifier.train(digits, config, ReferenceClassifier.hash(digits, config), s -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        double acc = c.apply(digits.test()).accuracy(digits.labels().orElseThrow().test());
        System.out.printf("digits reference classifier: test accuracy %.4f, validation %.4f, %d epochs, %.1f s%n", acc,
                c.identity().validationAccuracy(), c.identity().epochs(), seconds);
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }

    @Test
    void theHashIgnoresTheDequantisationNoiseAndTheTestSplitButNotTheLabels() {
        DigitsDataset src = new DigitsDataset();
        Dataset a = src.load(Params.resolve("digits", List.of(), Map.of()), new Seeds(0));
        Dataset b = src.load(Params.resolve("digits", List.of(), Map.of()), new Seeds(1));
        ReferenceClassifier.Config config = ReferenceClassifier.Config.forDimension(64);
        assertNotEquals(a.train()[0][0], b.train()[0][0], "other noise");
        assertEquals(ReferenceClassifier.hash(a, config), ReferenceClassifier.hash(b, config));
        Labels l = a.labels().orElseThrow();
        int[] swapped = l.train().clone();
        swapped[0] = (swapped[0] + 1) % 10;
        Dataset relabelled = new Dataset(a.id(), a.description(), a.kind(), a.levels(), a.source(), a.train(), a.validation(),
                a.test(), Optional.empty(), Optional.empty(), Optional.of(new Labels(l.classes(), swapped, l.validation(), l.test())));
        assertNotEquals(ReferenceClassifier.hash(a, config), ReferenceClassifier.hash(relabelled, config));
        Dataset otherTest = new Dataset(a.id(), a.description(), a.kind(), a.levels(), a.source(), a.train(), a.validation(),
                b.validation(), Optional.empty(), Optional.empty(), Optional.of(new Labels(l.classes(), l.train(), l.validation(),
                l.validation())));
        assertEquals(ReferenceClassifier.hash(a, config), ReferenceClassifier.hash(otherTest, config));
        ReferenceClassifier.Config otherSeed = new ReferenceClassifier.Config(config.hidden(), config.maxEpochs(), config.batch(),
                config.lr(), config.weightDecay(), config.patience(), config.seed() + 1);
        assertNotEquals(ReferenceClassifier.hash(a, config), ReferenceClassifier.hash(a, otherSeed));
    }

    /** Two well separated 2-D classes, a labelled continuous set that trains in milliseconds. */
    static Dataset blobs(long seed) {
        Rng rng = new Rng(seed);
        double[][][] splits = new double[3][][];
        int[][] labels = new int[3][];
        for (int s = 0; s < 3; s++) {
            int n = 60;
            splits[s] = new double[n][];
            labels[s] = new int[n];
            for (int i = 0; i < n; i++) {
                labels[s][i] = i % 2;
                splits[s][i] = new double[] {rng.gaussian() + (i % 2 == 0 ? -3 : 3), rng.gaussian()};
            }
        }
        return new Dataset("blobs", "two blobs", DataKind.CONTINUOUS, 0, "a test", splits[0], splits[1], splits[2], Optional.empty(),
                Optional.empty(), Optional.of(new Labels(List.of("left", "right"), labels[0], labels[1], labels[2])));
    }

    @Test
    void theCacheIsMissedThenHitAndACorruptFileIsReportedAndReplaced(@TempDir Path dir) throws Exception {
        Dataset data = blobs(5);
        ReferenceClassifier.Config config = new ReferenceClassifier.Config(List.of(8, 8), 20, 16, 1e-2, 0.0, 5, 7);
        ReferenceClassifier.Store store = new ReferenceClassifier.Store(dir.resolve("classifiers"));
        List<String> log = new ArrayList<>();
        ReferenceClassifier.Obtained first = store.obtain(data, config, log::add);
        assertEquals(ReferenceClassifier.Source.TRAINED, first.source());
        assertEquals(dir.resolve("classifiers").resolve("blobs-" + ReferenceClassifier.hash(data, config) + ".bin"), first.file());
        assertTrue(Files.isRegularFile(first.file()));
        double[][] probe = new Rng(9).gaussian(20, 2);
        ReferenceClassifier.Outputs want = first.classifier().apply(probe);
        assertTrue(first.classifier().apply(data.test()).accuracy(data.labels().orElseThrow().test()) > 0.95);

        ReferenceClassifier.Obtained second = store.obtain(blobs(5), config, log::add);
        assertEquals(ReferenceClassifier.Source.LOADED, second.source());
        assertEquals(first.classifier().identity(), second.classifier().identity());
        for (int i = 0; i < probe.length; i++) {
            assertArrayEquals(want.features()[i], second.classifier().apply(probe).features()[i], 0);
            assertArrayEquals(want.probabilities()[i], second.classifier().apply(probe).probabilities()[i], 0);
        }
        assertTrue(log.stream().noneMatch(s -> s.contains("not usable")), log.toString());

        byte[] bytes = Files.readAllBytes(first.file());
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(first.file(), bytes);
        ReferenceClassifier.Obtained third = store.obtain(data, config, log::add);
        assertEquals(ReferenceClassifier.Source.REPLACED_CORRUPT, third.source());
        assertTrue(log.stream().anyMatch(s -> s.contains("not usable") && s.contains("checksum")), log.toString());
        assertEquals(ReferenceClassifier.Source.LOADED, store.obtain(data, config, log::add).source(), "the file was rewritten");

        Files.write(first.file(), java.util.Arrays.copyOf(bytes, 40));
        assertEquals(ReferenceClassifier.Source.REPLACED_CORRUPT, store.obtain(data, config, log::add).source());
        // training is deterministic: the replaced classifier is the first one
        assertArrayEquals(want.probabilities()[3], store.obtain(data, config, log::add).classifier().apply(probe).probabilities()[3], 0);
    }

    @Test
    void aFileOfAnotherHashIsRefused() {
        Dataset data = blobs(5);
        ReferenceClassifier.Config config = new ReferenceClassifier.Config(List.of(4), 2, 16, 1e-2, 0.0, 0, 7);
        String hash = ReferenceClassifier.hash(data, config);
        ReferenceClassifier c = ReferenceClassifier.train(data, config, hash, s -> { });
        byte[] bytes = c.encode();
        String arch = config.describe(2, 2);
        assertSame(ReferenceClassifier.class, assertDoesNotThrowDecode(bytes, hash, arch).getClass());
        ReferenceClassifier.CorruptFile e = assertThrows(ReferenceClassifier.CorruptFile.class,
                () -> ReferenceClassifier.decode(bytes, "0".repeat(64), arch));
        assertTrue(e.getMessage().contains("expected " + "0".repeat(64)), e.getMessage());
    }

    private static ReferenceClassifier assertDoesNotThrowDecode(byte[] bytes, String hash, String arch) {
        try {
            return ReferenceClassifier.decode(bytes, hash, arch);
        } catch (ReferenceClassifier.CorruptFile e) {
            throw new AssertionError(e);
        }
    }
}
