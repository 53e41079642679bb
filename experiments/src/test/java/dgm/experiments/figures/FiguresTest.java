package dgm.experiments.figures;

import static dgm.experiments.figures.FigureChecks.count;
import static dgm.experiments.figures.FigureChecks.hasColour;
import static dgm.experiments.figures.FigureChecks.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.metrics.Kind;
import dgm.core.rng.Rng;
import dgm.flow.variational.Energies;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Renders every figure type headlessly from synthetic inputs and checks the PNG and SVG files. */
class FiguresTest {
    private static final int VIRIDIS_TOP = 0xfde725;

    @TempDir
    Path dir;

    private record Written(BufferedImage png, Document svg) {
    }

    private Written write(Figure f, String name) throws Exception {
        List<Path> files = FigureFiles.write(f, dir, name);
        FigureChecks.noPartFiles(dir);
        Document svg = FigureChecks.svg(files.get(1), f);
        FigureChecks.textInside(svg, f);
        return new Written(FigureChecks.png(files.get(0), f), svg);
    }

    private static double[][] gaussian(int n, double sx, double sy, Rng rng) {
        double[][] z = rng.gaussian(n, 2);
        for (double[] r : z) {
            r[0] *= sx;
            r[1] *= sy;
        }
        return z;
    }

    @Test
    void toySamplesShowTheTrueDensityAndEachModelsSamples() throws Exception {
        ToyDistribution moons = Toys.byId("moons").orElseThrow();
        Rng rng = new Rng(1);
        Map<String, double[][]> samples = new LinkedHashMap<>();
        samples.put("realnvp", moons.sample(800, rng));
        samples.put("gaussian", gaussian(800, 1, 0.5, rng));
        Figure f = ToyFigures.samples(moons, samples);
        Written w = write(f, "moons-samples");
        assertEquals(3, count(w.svg(), "clipPath"), "one plot area per panel");
        assertEquals(1600, count(w.svg(), "ellipse"), "two models' 800 samples");
        assertEquals(1, count(w.svg(), "image"), "one heat map");
        assertTrue(texts(w.svg()).containsAll(List.of("true density", "realnvp", "gaussian", "moons: samples")));
        assertTrue(hasColour(w.png(), VIRIDIS_TOP, 12), "the density's peak in viridis yellow");
    }

