package dgm.experiments.figures;

import static dgm.experiments.figures.FigureChecks.hasColour;
import static dgm.experiments.figures.FigureChecks.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Line and bar charts through JFreeChart: what is drawn, where the legend goes, every format, the same bytes twice. */
class ChartFigureTest {
    @TempDir
    Path dir;

    private static ChartFigure layers(Legend.Position where) {
        double[] x = {1, 10, 100, 1000};
        Chart curves = new Chart().logX().xRange(0.8, 1200).xLabel("step").yLabel("NLL (nats)")
                .band(x, new double[] {1, 2, Double.NaN, 3}, new double[] {2, 3, Double.NaN, 4}, Legend.translucent(ColorMap.series(0)))
                .line(x, new double[] {1.5, 2.5, 3, 3.5}, ColorMap.series(0), false, 1.0, 1.3);
        // eleven rows at about 8 points each, as in a comparison's wall-clock figure: every row named
        String[] names = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "vae", "realnvp", "gaussian"};
        double[] at = new double[names.length];
        double[] value = new double[names.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
            value[i] = 0.01 * Math.pow(2, i);
        }
        Chart bars = new Chart().yRange(-0.6, names.length - 0.4).categories(names).aspect(0.055 * names.length)
                .logX().xRange(0.001, 100).xLabel("seconds")
                .horizontalBars(at, value, null, null, 0.7, ColorMap.series(2));
        Chart upright = new Chart().xRange(-0.6, 2.4).yRange(-1.5, 2.2).xTickStep(1)
                .bars(new double[] {0, 1, 2}, new double[] {1, 2, -1}, null, null, 0.8, ColorMap.series(1));
        Legend legend = new Legend(List.of(new Legend.Entry("mean ± band", ColorMap.series(0), Legend.Swatch.LINE_BAND),
                new Legend.Entry("bars", ColorMap.series(2), Legend.Swatch.PATCH),
                new Legend.Entry("dashed", ColorMap.series(1), Legend.Swatch.DASHED)), where);
        return ChartFigure.of(Style.column(), 1, List.of(curves, bars, upright)).legend(legend);
    }

    @Test
    void bandsBarsAndAnOutsideLegendDrawInEveryFormat() throws Exception {
        for (Legend.Position where : Legend.Position.values()) {
            ChartFigure f = layers(where);
            List<Path> files = FigureFiles.write(f, dir, "layers-" + where);
            FigureChecks.noPartFiles(dir);
            BufferedImage png = FigureChecks.png(files.get(0), f);
            Document svg = FigureChecks.svg(files.get(1), f);
            FigureChecks.textInside(svg, f);
            List<String> t = texts(svg);
            assertTrue(t.containsAll(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "gaussian", "realnvp", "vae", "mean ± band", "bars", "dashed", "1k", "0.001",
                    "step", "seconds", "NLL (nats)", "\u22121.0")), "category names, log labels, a typographic minus, "
                    + "the rotated y label: " + t);
            assertTrue(hasColour(png, ColorMap.series(2).getRGB() & 0xffffff, 10), "the bars' colour");
            assertTrue(hasColour(png, blend(ColorMap.series(0).getRGB(), 56), 6), "the band, translucent over white");
            byte[] pdf = Files.readAllBytes(files.get(2));
            String text = new String(pdf, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("%PDF-"), "a PDF");
            assertTrue(text.contains("/ca"), "the PDF keeps the band's alpha");
            assertFalse(FigureChecks.pdfContent(pdf).contains(" Tj"), "text as glyph outlines: no text operator, whose font the PDF "
                    + "would name without embedding it");

            Rectangle2D legend = f.legendArea();
            List<Rectangle2D> plots = f.plotAreas();
            assertEquals(3, plots.size());
            for (Rectangle2D p : plots) {
                assertFalse(legend.intersects(p), "the legend covers no plot area");
                assertEquals(plots.get(0).getMinX(), p.getMinX(), 1e-9, "the plot areas of a column line up");
                assertEquals(plots.get(0).getWidth(), p.getWidth(), 1e-9);
            }
            // (to a point: JFreeChart places the plot area on whole points)
            assertEquals(0.7 * plots.get(0).getWidth(), plots.get(0).getHeight(), 1.0, "height from the aspect");
            assertEquals(0.055 * 11 * plots.get(1).getWidth(), plots.get(1).getHeight(), 1.0);
            if (where == Legend.Position.RIGHT) {
                assertTrue(legend.getMinX() >= plots.get(0).getMaxX(), "right of the panels");
                assertTrue(plots.get(0).getWidth() < ChartFigure.of(Style.column(), 1, List.of(new Chart())).plotAreas().get(0).getWidth(),
                        "the legend takes its width from the plots");
            } else {
                assertTrue(legend.getMinY() >= plots.get(2).getMaxY(), "below the panels");
            }
        }
    }

    @Test
    void theSameFigureGivesTheSameBytes() {
        ChartFigure a = layers(Legend.Position.RIGHT);
        ChartFigure b = layers(Legend.Position.RIGHT);
        assertEquals(a.toSvg(), b.toSvg(), "SVG (clip paths renumbered, not named by identity hash codes)");
        assertArrayEquals(a.toPdf(), b.toPdf(), "PDF");
        BufferedImage pa = a.toImage();
        BufferedImage pb = b.toImage();
        assertArrayEquals(pa.getRGB(0, 0, pa.getWidth(), pa.getHeight(), null, 0, pa.getWidth()),
                pb.getRGB(0, 0, pb.getWidth(), pb.getHeight(), null, 0, pb.getWidth()), "PNG pixels");
        assertTrue(a.toSvg().contains("id=\"clip1\""), "clip paths numbered in order");
    }

    @Test
    void tickLabelsOfLinearAxes() {
        assertEquals("\u22120.5", new Chart.TickFormat(0.5).format(-0.5));
        assertEquals("0.0", new Chart.TickFormat(0.5).format(-0.0));
        assertEquals("20", new Chart.TickFormat(10).format(20));
        assertEquals("0.25", new Chart.TickFormat(0.05).format(0.25));
        assertEquals("2k", new Chart.TickFormat(1000).format(2000));
        assertEquals("500", new Chart.TickFormat(500).format(500));
    }

    @Test
    void aLineNeedsAsManyXAsY() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Chart().line(new double[] {1, 2}, new double[] {1}, ColorMap.series(0), false, 1, 0));
        assertTrue(e.getMessage().contains("2 and 1"), e.getMessage());
    }

    /** {@code rgb} at {@code alpha}/255 over white. */
    private static int blend(int rgb, int alpha) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (rgb >> shift) & 255;
            out |= (int) Math.round(c * alpha / 255.0 + 255 * (1 - alpha / 255.0)) << shift;
        }
        return out;
    }
}
