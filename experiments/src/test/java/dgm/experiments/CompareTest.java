package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Kind;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare end to end on the tiny 'smoke' preset: files, table contents, kinds, determinism, bad input. */
class CompareTest {
    @TempDir
    Path dir;

    private static final Set<String> TIMINGS = Set.of("train_seconds", "samples_per_second");

    @Test
    void smokePresetWritesEverythingWithKinds() throws Exception {
        Path out = dir.resolve("a");
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("results.csv", "summary.md", "summary.csv", "compare.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        // 2 datasets × 2 models × 2 seeds
        assertEquals(8, rows.stream().map(x -> x.dataset() + x.model() + x.seed()).distinct().count());
        Map<String, Kind> kinds = rows.stream().collect(Collectors.toMap(ResultRow::metric, ResultRow::kind, (a, b) -> {
            assertEquals(a, b, "one metric, one kind");
            return a;
        }));
        assertEquals(Kind.EXACT, kinds.get("test_nll"));
        assertEquals(Kind.ESTIMATE, kinds.get("true_entropy"));
        assertEquals(Kind.ESTIMATE, kinds.get("nll_gap"));
        assertEquals(Kind.MEASURED, kinds.get("train_seconds"));
        for (ResultRow row : rows) {
            assertTrue(!Double.isNaN(row.value()), row.toString());
        }
        // Every run folder is complete and says so.
        for (String d : List.of("moons", "digits")) {
            for (String m : List.of("gaussian", "gmm-diag")) {
                for (int s = 0; s < 2; s++) {
                    Path run = out.resolve("runs").resolve(d).resolve(m).resolve("seed-" + s);
                    String json = Files.readString(run.resolve("run.json"));
                    assertTrue(json.contains("\"status\" : \"completed\""), run.toString());
                    assertTrue(json.contains("config_sha256") && json.contains("content_sha256") && json.contains("omp_threads"));
                    assertTrue(Files.size(run.resolve("model.bin")) > 0);
                }
            }
        }
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("### moons") && md.contains("### digits"), md);
        assertTrue(md.contains("True entropy H(p)"), md);
        assertTrue(md.contains("ᵉ") && md.contains("ˢ") && md.contains("**"), "kind marks and a best value in bold");
        assertTrue(md.contains("upper bounds on the discrete NLL"));
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.startsWith("dataset,model,metric,kind,unit,mean,sd,n_seeds\n"));
        assertTrue(csv.contains("moons,gaussian,test_nll,exact,nats/example,"), csv);

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## How it was made") && report.contains("commit") && report.contains("omp_threads"), report);
        for (String fig : List.of("moons-samples", "moons-densities", "digits-samples-gaussian", "moons-training")) {
            assertTrue(report.contains("figures/" + fig + ".png"), fig);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("figures").resolve(fig + ".png").toFile());
            assertTrue(img != null && img.getWidth() > 100, fig);
            assertTrue(Files.readString(out.resolve("figures").resolve(fig + ".svg")).contains("<svg"), fig);
        }

        // Same preset and seeds again: identical numbers, timings aside.
        Path out2 = dir.resolve("b");
        assertEquals(0, CliTest.run("compare", "--preset", "smoke", "--out", out2.toString()).code());
        List<ResultRow> again = ResultsCsv.read(out2.resolve("results.csv"));
        assertEquals(withoutTimings(rows), withoutTimings(again));
    }

    private static List<ResultRow> withoutTimings(List<ResultRow> rows) {
        return rows.stream().filter(r -> !TIMINGS.contains(r.metric())).toList();
    }

    @Test
    void nonEmptyOutputIsNotOverwrittenWithoutForce() throws Exception {
        Path out = dir.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("precious.txt"), "keep me");
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not empty") && r.err().contains("--force"), r.err());
        assertEquals("keep me", Files.readString(out.resolve("precious.txt")));
        try (var s = Files.list(out)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void unknownPresetListsAllowed() {
        CliTest.Run r = CliTest.run("compare", "--preset", "huge", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'huge'") && r.err().contains("default"), r.err());
        assertTrue(!Files.exists(dir.resolve("x")), "nothing is created before validation passes");
    }
}
