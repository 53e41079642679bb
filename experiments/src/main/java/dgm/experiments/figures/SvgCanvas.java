package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Renders a figure as SVG 1.1 text in points: vectors stay vectors, text stays text (in the style's
 * font family), rasters (heat maps, digit grids) are embedded as PNG data, as matplotlib does.
 */
final class SvgCanvas implements Canvas {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final Style style;
    private int clipCount;

    private SvgCanvas(Style style) {
        this.style = style;
    }

    /** The complete SVG document of {@code figure}. */
    static String render(Figure figure) {
        Style s = figure.style();
        SvgCanvas c = new SvgCanvas(s);
        double w = figure.widthPoints();
        double h = figure.heightPoints();
        c.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
                .append(" width=\"").append(num(w)).append("pt\" height=\"").append(num(h)).append("pt\"")
                .append(" viewBox=\"0 0 ").append(num(w)).append(' ').append(num(h)).append("\"")
                .append(" font-family=\"").append(escape(s.svgFontFamily())).append("\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        figure.draw(c);
        c.out.append("</svg>\n");
        return c.out.toString();
    }

    @Override
    public void beginGroup(String cssClass) {
        out.append("<g class=\"").append(escape(cssClass)).append("\">\n");
    }

    @Override
    public void endGroup() {
        out.append("</g>\n");
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        String id = "clip" + (clipCount++);
        out.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append("\"/></clipPath>\n")
                .append("<g clip-path=\"url(#").append(id).append(")\">\n");
    }

    @Override
    public void popClip() {
        out.append("</g>\n");
    }

    @Override
    public void fillRect(double x, double y, double w, double h, Color fill) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\"").append(paint("fill", fill)).append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, Color stroke, double width) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"none\"").append(paint("stroke", stroke))
                .append(" stroke-width=\"").append(num(width)).append("\"/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, Color stroke, double width, boolean dashed) {
        if (n < 2) {
            return;
        }
        out.append("<path d=\"");
        appendPath(xs, ys, n, false);
        out.append("\" fill=\"none\"").append(paint("stroke", stroke)).append(" stroke-width=\"").append(num(width))
                .append("\" stroke-linejoin=\"round\"").append(dashed ? " stroke-dasharray=\"3,2\"" : " stroke-linecap=\"round\"")
                .append("/>\n");
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, Color fill) {
        out.append("<path d=\"");
        appendPath(xs, ys, n, true);
        out.append("\"").append(paint("fill", fill)).append("/>\n");
    }

    @Override
    public void markers(double[] xs, double[] ys, int n, double radius, Color fill) {
        out.append("<g class=\"markers\"").append(paint("fill", fill)).append(">\n");
        String r = num(radius);
        for (int i = 0; i < n; i++) {
            out.append("<circle cx=\"").append(num(xs[i])).append("\" cy=\"").append(num(ys[i])).append("\" r=\"").append(r)
                    .append("\"/>\n");
        }
        out.append("</g>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold, Anchor anchor, double degrees, Color color) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(size))
                .append("\"");
        if (bold) {
            out.append(" font-weight=\"bold\"");
        }
        if (anchor != Anchor.START) {
            out.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append("\"");
        }
        if (degrees != 0) {
            out.append(" transform=\"rotate(").append(num(degrees)).append(' ').append(num(x)).append(' ').append(num(y))
                    .append(")\"");
        }
        if (!color.equals(Color.BLACK)) {
            out.append(paint("fill", color));
        }
        out.append(">").append(escape(s)).append("</text>\n");
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h, boolean smooth) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.append("<image x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" preserveAspectRatio=\"none\"");
        if (!smooth) {
            out.append(" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"");
        }
        out.append(" xlink:href=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png.toByteArray()))
                .append("\"/>\n");
    }

    private void appendPath(double[] xs, double[] ys, int n, boolean close) {
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? 'M' : 'L').append(num(xs[i])).append(',').append(num(ys[i]));
        }
        if (close) {
            out.append('Z');
        }
    }

    private static String paint(String attribute, Color c) {
        String s = String.format(Locale.ROOT, " %s=\"#%02x%02x%02x\"", attribute, c.getRed(), c.getGreen(), c.getBlue());
        if (c.getAlpha() < 255) {
            s += String.format(Locale.ROOT, " %s-opacity=\"%.3f\"", attribute, c.getAlpha() / 255.0);
        }
        return s;
    }

    /** Two decimals of a point are finer than any printer; keeps files small. Hand-formatted: it runs per coordinate. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        long r = Math.round(v * 100);
        StringBuilder b = new StringBuilder(12);
        if (r < 0) {
            b.append('-');
            r = -r;
        }
        b.append(r / 100);
        long frac = r % 100;
        if (frac != 0) {
            b.append('.').append(frac / 10);
            if (frac % 10 != 0) {
                b.append(frac % 10);
            }
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
