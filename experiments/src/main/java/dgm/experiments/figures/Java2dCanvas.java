package dgm.experiments.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a figure with Java2D: to pixels, antialiased, {@link Style#pixelsPerPoint()} pixels per point
 * ({@link #render}), or in points onto VectorGraphics2D for the PDF and the SVG ({@link VectorOutput}).
 */
final class Java2dCanvas implements Canvas {
    private final Graphics2D g;
    private final Style style;
    /** Drawing for vector output (VectorGraphics2D): no interpolation hint. */
    private final boolean vector;
    private final List<Shape> clips = new ArrayList<>(); // the clip before each push; null is no clip

    Java2dCanvas(Graphics2D g, Style style) {
        this(g, style, style.pixelsPerPoint());
    }

    /** Drawing in units of {@code scale} device units per point (1 for vector output in points). */
    Java2dCanvas(Graphics2D g, Style style, double scale) {
        this.g = g;
        this.vector = g instanceof de.erichseifert.vectorgraphics2d.VectorGraphics2D;
        this.style = style;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(scale, scale);
    }

    /** A white image of the figure's size, drawn by {@code figure}. */
    static BufferedImage render(Figure figure) {
        Style s = figure.style();
        double ppp = s.pixelsPerPoint();
        int w = (int) Math.round(figure.widthPoints() * ppp);
        int h = (int) Math.round(figure.heightPoints() * ppp);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            figure.draw(new Java2dCanvas(g, s));
        } finally {
            g.dispose();
        }
        return img;
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        clips.add(g.getClip());
        g.clip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void popClip() {
        g.setClip(clips.remove(clips.size() - 1));
    }

    @Override
    public void fillRect(double x, double y, double w, double h, Color fill) {
        g.setColor(fill);
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, Color stroke, double width) {
        g.setColor(stroke);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, Color stroke, double width, boolean dashed) {
        if (n < 2) {
            return;
        }
        g.setColor(stroke);
        g.setStroke(dashed
                ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {3f, 2f}, 0f)
                : new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path(xs, ys, n, false));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, Color fill) {
        g.setColor(fill);
        g.fill(path(xs, ys, n, true));
    }

    @Override
    public void markers(double[] xs, double[] ys, int n, double radius, Color fill) {
        g.setColor(fill);
        Ellipse2D.Double e = new Ellipse2D.Double();
        for (int i = 0; i < n; i++) {
            e.setFrame(xs[i] - radius, ys[i] - radius, 2 * radius, 2 * radius);
            g.fill(e);
        }
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold, Anchor anchor, double degrees, Color color) {
        AffineTransform saved = g.getTransform();
        g.setFont(style.font(size, bold));
        g.setColor(color);
        g.rotate(Math.toRadians(degrees), x, y);
        double w = style.textWidth(s, size, bold);
        double dx = switch (anchor) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        g.drawString(s, (float) (x + dx), (float) y); // (a PDF's graphics turns it into glyph outlines: VectorOutput)
        g.setTransform(saved);
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h, boolean smooth) {
        if (!vector) {
            // (VectorGraphics2D 0.13 reads this hint as an Integer and fails on the standard values;
            // a PDF embeds the raster and the viewer scales it)
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, smooth
                    ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        }
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(w / img.getWidth(), h / img.getHeight());
        g.drawImage(img, at, null);
    }

    private static Path2D path(double[] xs, double[] ys, int n, boolean close) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        if (close) {
            p.closePath();
        }
        return p;
    }
}
