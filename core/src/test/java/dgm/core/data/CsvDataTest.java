package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path p = dir.resolve("d.csv");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsWithHeader() throws Exception {
        CsvData.Table t = CsvData.read(file("a,b\n1,2\n3.5,-4e-3\n"));
        assertEquals(List.of("a", "b"), t.columns());
        assertArrayEquals(new double[] {3.5, -4e-3}, t.rows()[1]);
    }

    @Test
    void readsWithoutHeader() throws Exception {
        CsvData.Table t = CsvData.read(file("1,2\n3,4\n"));
        assertEquals(List.of("x0", "x1"), t.columns());
        assertEquals(2, t.rows().length);
    }

    @Test
    void roundTripsFormat() throws Exception {
        double[][] x = {{0.1, 1e-300}, {-2.5, Math.PI}};
        CsvData.Table t = CsvData.read(file(CsvData.format(x)));
        assertArrayEquals(x[1], t.rows()[1]);
        assertArrayEquals(x[0], t.rows()[0]);
    }

    @Test
    void nanNamesLineAndColumn() throws Exception {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("a,b\n1,2\n3,NaN\n")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("column 1") && e.getMessage().contains("(b)"), e.getMessage());
    }

    @Test
    void infinityRefused() throws Exception {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("1,2\nInfinity,2\n")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("column 0"), e.getMessage());
    }

    @Test
    void raggedRowNamed() throws Exception {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("a,b\n1,2\n3\n")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("1 columns but 2"), e.getMessage());
    }

    @Test
    void notANumberNamed() throws Exception {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("1,2\n3,abc\n")));
        assertTrue(e.getMessage().contains("'abc' is not a number"), e.getMessage());
    }

    @Test
    void emptyAndHeaderOnlyRefused() throws Exception {
        assertThrows(InputException.class, () -> CsvData.read(file("")));
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("a,b\n")));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    @Test
    void blankLineRefusedNotSkipped() throws Exception {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(file("1,2\n\n3,4\n")));
        assertTrue(e.getMessage().contains("line 2 is blank"), e.getMessage());
    }

    @Test
    void missingFileNamed() {
        InputException e = assertThrows(InputException.class, () -> CsvData.read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    }
}