    @Test
    void densityPanelsShareTheTrueScaleAndSayWhichIsABound() throws Exception {
        ToyDistribution eight = Toys.byId("8gaussians").orElseThrow();
        DensitySurface.LogDensityField wide = pts -> {
            double[] out = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                out[i] = -Math.log(2 * Math.PI * 4) - (pts[i][0] * pts[i][0] + pts[i][1] * pts[i][1]) / 8;
            }
            return out;
        };
        Figure f = ToyFigures.densities(eight, List.of(
                new DensitySurface("gaussian", Kind.EXACT, wide),
                new DensitySurface("vae", Kind.BOUND, pts -> { // a bound: log q − 0.5
                    double[] v = wide.logDensity(pts);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= 0.5;
                    }
                    return v;
                })));
        Written w = write(f, "8gaussians-density");
        assertEquals(3, count(w.svg(), "clipPath"), "one plot area per panel");
        assertEquals(3 + 1, count(w.svg(), "image"), "three heat maps and one colour bar");

        List<String> t = texts(w.svg());
        assertTrue(t.contains("vae (bound)"), t.toString());
        assertTrue(t.contains("density"), "colour bar label");
        assertTrue(hasColour(w.png(), VIRIDIS_TOP, 12));
    }

    @Test
    void digitGridsOfSamplesAndReconstructions() throws Exception {
        Rng rng = new Rng(3);
        double[][] images = new double[30][64];
        for (double[] im : images) {
            for (int j = 0; j < 64; j++) {
                im[j] = Math.floor(rng.uniform(0, 17));
            }
        }
        ImageGrids.GreyScale grey = new ImageGrids.GreyScale(17);
        Figure f = ImageGrids.samples(images, grey, "vae samples");
        Written w = write(f, "digits-samples");
        assertEquals(1, count(w.svg(), "clipPath"), "one plot area per panel");
        assertEquals(1, count(w.svg(), "image"));
        assertTrue(hasColour(w.png(), 0x000000, 0) && hasColour(w.png(), 0xffffff, 0));
        BufferedImage tiles = ImageGrids.tiles(images, 10, grey);
        assertEquals(10 * 9 + 1, tiles.getWidth());
        assertEquals(3 * 9 + 1, tiles.getHeight());
        assertEquals(grey.rgb(images[0][0]), tiles.getRGB(1, 1) & 0xffffff);

        double[][] recon = new double[30][];
        for (int i = 0; i < 30; i++) {
            recon[i] = images[i].clone();
            recon[i][0] = 8;
        }
        Figure r = ImageGrids.reconstructions(images, recon, grey);
        Written wr = write(r, "digits-reconstructions");
        assertEquals(2, count(wr.svg(), "clipPath"), "one plot area per panel");
        assertTrue(texts(wr.svg()).containsAll(List.of("data", "reconstruction")));
    }

    @Test
    void energyFitShowsTheTargetBesideTheSamples() throws Exception {
        Rng rng = new Rng(4);
        Figure f = EnergyFits.figure(List.of(
                new EnergyFits.Fit(Energies.named("U1"), "planar", gaussian(500, 2, 2, rng)),
                new EnergyFits.Fit(Energies.named("U2"), "radial", gaussian(500, 1, 1, rng))));
        Written w = write(f, "energies");
        assertEquals(4, count(w.svg(), "clipPath"), "one plot area per panel");
        assertEquals(1000, count(w.svg(), "ellipse"));
        assertTrue(texts(w.svg()).containsAll(List.of("U1: exp(\u2212U)", "radial samples")));
        assertTrue(hasColour(w.png(), VIRIDIS_TOP, 12));
    }

    @Test
    void rewritingAFigureReplacesItAtomically() throws Exception {
        Figure f = Figure.row(Style.column(), List.of(new Axes().scatter(new double[][] {{0, 0}, {1, 1}}, ColorMap.series(0), 1)));
        FigureFiles.write(f, dir, "same");
        long first = Files.size(dir.resolve("same.svg"));
        Figure g = Figure.row(Style.column(), List.of(new Axes().title("second").scatter(new double[][] {{0, 0}, {1, 1}, {2, 0}},
                ColorMap.series(1), 1)));
        FigureFiles.write(g, dir, "same");
        FigureChecks.noPartFiles(dir);
        assertTrue(Files.readString(dir.resolve("same.svg")).contains("second"));
        assertTrue(Files.size(dir.resolve("same.svg")) != first);
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "same.png, same.svg and same.pdf, nothing else");
        }
    }

    @Test
    void panelTransformsMapDataRangesOntoPlotAreas() {
        Figure f = Figure.of(Style.column(), 2, List.of(
                new Axes().range(new Box(-1, 3, 0, 2)), new Axes().range(Box.square(5)).aspect(0.5), new Axes()));
        List<Axes.Transform> t = f.transforms();
        assertEquals(3, t.size());
        Axes.Transform a = t.get(0);
        assertEquals(a.px(), a.x(-1), 1e-9);
        assertEquals(a.px() + a.pw(), a.x(3), 1e-9);
        assertEquals(a.py() + a.ph(), a.y(0), 1e-9, "y points up in data space");
        assertEquals(1.25, a.dataX(a.x(1.25)), 1e-12);
        assertEquals(a.pw(), t.get(1).pw(), 1e-9, "equal plot widths");
        assertEquals(0.5 * t.get(1).pw(), t.get(1).ph(), 1e-9, "aspect");
        assertTrue(t.get(2).py() > a.py() + a.ph(), "third panel on the second row");
        assertTrue(a.px() + a.pw() < t.get(1).px() && t.get(1).px() + t.get(1).pw() <= f.widthPoints());
    }

    @Test
    void ticksAreNiceAndLabelledWithATypographicMinus() {
        assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, Ticks.nice(-2.3, 2.4, 5), 1e-12);
        assertArrayEquals(new String[] {"\u22122", "\u22121", "0", "1", "2"}, Ticks.labels(Ticks.nice(-2.3, 2.4, 5)));
        assertArrayEquals(new String[] {"0.0", "0.5", "1.0"}, Ticks.labels(new double[] {0, 0.5, 1}));
        assertArrayEquals(new String[] {"0.00", "0.25", "0.50"}, Ticks.labels(new double[] {0, 0.25, 0.5}));
        assertArrayEquals(new String[] {"0k", "10k", "20k"}, Ticks.labels(new double[] {0, 10000, 20000}));
        assertEquals("-0.3", VectorOutput.num(-0.3));
        assertEquals("0.05", VectorOutput.num(0.049999));
        assertEquals("-12.25", VectorOutput.num(-12.25));
        assertEquals("7", VectorOutput.num(7.001));
    }

    @Test
    void logarithmicTicksArePowersOfTenOrOneTwoFive() {
        assertArrayEquals(new double[] {10, 100, 1000}, Ticks.log(5, 2000), 1e-9);
        assertArrayEquals(new String[] {"10", "100", "1k"}, Ticks.logLabels(Ticks.log(5, 2000)));
        assertArrayEquals(new double[] {500, 1000, 2000, 5000}, Ticks.log(391, 8000), 1e-9, "under three decades: 1, 2, 5");
        assertArrayEquals(new String[] {"0.01", "0.1", "1", "10", "100"}, Ticks.logLabels(Ticks.log(0.004, 150)));
        assertArrayEquals(new String[] {"20k", "1M"}, Ticks.logLabels(new double[] {20000, 1e6}));
        assertEquals(8, Ticks.logMinor(10, 100).length, "2 … 9 × 10");
        assertEquals(0, Ticks.log(0, 10).length, "no log ticks over a range that reaches 0");
    }
}
