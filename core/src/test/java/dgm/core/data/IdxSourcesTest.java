package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the IDX sets are read from: data.path (then only there) before Debian's folder before the
 * cache. The Debian folder and the cache are temporary folders here, so the result does not depend
 * on what this machine has installed or fetched.
 */
class IdxSourcesTest {
    @TempDir
    Path tmp;

    /** The four files, with {@code nTrain} training images: the count tells the folders apart. */
    static Path writeSet(Path dir, int nTrain) throws Exception {
        Files.createDirectories(dir);
        IdxTest.gz(dir.resolve("train-images-idx3-ubyte.gz"), IdxTest.idxImages(nTrain, 2, 2, 0));
        IdxTest.gz(dir.resolve("train-labels-idx1-ubyte.gz"), IdxTest.idxLabels(nTrain, 0));
        IdxTest.gz(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxTest.idxImages(3, 2, 2, 1));
        IdxTest.gz(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.idxLabels(3, 1));
        return dir;
    }

    static Dataset load(IdxDataset src, Map<String, String> params) {
        return src.load(Params.resolve(src.id(), src.params(), params), new Seeds(1));
    }

    @Test
    void dataPathThenDebianThenCache() throws Exception {
        Path given = writeSet(tmp.resolve("given"), 12);
        Path debian = writeSet(tmp.resolve("debian"), 11);
        Path cache = writeSet(tmp.resolve("cache/datasets/fashion-mnist"), 10);
        IdxDataset src = IdxDataset.fashionMnist(debian, () -> cache);
        Map<String, String> small = Map.of("n_val", "2");

        Dataset d = load(src, Map.of("n_val", "2", "path", given.toString()));
        assertEquals(10, d.train().length);   // 12 - 2
        assertTrue(d.source().contains(given.toAbsolutePath().toString()) && d.source().contains("data.path"), d.source());
        assertTrue(d.source().contains("validation = the last 2 of the 12 training images"), d.source());

        d = load(src, small);
        assertEquals(9, d.train().length);    // Debian's 11 - 2
        assertTrue(d.source().contains(debian.toAbsolutePath().toString()) && d.source().contains("Debian package dataset-fashion-mnist"),
                d.source());

        // an incomplete Debian folder is passed over: the cache is next
        Files.delete(debian.resolve("t10k-labels-idx1-ubyte.gz"));
        d = load(src, small);
        assertEquals(8, d.train().length);    // the cache's 10 - 2
        assertTrue(d.source().contains(cache.toAbsolutePath().toString()) && d.source().contains("./workbench fetch fashion-mnist"),
                d.source());
        assertEquals(2, d.labels().orElseThrow().validation().length);
    }

    @Test
    void aGivenDataPathIsTheOnlyPlaceLookedAt() throws Exception {
        Path debian = writeSet(tmp.resolve("debian"), 11);
        Path cache = writeSet(tmp.resolve("cache"), 10);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IdxDataset src = IdxDataset.fashionMnist(debian, () -> cache);
        InputException e = assertThrows(InputException.class, () -> load(src, Map.of("n_val", "2", "path", empty.toString())));
        assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()) && e.getMessage().contains("train-images-idx3-ubyte")
                && e.getMessage().contains("only place"), e.getMessage());
        Path absent = tmp.resolve("absent");
        e = assertThrows(InputException.class, () -> load(src, Map.of("path", absent.toString())));
        assertTrue(e.getMessage().contains(absent.toAbsolutePath() + " does not exist"), e.getMessage());
    }

    @Test
    void mnistHasNoDebianStepAndReadsTheCache() throws Exception {
        Path cache = writeSet(tmp.resolve("cache/datasets/mnist"), 10);
        IdxDataset src = IdxDataset.mnist(() -> cache);
        Dataset d = load(src, Map.of("n_val", "4"));
        assertEquals(6, d.train().length);
        assertEquals(4, d.validation().length);
        assertEquals(3, d.test().length);
        assertTrue(d.source().startsWith("IDX files in " + cache.toAbsolutePath()), d.source());
    }

    @Test
    void withNoSourceTheMessageNamesAllThreeWays() {
        Path debian = tmp.resolve("no-debian");
        Path cache = tmp.resolve("cache/datasets/fashion-mnist");
        IdxDataset src = IdxDataset.fashionMnist(debian, () -> cache);
        InputException e = assertThrows(InputException.class, () -> load(src, Map.of()));
        assertEquals("fashion-mnist: no IDX files found. Any one of: (1) --set data.path=DIR with train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; (2) sudo apt-get install "
                + "dataset-fashion-mnist (files in " + debian + "); (3) ./workbench fetch fashion-mnist (downloads into "
                + cache.toAbsolutePath() + ")", e.getMessage());
        assertFalse(Files.exists(cache), "looking does not create the cache folder");

        IdxDataset mnist = IdxDataset.mnist(() -> tmp.resolve("cache/datasets/mnist"));
        InputException m = assertThrows(InputException.class, () -> load(mnist, Map.of()));
        assertTrue(m.getMessage().startsWith("mnist: no IDX files found. Any one of: (1) --set data.path=DIR with ")
                && m.getMessage().contains("; (2) ./workbench fetch mnist (downloads into ")
                && m.getMessage().contains("no Debian package") && !m.getMessage().contains("apt-get"), m.getMessage());
    }

    @Test
    void theStandardSourcesPointAtDebianAndTheCacheFolder() {
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), IdxDataset.DEBIAN_FASHION_MNIST);
        // the message for the real registry names the real cache folder (whatever this machine holds)
        IdxDataset real = IdxDataset.fashionMnist();
        String msg = real.noSourceMessage(CacheDir.resolve("datasets", "fashion-mnist"));
        assertTrue(msg.contains("(files in /usr/share/datasets/fashion-mnist)")
                && msg.contains(CacheDir.resolve("datasets", "fashion-mnist").toString()), msg);
    }
}
