package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dgm.core.metrics.Kind;
import dgm.core.run.Json;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code workbench energy-fit}: a short fit end to end, and the refusals of bad input. */
class EnergyFitCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortFitWritesResultsSummaryRecordAndFigures() throws Exception {
        Path out = dir.resolve("fit");
        CliTest.Run r = CliTest.run("energy-fit", "--energies", "U2", "--model", "nsf", "--steps", "300", "--seeds", "0,1",
                "--set", "layers=2", "--set", "hidden=16", "--set", "batch=64", "--set", "lr=5e-3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(8, rows.size(), rows.toString());
        Map<String, Kind> kinds = Map.of("reverse_kl_loss", Kind.ESTIMATE, "neg_log_z", Kind.EXACT, "reverse_kl_gap", Kind.ESTIMATE,
                "train_seconds", Kind.MEASURED);
        for (ResultRow row : rows) {
            assertEquals("U2", row.dataset());
            assertEquals("nsf", row.model());
            assertEquals(kinds.get(row.metric()), row.kind(), row.toString());
        }
        for (long seed : List.of(0L, 1L)) {
            double loss = value(rows, seed, "reverse_kl_loss");
            double negLogZ = value(rows, seed, "neg_log_z");
            double gap = value(rows, seed, "reverse_kl_gap");
            assertTrue(Double.isFinite(gap), "gap " + gap);
            assertEquals(loss - negLogZ, gap, 1e-12);
            // the model lives on the box, so the loss is never clearly below −log Z_box
            double se = rows.stream().filter(x -> x.seed() == seed && x.metric().equals("reverse_kl_gap")).findFirst().orElseThrow().stderr();
            assertTrue(se > 0 && gap > -4 * se - 1e-3, "gap " + gap + " ± " + se);
        }
        // −log Z of U2 on [−4, 4]²: the integrand is a Gaussian ridge of sd 0.4 along z₂ = w1(z₁), whole inside the box
        // except where it leaves through z₂ = ±4 (it does not: |w1| ≤ 1), so Z = 8·√(2π)·0.4
        assertEquals(-Math.log(8 * Math.sqrt(2 * Math.PI) * 0.4), value(rows, 0, "neg_log_z"), 1e-6);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| U2 | nsf | 0 |") && md.contains("| U2 | nsf | 2 |"), md);
        JsonNode rec = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("nsf", rec.get("config").get("model").asText());
        assertEquals(300, rec.get("config").get("steps").asInt());
        assertEquals(2, rec.get("seeds").size());
        assertTrue(rec.get("code").has("git_commit"));
        assertEquals(2, rec.get("fits").size());
        for (String f : List.of("energy-fit-nsf-seed0.png", "energy-fit-nsf-seed0.svg", "energy-fit-nsf-seed0.pdf",
                "energy-fit-nsf-seed1.png", "energy-fit-nsf-seed1.svg", "energy-fit-nsf-seed1.pdf")) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
        }
        assertTrue(r.out().contains("U2 nsf seed 1: loss"), r.out());
        // refuses a non-empty output folder without --force
        CliTest.Run again = CliTest.run("energy-fit", "--energies", "U2", "--steps", "1", "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
    }

    @Test
    void theRunnerReportsProgressAndReturnsRowsAndFigurePaths() {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        Path out = dir.resolve("runner");
        EnergyFitRunner.Result r = EnergyFitRunner.run(List.of("U1"), "iaf", Map.of("layers", "2", "hidden", "8"),
                List.of(3L), 50, 4.0, out, new java.io.PrintStream(log, true));
        String text = log.toString();
        assertTrue(text.contains("[energy-fit U1 iaf seed 3]") && text.contains("-log Z"), text);
        assertEquals(4, r.rows().size());
        assertEquals(1, r.fits().size());
        assertEquals(3, r.figures().size(), "PNG, SVG and PDF");
        for (Path f : r.files()) {
            assertTrue(Files.exists(f), f.toString());
        }
        assertTrue(Double.isFinite(r.fits().get(0).gap()));
    }

    private static double value(List<ResultRow> rows, long seed, String metric) {
        return rows.stream().filter(x -> x.seed() == seed && x.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("bad");
        CliTest.Run r = CliTest.run("energy-fit", "--energies", "U1,U9", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown energy 'U9'") && r.err().contains("U1, U2, U3, U4"), r.err());
        CliTest.Run m = CliTest.run("energy-fit", "--model", "nosuchflow", "--out", out.toString());
        assertEquals(2, m.code());
        assertTrue(m.err().contains("unknown model id 'nosuchflow'") && m.err().contains("iaf") && m.err().contains("planar"),
                m.err());
        CliTest.Run p = CliTest.run("energy-fit", "--model", "iaf", "--set", "nosuchparam=1", "--out", out.toString());
        assertEquals(2, p.code());
        assertTrue(p.err().contains("nosuchparam"), p.err());
        CliTest.Run b = CliTest.run("energy-fit", "--box", "0", "--out", out.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("--box"), b.err());
        CliTest.Run bn = CliTest.run("energy-fit", "--model", "realnvp", "--set", "batchnorm=true", "--out", out.toString());
        assertEquals(2, bn.code());
        assertTrue(bn.err().contains("reverse KL"), bn.err());
        assertFalse(Files.exists(out), "nothing may be written for refused input");
    }
}
