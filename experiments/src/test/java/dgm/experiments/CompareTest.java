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
        // digits is labelled: its reference classifier is in the run records, its feature-space table ends with real images
        String digitsRun = Files.readString(out.resolve("runs/digits/gaussian/seed-0/run.json"));
        assertTrue(digitsRun.contains("\"reference_classifier\"") && digitsRun.contains("\"test_accuracy\"")
                && digitsRun.contains("mlp 64-256-256-10"), digitsRun);
        assertTrue(!Files.readString(out.resolve("runs/moons/gaussian/seed-0/run.json")).contains("reference_classifier"));
        List<ResultRow> reference = ResultsCsv.read(out.resolve("reference/digits/results.csv"));
        assertTrue(reference.stream().allMatch(x -> x.model().equals("real-validation") && x.dataset().equals("digits")), reference.toString());
        assertTrue(reference.stream().anyMatch(x -> x.metric().equals("feature_fd")), reference.toString());
        assertTrue(reference.stream().anyMatch(x -> x.metric().equals("kde_log_likelihood") && Double.isFinite(x.value())),
                "the Parzen estimate of real images beside the feature-space reference: " + reference);
        assertTrue(!Files.exists(out.resolve("reference/moons")), "moons has no labels");
        String digitsPart = md.substring(md.indexOf("### digits"));
        assertTrue(digitsPart.contains("Feature space") && digitsPart.contains("| *real images (validation)* |")
                && digitsPart.contains("feature_fd [feature units²]") && digitsPart.contains("kde_log_likelihood [nats/example]") && digitsPart.contains("Reference classifier: test accuracy"), md);
        assertTrue(!md.substring(md.indexOf("### moons"), md.indexOf("### digits")).contains("Feature space"), md);
        assertTrue(md.contains("True entropy H(p)"), md);
        assertTrue(md.contains("ᵉ") && md.contains("ˢ") && md.contains("**"), "kind marks and a best value in bold");
        assertTrue(md.contains("upper bounds on the discrete NLL"));
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.startsWith("dataset,model,metric,kind,unit,mean,sd,n_seeds\n"));
        assertTrue(csv.contains("moons,gaussian,test_nll,exact,nats/example,"), csv);

        String tex = Files.readString(out.resolve("summary.tex"));
        assertTrue(tex.contains("\\begin{tabular}") && tex.contains("\\toprule") && tex.contains("gmm-diag") && tex.contains("test\\_nll")
                && tex.contains("\\dgmbest ") && tex.contains("\\dgmkind{e}") && tex.contains("S[table-format = ")
                && tex.contains("\\usepackage{siunitx}") && tex.trim().endsWith("\\end{document}"), tex);
        assertEquals(tex.split("\\\\begin\\{table\\}", -1).length - 1, tex.split("\\\\end\\{table\\}", -1).length - 1);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## How it was made") && report.contains("commit") && report.contains("omp_threads"), report);
        // only baselines in the smoke grid: no held-out curves (no gradient steps), their training seconds as bars
        assertTrue(!Files.exists(out.resolve("figures/moons-training.png")) && !report.contains("figures/moons-training.png"));
        for (String fig : List.of("moons-samples", "moons-densities", "digits-samples-gaussian", "moons-walltime")) {
            assertTrue(report.contains("figures/" + fig + ".png"), fig);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("figures").resolve(fig + ".png").toFile());
            assertTrue(img != null && img.getWidth() > 100, fig);
            assertTrue(Files.readString(out.resolve("figures").resolve(fig + ".svg")).contains("<svg"), fig);
            byte[] pdf = Files.readAllBytes(out.resolve("figures").resolve(fig + ".pdf"));
            assertTrue(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-")
                    && report.contains("figures/" + fig + ".pdf"), fig + ": a PDF beside the PNG and SVG, linked from the report");
        }

        // Same preset and seeds again, one run at a time: identical numbers, timings aside.
        Path out2 = dir.resolve("b");
        assertEquals(0, CliTest.run("compare", "--preset", "smoke", "--out", out2.toString(), "--jobs", "1").code());
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
    void badJobsAreRefusedBeforeAnyFolderIsMade() {
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--jobs", "0", "--out", dir.resolve("j").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--jobs must be at least 1"), r.err());
        assertTrue(!Files.exists(dir.resolve("j")), "nothing is created");
    }

    @Test
    void unknownPresetListsAllowed() {
        CliTest.Run r = CliTest.run("compare", "--preset", "huge", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'huge'") && r.err().contains("default"), r.err());
        assertTrue(!Files.exists(dir.resolve("x")), "nothing is created before validation passes");
    }

    /** Every family under one step budget: the records say which budget and how much was used; jobs do not change results. */
    @Test
    void commonStepBudgetIsAppliedAndRecorded() throws Exception {
        String[] grid = {"compare", "--preset", "smoke", "--set", "models=[gaussian,realnvp,vae,fgan-js]", "--set", "datasets=[moons,digits]",
            "--set", "seeds=[0]", "--set", "budget.steps=30", "--set", "eval.iwae_k=20",
            "--set", "model_params={realnvp: {layers: 2, hidden: 8}, vae: {hidden: 8}, fgan-js: {hidden: 8, critic_hidden: 8, log_every: 10, eval_size: 64}}",
            "--set", "energy_fits={energies: [U2], model: realnvp, steps: 40, params: {layers: 2, hidden: 8}}"};
        Path a = dir.resolve("budget-a");
        CliTest.Run r = CliTest.run(concat(grid, "--out", a.toString(), "--jobs", "2"));
        assertEquals(0, r.code(), r.err());
        for (String m : List.of("realnvp", "vae", "fgan-js")) {
            Map<?, ?> run = dgm.core.run.Json.MAPPER.readValue(a.resolve("runs/moons/" + m + "/seed-0/run.json").toFile(), Map.class);
            Map<?, ?> budget = (Map<?, ?>) run.get("budget");
            assertEquals("gradient_steps", budget.get("type"), m);
            assertEquals(30, ((Number) budget.get("gradient_steps")).intValue(), m);
            assertEquals(30, ((Number) budget.get("gradient_steps_used")).intValue(), m + ": " + budget);
            Map<?, ?> training = (Map<?, ?>) run.get("training");
            assertEquals(30, ((Number) training.get("iterations")).intValue(), m + ": the options the trainer ran with");
            assertEquals(0, ((Number) training.get("patience")).intValue(), m);
            assertEquals(null, training.get("wall_clock_limit_seconds"), m + ": no wall-clock limit unless asked for");
        }
        for (String fig : List.of("digits-reconstructions-vae", "digits-samples-fgan-js", "moons-flow-realnvp", "moons-densities")) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(a.resolve("figures").resolve(fig + ".png").toFile());
            assertTrue(img != null && img.getWidth() > 100, fig);
        }
        List<ResultRow> energy = ResultsCsv.read(a.resolve("energy-fits/results.csv"));
        assertTrue(energy.stream().anyMatch(x -> x.dataset().equals("U2") && x.metric().equals("reverse_kl_gap")
                && Double.isFinite(x.value())), energy.toString());
        String report = Files.readString(a.resolve("report.md"));
        assertTrue(report.contains("## Energy fits") && report.contains("energy-fits/energy-fit-realnvp-seed0.png"), report);
        Map<?, ?> g = dgm.core.run.Json.MAPPER.readValue(a.resolve("runs/moons/gaussian/seed-0/run.json").toFile(), Map.class);
        assertEquals("not_applicable", ((Map<?, ?>) g.get("budget")).get("type"));
        assertTrue(report.contains("30 gradient steps"), "the report states the budget");
        List<ResultRow> rows = ResultsCsv.read(a.resolve("results.csv"));
        assertTrue(rows.stream().anyMatch(x -> x.model().equals("vae") && x.metric().equals("test_nll") && x.kind() == Kind.BOUND));

        Path b = dir.resolve("budget-b");
        assertEquals(0, CliTest.run(concat(grid, "--out", b.toString(), "--jobs", "1")).code());
        assertEquals(withoutTimings(rows), withoutTimings(ResultsCsv.read(b.resolve("results.csv"))));

        CliTest.Run both = CliTest.run(concat(grid, "--out", dir.resolve("c").toString(), "--set", "budget.seconds=5"));
        assertEquals(2, both.code());
        assertTrue(both.err().contains("budget.steps or budget.seconds"), both.err());
        CliTest.Run clash = CliTest.run(concat(grid, "--out", dir.resolve("d").toString(), "--set", "model_params.vae.max_steps=7"));
        assertEquals(2, clash.code());
        assertTrue(clash.err().contains("'max_steps' is set by budget.steps"), clash.err());
    }

    /** A wall-clock budget is the user's choice, and the report says what it costs: results that depend on speed. */
    @Test
    void aWallClockBudgetIsFlaggedInTheReport() throws Exception {
        Path a = dir.resolve("timed");
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--set", "models=[gaussian,realnvp]", "--set", "datasets=[moons]",
                "--set", "seeds=[0]", "--set", "budget.seconds=0.3", "--set", "model_params={realnvp: {layers: 2, hidden: 8}}",
                "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(a.resolve("report.md"));
        assertTrue(report.contains("**Wall-clock limits.**") && report.contains("moons/realnvp") && !report.contains("moons/gaussian]"),
                report);
        assertTrue(report.contains("depend on the machine's speed"), report);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * A run whose data is unusable when loaded (NaN in a CSV) is recorded as failed with the reason,
     * the other runs go on, the aggregate files are written, and the command exits 2 naming it;
     * resume runs it again once the file is fixed.
     */
    @Test
    void badDataFailsItsRunsTheSweepGoesOnAndTheCommandExitsTwo() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x0,x1\n0.1,0.2\nNaN,0.3\n");
        Path out = dir.resolve("bad");
        CliTest.Run r = CliTest.run("compare", "--preset", "smoke", "--set", "datasets=[moons,csv]", "--set", "models=[gaussian]",
                "--set", "seeds=[0]", "--set", "data_params.csv.path=" + csv, "--out", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 run(s) could not read their data") && r.out().contains("NaN"), r.out() + r.err());
        Map<?, ?> rec = dgm.core.run.Json.MAPPER.readValue(out.resolve("runs/csv/gaussian/seed-0/run.json").toFile(), Map.class);
        assertEquals("failed", rec.get("status"));
        assertEquals(Boolean.TRUE, rec.get("bad_input"));
        assertTrue(Files.isRegularFile(out.resolve("runs/moons/gaussian/seed-0/run.json")) && Files.isRegularFile(out.resolve("report.md")),
                "the other run and the report are written");
        // fixed, then resumed: only the failed run runs again, and the comparison ends well
        StringBuilder rows = new StringBuilder("x0,x1\n");
        for (int i = 0; i < 60; i++) {
            rows.append(i * 0.1).append(',').append(Math.sin(i)).append('\n');
        }
        Files.writeString(csv, rows);
        CliTest.Run again = CliTest.run("resume", out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals("completed", dgm.core.run.Json.MAPPER.readValue(out.resolve("runs/csv/gaussian/seed-0/run.json").toFile(), Map.class)
                .get("status"));
    }
}
