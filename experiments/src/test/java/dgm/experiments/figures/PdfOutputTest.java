package dgm.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every figure is written as PDF beside PNG and SVG: a one-page PDF of the figure's size in points. */
class PdfOutputTest {
    @TempDir
    Path dir;

    @Test
    void aRasterGridFigureBecomesAOnePagePdfOfItsSize() throws Exception {
        Rng rng = new Rng(1);
        double[][] images = new double[64][64];
        for (double[] r : images) {
            for (int j = 0; j < 64; j++) {
                r[j] = rng.uniform(0, 17);
            }
        }
        Figure f = ImageGrids.samples(images, new ImageGrids.GreyScale(17), "samples");
        List<Path> files = FigureFiles.write(f, dir, "grid");
        assertTrue(files.get(2).toString().endsWith("grid.pdf"), files.toString());
        byte[] pdf = Files.readAllBytes(files.get(2));
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-"), "a PDF header");
        assertTrue(text.contains("/Type /Page") || text.contains("/Type/Page"), "a page");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]").matcher(text);
        assertTrue(m.find(), "a media box");
        assertEquals(f.widthPoints(), Double.parseDouble(m.group(1)), 0.1, "page width = the figure's, in points");
        assertEquals(f.heightPoints(), Double.parseDouble(m.group(2)), 0.1, "page height = the figure's, in points");
        String content = FigureChecks.pdfContent(pdf);
        assertTrue(content.contains(" re") || content.contains(" f"), "drawing operators");
        assertTrue(!content.contains(" Tj"), "the title as glyph outlines, not text in a font the PDF names without embedding");
    }
}
