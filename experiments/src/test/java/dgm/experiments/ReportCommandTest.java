package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report}: a finished comparison redrawn from its stored results, twice the same, as the comparison wrote it. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private static final List<String> FILES = List.of("report.md", "summary.md", "summary.tex", "summary.csv", "results.csv",
            "compare.json");

    @Test
    void redrawingTwiceGivesIdenticalFilesAndTheComparisonsOwn() throws Exception {
        Path a = dir.resolve("a");
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--set", "models=[gaussian,realnvp,vae,fgan-js]",
                "--set", "datasets=[moons,digits]", "--set", "seeds=[0]", "--set", "budget.steps=20", "--set", "eval.iwae_k=10",
                "--set", "model_params={realnvp: {layers: 2, hidden: 8}, vae: {hidden: 8}, fgan-js: {hidden: 8, critic_hidden: 8, "
                        + "log_every: 10, eval_size: 64}}", "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        Path r1 = dir.resolve("r1");
        Path r2 = dir.resolve("r2");
        assertEquals(0, CliTest.run("report", a.toString(), "--out", r1.toString()).code());
        CliTest.Run again = CliTest.run("report", a.toString(), "--out", r2.toString());
        assertEquals(0, again.code(), again.err());
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(r1.resolve(f)), Files.readAllBytes(r2.resolve(f)), f + ": the same both times");
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(r1.resolve(f)), f + ": what compare wrote");
        }
        try (var figs = Files.list(a.resolve("figures"))) {
            for (Path f : figs.toList()) {
                assertTrue(Files.size(r1.resolve("figures").resolve(f.getFileName())) > 0, f.getFileName() + " redrawn");
            }
        }
        // into the comparison's own folder: nothing changes
        assertEquals(0, CliTest.run("report", a.toString()).code());
        assertArrayEquals(Files.readAllBytes(r1.resolve("report.md")), Files.readAllBytes(a.resolve("report.md")));
    }

    @Test
    void aFolderThatIsNoFinishedComparisonIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliTest.Run r = CliTest.run("report", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a comparison folder"), r.err());
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        Files.writeString(empty.resolve(ComparisonRunner.CONFIG_FILE), "{}");
        CliTest.Run taken = CliTest.run("report", empty.toString(), "--out", full.toString());
        assertEquals(2, taken.code());
        assertTrue(taken.err().contains("not empty"), taken.err());
    }
}
