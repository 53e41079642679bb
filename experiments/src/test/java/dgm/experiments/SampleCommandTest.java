package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample}: every family's saved run gives samples as CSV and as figures; a folder without a model is refused. */
class SampleCommandTest {
    @TempDir
    Path dir;

    private Path train(String model, String dataset) {
        Path out = dir.resolve(model + "-" + dataset);
        String[] head = {"train", "--model", model, "--dataset", dataset, "--out", out.toString(), "--set",
            "budget.steps=20", "--set", "eval.iwae_k=5"};
        // the toys' sizes are parameters; the digits' splits are fixed
        CliTest.Run r = CliTest.run(dataset.equals("digits") ? concat(head, "--set", "eval.samples=200", "--set",
                "eval.metric_points=100", "--set", "eval.entropy_samples=1000", "--set", "eval.permutations=5")
                : TrainCommandTest.args(head));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void everyFamilysSavedRunSamplesAsCsvAndAsAFigure() throws Exception {
        for (String model : List.of("gmm-diag", "realnvp", "vae", "fgan-js")) {
            Path run = train(model, "moons");
            Path csv = dir.resolve(model + ".csv");
            CliTest.Run r = CliTest.run("sample", run.toString(), "--n", "7", "--seed", "3", "--out", csv.toString());
            assertEquals(0, r.code(), model + ": " + r.err());
            List<String> lines = Files.readAllLines(csv);
            assertEquals("x0,x1", lines.get(0), model);
            assertEquals(8, lines.size(), model + ": a header and 7 samples");
            // the same seed gives the same samples
            Path again = dir.resolve(model + "-again.csv");
            assertEquals(0, CliTest.run("sample", run.toString(), "--n", "7", "--seed", "3", "--out", again.toString()).code());
            assertEquals(lines, Files.readAllLines(again), model);
            for (String ext : List.of("png", "svg", "pdf")) {
                Path fig = dir.resolve(model + "." + ext);
                CliTest.Run f = CliTest.run("sample", run.toString(), "--n", "50", "--out", fig.toString());
                assertEquals(0, f.code(), model + " ." + ext + ": " + f.err());
                assertTrue(Files.size(fig) > 1000, model + " ." + ext);
            }
        }
        // images: a square grid; flows take a temperature
        Path digits = train("gaussian", "digits");
        Path grid = dir.resolve("digits.png");
        assertEquals(0, CliTest.run("sample", digits.toString(), "--n", "64", "--out", grid.toString()).code());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(grid.toFile());
        assertTrue(Math.abs(img.getWidth() - img.getHeight()) < img.getWidth() / 8, img.getWidth() + "×" + img.getHeight());
        Path flow = dir.resolve("realnvp-moons");
        CliTest.Run cold = CliTest.run("sample", flow.toString(), "--n", "5", "--temperature", "0", "--out",
                dir.resolve("t0.csv").toString());
        assertEquals(0, cold.code(), cold.err());
        List<String> t0 = Files.readAllLines(dir.resolve("t0.csv"));
        assertEquals(t0.get(1), t0.get(2), "at temperature 0 every sample is the image of the base's mode");
    }

    @Test
    void aFolderWithoutAModelAndBadArgumentsAreRefusedWithTheReason() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliTest.Run r = CliTest.run("sample", empty.toString(), "--n", "5", "--out", dir.resolve("a.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("has no saved model (model.bin)"), r.err());
        assertTrue(!Files.exists(dir.resolve("a.csv")));
        Path run = train("gaussian", "moons");
        CliTest.Run ext = CliTest.run("sample", run.toString(), "--n", "5", "--out", dir.resolve("a.txt").toString());
        assertEquals(2, ext.code());
        assertTrue(ext.err().contains(".csv, .png, .svg or .pdf"), ext.err());
        CliTest.Run temp = CliTest.run("sample", run.toString(), "--n", "5", "--temperature", "0.5", "--out",
                dir.resolve("a.csv").toString());
        assertEquals(2, temp.code());
        assertTrue(temp.err().contains("flows only"), temp.err());
        CliTest.Run zero = CliTest.run("sample", run.toString(), "--n", "0", "--out", dir.resolve("a.csv").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--n must be at least 1"), zero.err());
    }
}
