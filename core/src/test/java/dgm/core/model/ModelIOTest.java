package dgm.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIOTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsBitExact() {
        ModelState s = ModelState.builder("gmm-full", 2).config("k", 3).config("floor", 1e-6)
                .array("weights", new double[] {0.1, 0.2, 0.7})
                .matrix("means", new double[][] {{Math.PI, -0.0}, {Double.MIN_VALUE, 1e308}, {Double.NaN, -1}})
                .build();
        Path f = dir.resolve("m.bin");
        ModelIO.write(s, f);
        ModelState r = ModelIO.read(f);
        assertEquals(s, r);
        assertEquals("3", r.configValue("k"));
        assertArrayEquals(new int[] {3, 2}, r.shape("means"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(r.matrix("means")[0][1]));
        assertTrue(Double.isNaN(r.matrix("means")[2][0]));
    }

    @Test
    void theHeaderIsWrittenInOneOrderInEveryProcess() throws Exception {
        // Map.of iterates in an order salted per JVM, so a header built from it made two processes write
        // different bytes for one model (a resumed run's model.bin differed from the uninterrupted one's)
        ModelState s = ModelState.builder("x", 1).config("k", 3).array("a", new double[2]).array("b", new double[1]).build();
        Path f = dir.resolve("m.bin");
        ModelIO.write(s, f);
        String header = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("\"arrays\":[{\"name\":\"a\",\"shape\":[2]},{\"name\":\"b\",\"shape\":[1]}]"), header);
        assertTrue(header.indexOf("\"model\"") < header.indexOf("\"dimension\"") && header.indexOf("\"dimension\"") < header.indexOf("\"config\""));
    }

    @Test
    void truncatedFileIsNamed() throws Exception {
        ModelState s = ModelState.builder("x", 1).array("a", new double[100]).build();
        Path f = dir.resolve("m.bin");
        ModelIO.write(s, f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 8));
        InputException e = assertThrows(InputException.class, () -> ModelIO.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void notAModelFile() throws Exception {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "definitely not a model");
        InputException e = assertThrows(InputException.class, () -> ModelIO.read(f));
        assertTrue(e.getMessage().contains("not a saved workbench model"), e.getMessage());
        assertThrows(InputException.class, () -> ModelIO.read(dir.resolve("missing.bin")));
    }

    @Test
    void shapeMustMatchLength() {
        assertThrows(IllegalArgumentException.class,
                () -> ModelState.builder("x", 1).array("a", new double[5], 2, 3));
    }
}
