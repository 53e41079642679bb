package dgm.experiments.figures;

import static dgm.experiments.figures.FigureChecks.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.run.Json;
import dgm.core.train.HistoryPoint;
import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The comparison's training figures from synthetic histories: panels, bands, bars, legends, captions, files. */
class TrainingCurvesTest {
    @TempDir
    Path dir;

    private static final List<Long> SEEDS = List.of(0L, 1L, 2L);

    /** Steps 10 … 2000, geometric: what a trainer logging by epochs over a long run gives, on a log axis. */
    private static long[] steps() {
        long[] s = new long[30];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(10 * Math.pow(200, i / (s.length - 1.0)));
        }
        return s;
    }

    private static TrainingCurves.ModelRuns flow(String id, double end, int seeds) {
        List<List<HistoryPoint>> hs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            List<HistoryPoint> h = new ArrayList<>();
            for (long step : steps()) {
                double nll = end + 3 * Math.exp(-step / 300.0) + 0.02 * s;
                h.add(new HistoryPoint(step, step * 0.01, Map.of("train_nll", nll - 0.05, "val_nll", nll, "lr", 1e-3)));
            }
            hs.add(h);
        }
        return new TrainingCurves.ModelRuns(id, "flow", true, false, SEEDS.subList(0, seeds), hs, times(seeds, 12));
    }

    private static List<Double> times(int seeds, double base) {
        List<Double> t = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            t.add(base + s);
        }
        return t;
    }

    private static TrainingCurves.ModelRuns vae(int seeds) {
        List<List<HistoryPoint>> hs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            List<HistoryPoint> h = new ArrayList<>();
            for (long step : steps()) {
                h.add(new HistoryPoint(step, step * 0.004, Map.of("train_loss", 4.0, "train_recon", -3 + Math.log(step) * 0.1,
                        "train_kl", 1 - Math.exp(-step / 200.0) + 0.1 * s, "val_nll", 3.5 + 4 * Math.exp(-step / 100.0) + 0.03 * s)));
            }
            Map<String, Double> end = new LinkedHashMap<>(Map.of("val_recon", -2.0, "val_kl", 1.0, "active_units", 3.0 + (s % 2)));
            for (int j = 0; j < 4; j++) {
                end.put("kl_dim_" + j, j == 3 ? 0.001 : 0.5 + 0.1 * j + 0.05 * s);
            }
            h.add(new HistoryPoint(2000, 8.0, end));
            hs.add(h);
        }
        return new TrainingCurves.ModelRuns("vae", "vae", true, true, SEEDS.subList(0, seeds), hs, times(seeds, 4));
    }

    private static TrainingCurves.ModelRuns fgan(int seeds) {
        List<List<HistoryPoint>> hs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            List<HistoryPoint> h = new ArrayList<>();
            for (int k = 1; k <= 8; k++) {
                h.add(new HistoryPoint(250L * k, k * 1.5, Map.of("bound_hat", 0.4 / k + 0.01 * s, "bound_se", 0.02,
                        "critic_real", 0.5 / k, "critic_fake", -0.5 / k, "lr_g", 2e-4)));
            }
            hs.add(h);
        }
        return new TrainingCurves.ModelRuns("fgan-js", "gan", true, false, SEEDS.subList(0, seeds), hs, times(seeds, 11));
    }

    private static TrainingCurves.ModelRuns gmm() {
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            h.add(new HistoryPoint(i, i * 0.01, Map.of("k", (double) (1 + i / 10), "restart", 0.0, "train_ll", -3 + Math.log(i) * 0.2)));
            if (i % 10 == 0) {
                h.add(new HistoryPoint(i, i * 0.01, Map.of("k", (double) (i / 10), "val_ll", -3 + Math.log(i) * 0.19)));
            }
        }
        return new TrainingCurves.ModelRuns("gmm-diag", "baseline", false, false, List.of(0L), List.of(h), List.of(0.4));
    }

    private static TrainingCurves.ModelRuns kde() {
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            double bw = 0.01 * Math.pow(2, i);
            h.add(new HistoryPoint(i, 0.5, Map.of("bandwidth", bw, "val_ll", -2.4 - Math.pow(Math.log(bw / 0.06), 2) * 0.05)));
        }
        return new TrainingCurves.ModelRuns("kde", "baseline", false, false, List.of(0L), List.of(h), List.of(0.05));
    }

    private static TrainingCurves.ModelRuns gaussian() {
        return new TrainingCurves.ModelRuns("gaussian", "baseline", false, false, List.of(0L, 1L),
                List.of(List.of(new HistoryPoint(0, 0.01, Map.of("train_ll", -3.3))), List.of(new HistoryPoint(0, 0.01, Map.of("train_ll", -3.3)))),
                List.of(0.002, 0.003));
    }

    private static List<TrainingCurves.ModelRuns> grid(int seeds) {
        return List.of(gaussian(), gmm(), kde(), flow("realnvp", 2.4, seeds), flow("nsf", 2.3, seeds), vae(seeds), fgan(seeds));
    }

    private record Written(Document svg, TrainingCurves.Captioned c) {
    }

    /** Writes all three formats and checks each: PNG size and ink, SVG structure and text inside, PDF header. */
    private Written write(TrainingCurves.Captioned c, String name) throws Exception {
        ChartFigure f = c.figure();
        List<Path> files = FigureFiles.write(f, dir, name);
        assertEquals(List.of(name + ".png", name + ".svg", name + ".pdf"), files.stream().map(p -> p.getFileName().toString()).toList());
        FigureChecks.noPartFiles(dir);
        FigureChecks.png(files.get(0), f);
        Document svg = FigureChecks.svg(files.get(1), f);
        FigureChecks.textInside(svg, f);
        byte[] pdf = Files.readAllBytes(files.get(2));
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.ISO_8859_1), name + ".pdf");
        assertEquals(3.3, f.style().widthInches(), "one column of a paper");
        noShortLines(f);
        for (Chart a : f.panels()) {
            if (!a.yLabel().isEmpty()) {
                assertTrue(texts(svg).contains(a.yLabel()), "the rotated y label '" + a.yLabel() + "' is in the SVG");
            }
        }
        return new Written(svg, c);
    }

    /** Every line of every panel runs through two or more finite points. */
    private static void noShortLines(ChartFigure f) {
        for (Chart a : f.panels()) {
            for (Chart.Line line : a.lines()) {
                int n = 0;
                for (int i = 0; i < line.x().length; i++) {
                    if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                        n++;
                    }
                }
                assertTrue(n >= 2, "a line of " + n + " point(s)");
            }
        }
    }

    /**
     * The legend lies outside every plot area: right of them (RIGHT) or below them (BELOW), and its
     * labels are texts of the SVG.
     */
    private static void legendOutside(Document svg, ChartFigure f) {
        Rectangle2D legend = f.legendArea();
        assertTrue(legend != null && legend.getWidth() > 0 && legend.getHeight() > 0, "a legend");
        for (Rectangle2D plot : f.plotAreas()) {
            assertFalse(legend.intersects(plot), "the legend " + legend + " overlaps a plot area " + plot);
            if (f.legend().position() == Legend.Position.RIGHT) {
                assertTrue(legend.getMinX() >= plot.getMaxX(), "right of the panels");
            } else {
                assertTrue(legend.getMinY() >= plot.getMaxY(), "below the panels");
            }
        }
        assertTrue(legend.getMaxX() <= f.widthPoints() + 0.5 && legend.getMaxY() <= f.heightPoints() + 0.5, "inside the figure");
        List<String> t = texts(svg);
        for (Legend.Entry e : f.legend().entries()) {
            assertTrue(t.contains(e.label()), "legend label '" + e.label() + "' drawn: " + t);
        }
    }

    @Test
    void heldOutCurvesOfTheDeepModelsInOnePanelWithBandsAndTheLegendOutside() throws Exception {
        Written w = write(TrainingCurves.heldOut("moons", grid(3)).orElseThrow(), "moons-training");
        ChartFigure f = w.c().figure();
        assertEquals(1, f.panels().size(), "one panel");
        Chart a = f.panels().get(0);
        assertTrue(a.isLogX(), "steps from 10 to 2000: a log axis");
        assertEquals(3, a.lines().size(), "realnvp, nsf and the vae; no f-GAN (no likelihood), no baseline");
        assertEquals(3, a.bands().size(), "three seeds: a band per model");
        legendOutside(w.svg(), f);
        List<String> t = texts(w.svg());
        assertTrue(t.contains("realnvp") && t.contains("nsf") && t.contains("vae (bound)"), t.toString());
        for (String absent : List.of("gaussian", "gmm-diag", "kde", "fgan-js")) {
            assertFalse(t.contains(absent), absent + " is not drawn: " + t);
        }
        assertTrue(t.contains("gradient step") && t.contains("validation NLL (nats)") && t.contains("1k"), t.toString());
        String cap = w.c().caption();
        assertTrue(cap.contains("mean over seeds 0, 1, 2") && cap.contains("min–max") && cap.contains("nats per example")
                && cap.contains("validation split") && cap.contains("logarithmic") && cap.contains("upper bound")
                && cap.contains("baselines take no gradient steps") && cap.contains("fgan-js"), cap);
        assertTrue(cap.contains("run off the top"), "the vae's first evaluations lie far above the rest: " + cap);
    }

    @Test
    void oneSeedDrawsNoBandAndSaysSo() throws Exception {
        Written w = write(TrainingCurves.heldOut("moons", grid(1)).orElseThrow(), "one-seed");
        Chart a = w.c().figure().panels().get(0);
        assertEquals(0, a.bands().size());
        assertTrue(w.c().caption().contains("seed 0 (one seed: no band)"), w.c().caption());
    }

    /** A value logged at a single point (active units, a KL per latent dimension at the end) draws no line. */
    @Test
    void nothingLoggedTwiceDrawsNothing() {
        List<HistoryPoint> once = List.of(new HistoryPoint(100, 1, Map.of("val_nll", 4.0, "active_units", 4.0)));
        var runs = List.of(new TrainingCurves.ModelRuns("realnvp", "flow", true, false, List.of(0L), List.of(once), List.of(1.0)),
                gaussian());
        assertTrue(TrainingCurves.heldOut("moons", runs).isEmpty(), "no figure rather than an empty one");
        assertTrue(TrainingCurves.flows("moons", runs).isEmpty());
        assertTrue(TrainingCurves.vaes("moons", runs).isEmpty());
        assertTrue(TrainingCurves.fgans("moons", runs).isEmpty());
        assertTrue(TrainingCurves.baselineTraces("moons", runs).isEmpty(), "the Gaussian's one point is no trace");
    }

    @Test
    void onlyTheFamiliesPresentGetADiagnosticsFigure() {
        List<TrainingCurves.ModelRuns> flowsOnly = List.of(gaussian(), flow("realnvp", 2.4, 3));
        assertTrue(TrainingCurves.flows("moons", flowsOnly).isPresent());
        assertTrue(TrainingCurves.vaes("moons", flowsOnly).isEmpty());
        assertTrue(TrainingCurves.fgans("moons", flowsOnly).isEmpty());
    }

    @Test
    void flowsOnePanelEachWithTrainingAndValidation() throws Exception {
        Written w = write(TrainingCurves.flows("moons", grid(3)).orElseThrow(), "flows");
        ChartFigure f = w.c().figure();
        assertEquals(2, f.panels().size(), "realnvp and nsf");
        for (Chart a : f.panels()) {
            assertEquals(2, a.lines().size(), "training and validation");
            assertEquals(2, a.bands().size());
        }
        assertArrayEquals(f.panels().get(0).yRange(), f.panels().get(1).yRange(), "shared axes");
        assertArrayEquals(f.panels().get(0).xRange(), f.panels().get(1).xRange());
        List<Rectangle2D> areas = f.plotAreas();
        assertEquals(areas.get(0).getWidth(), areas.get(1).getWidth(), 1e-9, "plot areas of one size");
        assertEquals(areas.get(0).getMinY(), areas.get(1).getMinY(), 1e-9, "side by side");
        legendOutside(w.svg(), f);
        assertTrue(texts(w.svg()).containsAll(List.of("realnvp", "nsf", "training", "validation")));
        assertTrue(w.c().caption().contains("train_nll") && w.c().caption().contains("val_nll"), w.c().caption());
    }

    @Test
    void vaeTermsOverStepsAndTheKlOfEachLatentDimensionAsBars() throws Exception {
        Written w = write(TrainingCurves.vaes("moons", grid(3)).orElseThrow(), "vae");
        ChartFigure f = w.c().figure();
        assertEquals(3, f.panels().size(), "reconstruction, KL, bars");
        Chart bars = f.panels().get(2);
        assertEquals(1, bars.bars().size());
        Chart.Bars b = bars.bars().get(0);
        assertEquals(4, b.at().length, "four latent dimensions");
        assertEquals(0.6 + 0.05, b.value()[1], 1e-12, "the mean over the seeds");
        assertTrue(b.lo() != null && b.hi()[1] > b.lo()[1], "whiskers: min–max over seeds");
        assertEquals(1, f.panels().get(1).bands().size(), "the KL's spread over seeds");
        legendOutside(w.svg(), f);
        String cap = w.c().caption();
        assertTrue(cap.contains("active units") && cap.contains("vae 3–4 of 4") && cap.contains("train_recon"), cap);
    }

    @Test
    void fganBoundWithItsStandardErrorAndTheCriticsOutputs() throws Exception {
        Written w = write(TrainingCurves.fgans("moons", grid(1)).orElseThrow(), "fgan");
        ChartFigure f = w.c().figure();
        assertEquals(2, f.panels().size());
        Chart bound = f.panels().get(0);
        assertEquals(1, bound.bands().size(), "one seed, yet a band: F̂ ± its standard error");
        Chart.Band band = bound.bands().get(0);
        assertEquals(0.4 - 0.02, band.lo()[0], 1e-12);
        assertEquals(0.4 + 0.02, band.hi()[0], 1e-12);
        assertEquals(2, f.panels().get(1).lines().size(), "critic on data and on samples");
        assertFalse(bound.isLogX(), "250 … 2000 steps: a linear axis");
        legendOutside(w.svg(), f);
        assertTrue(w.c().caption().contains("standard error") && w.c().caption().contains("critic_fake"), w.c().caption());
    }

    @Test
    void wallTimeIsItsOwnFigureWithEveryModelsSecondsAsBars() throws Exception {
        Written w = write(TrainingCurves.wallTime("moons", grid(3)).orElseThrow(), "walltime");
        ChartFigure f = w.c().figure();
        assertEquals(2, f.panels().size(), "held-out curves over seconds, and the bars");
        Chart bars = f.panels().get(1);
        int n = bars.bars().stream().mapToInt(b -> b.at().length).sum();
        assertEquals(7, n, "every model, baselines too");
        assertTrue(bars.isLogX(), "0.002 s to 14 s");
        List<String> t = texts(w.svg());
        assertTrue(t.containsAll(List.of("gaussian", "kde", "fgan-js", "training time (s)", "baseline", "gradient-trained")), t.toString());
        legendOutside(w.svg(), f);
        for (String other : List.of("heldOut", "flows", "vaes", "fgans")) {
            var c = switch (other) {
                case "heldOut" -> TrainingCurves.heldOut("moons", grid(3));
                case "flows" -> TrainingCurves.flows("moons", grid(3));
                case "vaes" -> TrainingCurves.vaes("moons", grid(3));
                default -> TrainingCurves.fgans("moons", grid(3));
            };
            for (Chart a : c.orElseThrow().figure().panels()) {
                assertFalse(a.xLabel().contains("time"), other + ": only the wall-clock figure is over seconds");
            }
        }
    }

    @Test
    void baselineTracesOnlyOfTheBaselinesThatLoggedOne() throws Exception {
        Written w = write(TrainingCurves.baselineTraces("moons", grid(3)).orElseThrow(), "baselines");
        ChartFigure f = w.c().figure();
        assertEquals(2, f.panels().size(), "gmm-diag (EM) and kde (bandwidth); the Gaussian has one point");
        assertTrue(f.panels().get(1).isLogX(), "bandwidths from 0.01 to 2.56");
        assertEquals(List.of("gmm-diag, seed 0", "kde, seed 0"), f.panels().stream().map(Chart::title).toList());
        assertTrue(w.c().caption().contains("figures.baseline_traces"), w.c().caption());
    }

    @Test
    void seedsAreAveragedAtEachLoggedStep() {
        List<HistoryPoint> a = List.of(new HistoryPoint(10, 1, Map.of("v", 1.0)), new HistoryPoint(20, 2, Map.of("v", 3.0)));
        List<HistoryPoint> b = List.of(new HistoryPoint(10, 3, Map.of("v", 2.0)), new HistoryPoint(30, 4, Map.of("v", 5.0)));
        TrainingCurves.Curve c = TrainingCurves.curve(List.of(a, b), "v", null, false);
        assertEquals(List.of(10.0, 20.0, 30.0), java.util.Arrays.stream(c.x()).boxed().toList());
        assertEquals(1.5, c.mean()[0]);
        assertEquals(1.0, c.lo()[0]);
        assertEquals(2.0, c.hi()[0]);
        assertTrue(Double.isNaN(c.lo()[1]), "one seed at step 20: no band there");
        assertEquals(3.0, c.mean()[1]);
        TrainingCurves.Curve t = TrainingCurves.curve(List.of(a, b), "v", null, true);
        assertEquals(2.0, t.x()[0], "over seconds: the mean of the seeds' seconds at the step");
    }

    @Test
    void historiesRoundTripThroughRunJson() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int s = 0; s <= 5; s++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", s * 250L);
            r.put("seconds", s * 0.7);
            r.put("val_nll", s == 3 ? Double.NaN : 3.0 - 0.1 * s);
            rows.add(r);
        }
        Path runJson = dir.resolve("run.json");
        Json.write(runJson, Map.of("history", rows, "metrics", List.of(Map.of("metric", "parameters", "value", 10.0),
                Map.of("metric", "train_seconds", "value", 12.5))));
        TrainingCurves.Record back = TrainingCurves.readRun(runJson);
        assertEquals(6, back.history().size());
        assertEquals(750L, back.history().get(3).step());
        assertTrue(Double.isNaN(back.history().get(3).values().get("val_nll")));
        assertEquals(12.5, back.trainSeconds());
        var runs = List.of(new TrainingCurves.ModelRuns("maf", "flow", true, false, List.of(0L), List.of(back.history()),
                List.of(back.trainSeconds())));
        Written w = write(TrainingCurves.heldOut("d", runs).orElseThrow(), "back");
        assertEquals(1, w.c().figure().panels().size(), "a NaN breaks the line; the figure is drawn");
    }
}
