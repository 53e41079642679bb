package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small files these tests write themselves (MNIST's format, 3-D unsigned bytes). */
class IdxTest {
    @TempDir
    Path dir;

    static byte[] idxImages(int n, int rows, int cols, int offset) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            out.writeByte((i + offset) % 256);
        }
        return bytes.toByteArray();
    }

    static void gz(Path p, byte[] content) throws Exception {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(content);
        }
    }

    @Test
    void readsPlainAndGzipIdentically() throws Exception {
        byte[] b = idxImages(3, 2, 2, 250);
        Files.write(dir.resolve("plain"), b);
        gz(dir.resolve("zipped.gz"), b);
        Idx.Array a = Idx.readUnsignedBytes(dir.resolve("plain"));
        Idx.Array z = Idx.readUnsignedBytes(dir.resolve("zipped.gz"));
        assertArrayEquals(new int[] {3, 2, 2}, a.dims());
        // values 250..255 then wrap to 0: unsigned bytes must not come out negative
        assertArrayEquals(new double[] {250, 251, 252, 253}, a.items()[0]);
        assertArrayEquals(new double[] {254, 255, 0, 1}, a.items()[1]);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.items()[i], z.items()[i]);
        }
    }

    @Test
    void truncatedFileNamed() throws Exception {
        byte[] b = idxImages(3, 2, 2, 0);
        Files.write(dir.resolve("t"), java.util.Arrays.copyOf(b, b.length - 1));
        InputException e = assertThrows(InputException.class, () -> Idx.readUnsignedBytes(dir.resolve("t")));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("item 2"), e.getMessage());
    }

    @Test
    void badMagicNamed() throws Exception {
        Files.writeString(dir.resolve("x"), "hello world, not idx");
        InputException e = assertThrows(InputException.class, () -> Idx.readUnsignedBytes(dir.resolve("x")));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void missingFileAndDirectoryNamed() {
        InputException e = assertThrows(InputException.class, () -> Idx.find(dir.resolve("absent"), "train-images-idx3-ubyte"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void mnistDatasetFromDirectory() throws Exception {
        gz(dir.resolve("train-images-idx3-ubyte.gz"), idxImages(10, 2, 3, 0));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(4, 2, 3, 7));
        IdxDataset src = IdxDataset.mnist();
        Params p = Params.resolve("mnist", src.params(), Map.of("path", dir.toString(), "n_val", "3"));
        Dataset d = src.load(p, new Seeds(1));
        assertEquals(7, d.train().length);
        assertEquals(3, d.validation().length);
        assertEquals(4, d.test().length);
        assertEquals(6, d.dimension());
        assertEquals(DataKind.DEQUANTISED, d.kind());
        assertEquals(256, d.levels());
        // dequantised: floor recovers the pixel
        assertEquals(7.0, Math.floor(d.test()[0][0]));
        assertTrue(d.test()[0][0] > 7.0 && d.test()[0][0] < 8.0);
    }

    static byte[] idxLabels(int n, int offset) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte((i + offset) % 10);
        }
        return bytes.toByteArray();
    }

    @Test
    void labelsAreReadBesideTheImagesAndSplitTheSameWay() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idxImages(10, 2, 3, 0));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(4, 2, 3, 7));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(10, 0));
        gz(dir.resolve("t10k-labels-idx1-ubyte.gz"), idxLabels(4, 5));
        IdxDataset src = IdxDataset.fashionMnist();
        Params p = Params.resolve("fashion-mnist", src.params(), Map.of("path", dir.toString(), "n_val", "3", "n_train", "5"));
        Labels y = src.load(p, new Seeds(1)).labels().orElseThrow();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, y.train());
        assertArrayEquals(new int[] {7, 8, 9}, y.validation());  // the last 3 training images
        assertArrayEquals(new int[] {5, 6, 7, 8}, y.test());
        assertEquals("Ankle boot", y.classes().get(9));
        // a label file that does not match its images is refused, naming both counts
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(9, 0));
        InputException e = assertThrows(InputException.class, () -> src.load(p, new Seeds(1)));
        assertTrue(e.getMessage().contains("[9]") && e.getMessage().contains("10 images"), e.getMessage());
    }

    @Test
    void mnistWithoutPathOrCacheExplainsWhatToPass() {
        IdxDataset src = IdxDataset.mnist(() -> dir.resolve("cache/datasets/mnist"));
        InputException e = assertThrows(InputException.class,
                () -> src.load(Params.resolve("mnist", src.params(), Map.of()), new Seeds(1)));
        assertTrue(e.getMessage().contains("data.path") && e.getMessage().contains("./workbench fetch mnist"), e.getMessage());
    }
}
