package dgm.experiments.figures;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.AttributedCharacterIterator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PDF and SVG of a figure through VectorGraphics2D: the figure draws itself in points onto a
 * Graphics2D that records vectors, and VectorGraphics2D writes the document. Both kinds of
 * {@link PaperFigure} go through here.
 */
final class VectorOutput {
    private VectorOutput() {
    }

    /** VectorGraphics2D's documents are in millimetres: the PDF's drawing is scaled from points. */
    private static final double MM_PER_POINT = 25.4 / 72;

    /** A one-page PDF of {@code w × h} points; text as glyph outlines in the figure's own font. */
    static byte[] pdf(double w, double h, Consumer<Graphics2D> drawInPoints) {
        VectorGraphics2D vg = new OutlinedText();
        vg.scale(MM_PER_POINT, MM_PER_POINT);
        background(vg, w, h);
        drawInPoints.accept(vg);
        vg.dispose();
        return write(vg, "pdf", w * MM_PER_POINT, h * MM_PER_POINT);
    }

    /**
     * An SVG document of {@code w × h} points, text as text: VectorGraphics2D's, sized in points
     * ({@code pt}, as a paper's figure is sized) rather than CSS pixels, without the DOCTYPE (which
     * would make a parser fetch the SVG 1.1 DTD), and with its clip paths numbered in order.
     */
    static String svg(double w, double h, Consumer<Graphics2D> drawInPoints) {
        VectorGraphics2D vg = new VectorGraphics2D();
        background(vg, w, h);
        drawInPoints.accept(vg);
        vg.dispose();
        String svg = new String(write(vg, "svg", w, h), StandardCharsets.UTF_8);
        svg = svg.replaceFirst("<!DOCTYPE[^>]*>\\s*", "");
        svg = svg.replaceFirst("height=\"[^\"]*px\"", "height=\"" + num(h) + "pt\"")
                .replaceFirst("width=\"[^\"]*px\"", "width=\"" + num(w) + "pt\"")
                .replaceFirst("viewBox=\"[^\"]*\"", "viewBox=\"0 0 " + num(w) + " " + num(h) + "\"")
                .replaceFirst(" x=\"0px\" y=\"0px\"", "");
        return numberClips(svg);
    }

    private static void background(Graphics2D g, double w, double h) {
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, w, h));
    }

    private static byte[] write(VectorGraphics2D vg, String format, double w, double h) {
        Document doc = Processors.get(format).getDocument(vg.getCommands(), new PageSize(0, 0, w, h));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + format.toUpperCase(Locale.ROOT) + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static final Pattern CLIP_ID = Pattern.compile("clip-?\\d+");

    /**
     * VectorGraphics2D names clip paths by identity hash codes, different in every run: renamed
     * clip1, clip2, … in order of appearance, so the same figure gives the same file.
     */
    static String numberClips(String svg) {
        Map<String, String> names = new HashMap<>();
        Matcher m = CLIP_ID.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length());
        while (m.find()) {
            m.appendReplacement(out, names.computeIfAbsent(m.group(), k -> "clip" + (names.size() + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A length in points with at most two decimals, for the SVG's size. */
    static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 0.005) {
            return Long.toString(Math.round(v));
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.equals("-0") ? "0" : s;
    }

    /**
     * VectorGraphics2D that draws text as the glyphs' outlines in the figure's font: its PDF otherwise
     * names the font without embedding it, in an encoding without the minus sign of the tick labels
     * (and its text-as-vectors hint does not reach the PDF). Sub-graphics made by {@code create()}
     * are clones, so they draw text the same way.
     */
    static final class OutlinedText extends VectorGraphics2D {
        @Override
        public void drawString(String s, float x, float y) {
            if (s != null && !s.isEmpty()) {
                fill(getFont().createGlyphVector(getFontRenderContext(), s).getOutline(x, y));
            }
        }

        @Override
        public void drawString(String s, int x, int y) {
            drawString(s, (float) x, (float) y);
        }

        @Override
        public void drawString(AttributedCharacterIterator it, float x, float y) {
            if (it.getEndIndex() > it.getBeginIndex()) {
                fill(new TextLayout(it, getFontRenderContext()).getOutline(AffineTransform.getTranslateInstance(x, y)));
            }
        }

        @Override
        public void drawString(AttributedCharacterIterator it, int x, int y) {
            drawString(it, (float) x, (float) y);
        }

        @Override
        public void drawGlyphVector(GlyphVector g, float x, float y) {
            fill(g.getOutline(x, y));
        }
    }
}
