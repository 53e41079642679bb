package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, messages, files written. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Workbench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExitsZeroAndNamesCommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String c : List.of("list", "data", "train", "compare")) {
            assertTrue(r.out().contains(c), r.out());
        }
        assertEquals(0, run("train", "--help").code());
    }

    @Test
    void unknownCommandIsUsageError() {
        Run r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"), r.err());
    }

    @Test
    void unknownDatasetIdListsAllowed() {
        Run r = run("data", "--dataset", "nonsense", "--n", "10", "--out", dir.resolve("x.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown dataset id 'nonsense'") && r.err().contains("digits"), r.err());
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void missingRequiredOptionIsUsageError() {
        Run r = run("data", "--dataset", "digits");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--n") || r.err().contains("--out"), r.err());
    }

    @Test
    void dataWritesDigitsRowsWithHeader() throws Exception {
        Path f = dir.resolve("digits.csv");
        Run r = run("data", "--dataset", "digits", "--n", "5", "--seed", "1", "--split", "test", "--out", f.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(f);
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).startsWith("x0,x1,") && lines.get(0).endsWith(",x63"));
        assertEquals(64, lines.get(1).split(",").length);
    }

    @Test
    void dataRejectsModelParameters() {
        Run r = run("data", "--dataset", "digits", "--n", "5", "--out", dir.resolve("a.csv").toString(), "--set", "k=3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("data.KEY=VALUE"), r.err());
    }

    @Test
    void listNamesEveryKind() {
        Run r = run("list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("digits") && r.out().contains("test_nll") && r.out().contains("bound"), r.out());
    }
}
