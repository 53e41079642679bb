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
    void fganFitRejectsUnknownOptionsBeforeWriting() {
        CliTest.Run r = run("fgan-fit", "--out", dir.resolve("f").toString(), "--set", "divergences=kl,chi");
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir.resolve("f")));
        CliTest.Run u = run("fgan-fit", "--out", dir.resolve("f").toString(), "--set", "speed=11");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("speed"), u.err());
    }

    @Test
    void fganFitWritesItsTables() throws Exception {
        Path out = dir.resolve("fit");
        Run r = run("fgan-fit", "--out", out.toString(), "--set", "divergences=kl", "--set", "steps=200",
                "--set", "polish_steps=50", "--set", "eval_size=2000");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("gaussian_fit.csv"));
        assertEquals("divergence,mu_hat,sigma_hat,bound_hat,mu_star,sigma_star,divergence_star", csv.get(0));
        assertTrue(csv.get(1).startsWith("kl,"), csv.toString());
        // the exact KL optimum is moment matching: mu* = 0.6
        assertEquals(0.6, Double.parseDouble(csv.get(1).split(",")[4]), 1e-6);
        assertTrue(Files.readString(out.resolve("gaussian_fit.tex")).contains("tabular"));
    }

    @Test
    void listNamesEveryKind() {
        Run r = run("list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("digits") && r.out().contains("test_nll") && r.out().contains("bound"), r.out());
    }

    /** fetch's refusals come before any download or cache folder; its real downloads are tested in core (IdxFetchTest). */
    @Test
    void fetchRefusesUnknownDatasetsAndBadUrlsWithExitTwo() {
        Run h = run("--help");
        assertTrue(h.out().contains("fetch"), h.out());
        Run u = run("fetch", "cifar10");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("unknown dataset 'cifar10'") && u.err().contains("mnist, fashion-mnist"), u.err());
        Run f = run("fetch", "mnist", "--from", "ftp://example.org/mnist/");
        assertEquals(2, f.code());
        assertTrue(f.err().contains("http:// or https://"), f.err());
        Run m = run("fetch");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("DATASET"), m.err());
    }
}
