package dgm.experiments.figures;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.util.Arrays;

/**
 * Fixed sizes for a paper: the figure width in inches, one explicit font family and the point sizes
 * of titles, labels and tick labels. Everything in a figure is laid out in points (1/72 inch); the
 * PNG is rendered at {@code dpi × scale} pixels per inch, PDF and SVG in points.
 *
 * @param widthInches figure width (3.3 in: one column of a two-column paper; 6.9 in: full width)
 * @param fontFamily  the font, set explicitly (DejaVu Sans where installed, as in matplotlib)
 * @param dpi         PNG base resolution
 * @param scale       PNG supersampling factor (2 → 300 dpi at a 150 dpi base), for sharp lines and text
 */
public record Style(double widthInches, String fontFamily, double titleSize, double labelSize, double tickSize,
                    double lineWidth, double dpi, double scale) {

    /** The preferred family, or the JDK's logical sans-serif font when it is not installed. */
    public static final String SANS = installed("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;

    /** One column of a two-column paper: 3.3 in wide, 8/7/6.5 pt text. */
    public static Style column() {
        return new Style(3.3, SANS, 8, 7, 6.5, 0.8, 150, 2);
    }

    /** The full text width of a two-column paper: 6.9 in wide, same text sizes. */
    public static Style wide() {
        return column().withWidth(6.9);
    }

    public Style withWidth(double inches) {
        return new Style(inches, fontFamily, titleSize, labelSize, tickSize, lineWidth, dpi, scale);
    }

    /** Figure width in points. */
    public double widthPoints() {
        return widthInches * 72;
    }

    /** PNG pixels per point. */
    public double pixelsPerPoint() {
        return dpi * scale / 72;
    }

    /** The AWT font at this size (points). */
    public Font font(double size, boolean bold) {
        return new Font(fontFamily, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
    }

    /** Advance width of {@code s} in points; both back-ends lay out text with this measure. */
    public double textWidth(String s, double size, boolean bold) {
        return font(size, bold).getStringBounds(s, FRC).getWidth();
    }

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private static boolean installed(String family) {
        try {
            return Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
                    .contains(family);
        } catch (RuntimeException | Error e) {
            return false;
        }
    }
}
