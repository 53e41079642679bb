package dgm.experiments.figures;

import static dgm.experiments.figures.FigureChecks.count;
import static dgm.experiments.figures.FigureChecks.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.rng.Rng;
import dgm.vae.VaeConfig;
import dgm.vae.VaeModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Image grids: layout, the grey scale, nearest neighbours and VAE interpolations. */
class ImageGridsTest {
    private static final int GAP = 0xbdbdbd;

    @TempDir
    Path dir;

    private static double[][] images(int n, int d, int levels, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = rng.uniform(0, levels);
            }
        }
        return x;
    }

    @Test
    void sixtyFourImagesMakeAnEightByEightGrid() {
        assertEquals(8, ImageGrids.columnsFor(64));
        assertEquals(8, ImageGrids.columnsFor(57));
        assertEquals(7, ImageGrids.columnsFor(49));
        assertEquals(1, ImageGrids.columnsFor(1));
        for (int side : new int[] {8, 28}) {
            ImageGrids.GreyScale grey = new ImageGrids.GreyScale(side == 8 ? 17 : 256);
            double[][] images = images(64, side * side, grey.levels(), side);
            Figure f = ImageGrids.samples(images, grey, "samples");
            BufferedImage tiles = ImageGrids.tiles(ImageGrids.grid(images, 8), grey, new int[0], 1);
            assertEquals(8 * (side + 1) + 1, tiles.getWidth(), "8 columns of side " + side);
            assertEquals(8 * (side + 1) + 1, tiles.getHeight(), "8 rows of side " + side);
            assertEquals(1, f.panels().size());
            // the raster the figure draws is that 8 × 8 grid, each pixel a zoom × zoom block
            int zoom = ImageGrids.zoomFor(side);
            assertTrue(zoom > 1 && side * zoom >= ImageGrids.TILE_PIXELS, "zoom " + zoom);
            BufferedImage drawn = ((Layer.Raster) f.panels().get(0).layers().get(0)).image();
            int gap = ImageGrids.gapFor(side * zoom);
            assertEquals(8 * (side * zoom + gap) + gap, drawn.getWidth());
            assertEquals(8 * (side * zoom + gap) + gap, drawn.getHeight());
            // image 9 (row 1, column 0), its pixel (0, 1)
            int y = gap + (side * zoom + gap) + zoom - 1;
            int x = gap + zoom;
            assertEquals(grey.rgb(images[8][1]), drawn.getRGB(x, y) & 0xffffff);
            assertEquals(tiles.getRGB(2, side + 2) & 0xffffff, drawn.getRGB(x, y) & 0xffffff);
        }
    }

    @Test
    void theGreyScaleMapsZeroToWhiteAndTheTopLevelToBlackForEveryL() {
        for (int levels : new int[] {17, 256}) {
            ImageGrids.GreyScale g = new ImageGrids.GreyScale(levels);
            assertEquals(levels - 1, g.black());
            assertEquals(0xffffff, g.rgb(0));
            assertEquals(0x000000, g.rgb(levels - 1));
            // clamped outside [0, L − 1]: dequantised values up to L, and samples anywhere
            assertEquals(0xffffff, g.rgb(-5));
            assertEquals(0x000000, g.rgb(levels - 0.01));
            assertEquals(0x000000, g.rgb(10 * levels));
            assertEquals(0x000000, g.rgb(Double.POSITIVE_INFINITY));
            assertEquals(ImageGrids.NOT_FINITE, g.rgb(Double.NaN));
            int mid = g.rgb((levels - 1) / 2.0) & 0xff;
            assertTrue(mid > 120 && mid < 135, "mid grey " + mid);
            assertTrue(g.describe().contains("0 white to " + (levels - 1) + " black"), g.describe());
            assertTrue(g.describe().contains("clamped to [0, " + (levels - 1) + "]"), g.describe());
            // and the drawn tiles use it: pixel (0, 0) of the first image at (1, 1)
            double[][] one = {new double[16]};
            one[0][0] = levels - 1;
            one[0][1] = 0;
            BufferedImage t = ImageGrids.tiles(one, 1, g);
            assertEquals(0x000000, t.getRGB(1, 1) & 0xffffff);
            assertEquals(0xffffff, t.getRGB(2, 1) & 0xffffff);
            assertEquals(GAP, t.getRGB(0, 0) & 0xffffff);
        }
        assertThrows(IllegalArgumentException.class, () -> new ImageGrids.GreyScale(1));
    }

    @Test
    void nearestNeighboursOnAHandMadeSet() {
        double[][] reference = {{0, 0}, {3, 4}, {1, 0}, {0, 2}, {10, 10}, {1, 0}};
        double[][] queries = {{0, 0}, {3, 3}, {9, 9}};
        ImageFigures.Neighbours nn = ImageFigures.nearest(queries, reference, 3);
        // (0,0): itself 0, then the two copies of (1,0) at 1 (lower index first), then (0,2) at 2
        assertArrayEquals(new int[] {0, 2, 5}, nn.index()[0]);
        assertArrayEquals(new double[] {0, 1, 1}, nn.distance()[0], 1e-12);
        // (3,3): (3,4) at 1, (0,2) at √10, (1,0) at √13 (index 2 before its copy 5)
        assertArrayEquals(new int[] {1, 3, 2}, nn.index()[1]);
        assertArrayEquals(new double[] {1, Math.sqrt(10), Math.sqrt(13)}, nn.distance()[1], 1e-12);
        // (9,9): (10,10) at √2, (3,4) at √61, (0,2) at √130
        assertArrayEquals(new int[] {4, 1, 3}, nn.index()[2]);
        assertArrayEquals(new double[] {Math.sqrt(2), Math.sqrt(61), Math.sqrt(130)}, nn.distance()[2], 1e-12);
        assertArrayEquals(reference[4], nn.rows(reference)[2][0]);
        assertThrows(IllegalArgumentException.class, () -> ImageFigures.nearest(queries, reference, 7));

        // against brute force on random data
        Rng rng = new Rng(2);
        double[][] ref = rng.gaussian(200, 5);
        double[][] q = rng.gaussian(7, 5);
        ImageFigures.Neighbours got = ImageFigures.nearest(q, ref, 4);
        for (int i = 0; i < q.length; i++) {
            double[] all = new double[ref.length];
            for (int r = 0; r < ref.length; r++) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    s += (q[i][j] - ref[r][j]) * (q[i][j] - ref[r][j]);
                }
                all[r] = Math.sqrt(s);
            }
            double[] sorted = all.clone();
            java.util.Arrays.sort(sorted);
            for (int j = 0; j < 4; j++) {
                assertEquals(sorted[j], got.distance()[i][j], 1e-12);
                assertEquals(all[got.index()[i][j]], got.distance()[i][j], 1e-12);
            }
        }
        assertEquals(2.5, ImageFigures.median(new double[] {4, 1, 2, 3}));
        assertEquals(2, ImageFigures.median(new double[] {3, 1, 2}));
    }

    @Test
    void interpolationEndpointsAreTheDecodedPosteriorMeans() {
        VaeModel vae = new VaeModel("vae", new VaeConfig(16, 3, 8, 1, "tanh", "gaussian", 0, 0.01), new Rng(4));
        double[][] a = images(5, 16, 17, 5);
        double[][] b = images(5, 16, 17, 6);
        double[][][] paths = ImageFigures.interpolate(vae, a, b, 10);
        assertEquals(5, paths.length);
        double[][] ra = vae.decodeMean(vae.encode(a).mean());
        double[][] rb = vae.decodeMean(vae.encode(b).mean());
        for (int i = 0; i < 5; i++) {
            assertEquals(10, paths[i].length);
            assertArrayEquals(ra[i], paths[i][0], 1e-9, "start of pair " + i);
            assertArrayEquals(rb[i], paths[i][9], 1e-9, "end of pair " + i);
            // the middle step decodes the midpoint of the two posterior means
            assertFalse(java.util.Arrays.equals(paths[i][0], paths[i][4]));
        }
        double[][] mid = new double[1][3];
        double[] ma = vae.encode(a).mean()[0];
        double[] mb = vae.encode(b).mean()[0];
        double[][] one = ImageFigures.interpolate(vae, new double[][] {a[0]}, new double[][] {b[0]}, 3)[0];
        for (int j = 0; j < 3; j++) {
            mid[0][j] = 0.5 * ma[j] + 0.5 * mb[j];
        }
        assertArrayEquals(vae.decodeMean(mid)[0], one[1], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ImageFigures.interpolate(vae, a, b, 1));
    }

    @Test
    void onlyDequantisedSquareDataAreImages() {
        double[][] rows = images(4, 64, 17, 1);
        assertTrue(ImageFigures.isImage(dataset(DataKind.DEQUANTISED, 17, rows)));
        assertFalse(ImageFigures.isImage(dataset(DataKind.CONTINUOUS, 0, rows)));
        assertFalse(ImageFigures.isImage(dataset(DataKind.DEQUANTISED, 17, images(4, 63, 17, 1))));
        assertFalse(ImageFigures.isImage(dataset(DataKind.DEQUANTISED, 17, images(4, 4, 17, 1))), "2 × 2 is no image");
        assertTrue(ImageFigures.isImage(dataset(DataKind.DEQUANTISED, 256, images(4, 784, 256, 1))));
    }

    private static Dataset dataset(DataKind kind, int levels, double[][] rows) {
        return new Dataset("x", "x", kind, levels, "test", rows, rows, rows, Optional.empty(), Optional.empty());
    }

    @Test
    void neighboursAndInterpolationFiguresDrawEveryPanelWithItsLabel() throws Exception {
        ImageGrids.GreyScale grey = new ImageGrids.GreyScale(256);
        double[][] samples = images(8, 784, 256, 7);
        double[][] train = images(50, 784, 256, 8);
        ImageFigures.Neighbours nn = ImageFigures.nearest(samples, train, 3);
        Figure f = ImageGrids.neighbours(samples, nn.rows(train), nn.distance(), grey, "m: samples and nearest training images");
        assertEquals(8 * 4, f.panels().size());
        assertEquals(8, f.columns());
        List<Path> files = FigureFiles.write(f, dir, "neighbours");
        Document svg = FigureChecks.svg(files.get(1), f);
        FigureChecks.png(files.get(0), f);
        assertEquals(32, count(svg, "clipPath"), "one plot area per panel");
        List<String> t = texts(svg);
        assertTrue(t.contains("sample 1") && t.contains("sample 8"), t.toString());
        assertTrue(t.contains("d = " + ImageGrids.format(nn.distance()[0][0])), t.toString());

        double[][][] paths = new double[8][10][];
        for (int i = 0; i < 8; i++) {
            for (int s = 0; s < 10; s++) {
                paths[i][s] = train[(i + s) % train.length];
            }
        }
        Figure g = ImageGrids.interpolations(samples, paths, samples, grey, "interpolations");
        Layer.Raster r = (Layer.Raster) g.panels().get(0).layers().get(0);
        int zoom = ImageGrids.zoomFor(28);
        int gap = ImageGrids.gapFor(28 * zoom);
        int tile = 28 * zoom + gap;
        int space = 14 * zoom;
        assertEquals(12 * tile + gap + 2 * (space + gap), r.image().getWidth(), "12 tiles and two spaces");
        assertEquals(8 * tile + gap, r.image().getHeight());
        assertEquals(0xffffff, r.image().getRGB(tile + gap, 0) & 0xffffff, "white space after the first column");
        assertEquals(GAP, r.image().getRGB(tile + gap + space, 0) & 0xffffff, "then the gap line of the path");
        List<Path> gf = FigureFiles.write(g, dir, "interpolations");
        FigureChecks.png(gf.get(0), g);
        FigureChecks.svg(gf.get(1), g);
    }

    @Test
    void numbersInLabelsHaveThreeSignificantDigits() {
        assertEquals("1523", ImageGrids.format(1523.4));
        assertEquals("16", ImageGrids.format(16));
        assertEquals("12.3", ImageGrids.format(12.345));
        assertEquals("1.50", ImageGrids.format(1.5));
        assertEquals("0.50", ImageGrids.format(0.5));
        assertEquals("0", ImageGrids.format(0));
    }
}
