package dgm.experiments.figures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure: panels ({@link Axes}) on a grid of {@code cols} columns, all plot areas of one width, each
 * row as tall as its tallest panel's aspect asks, an optional title above and an optional colour bar
 * shared by the panels. The width is fixed by the {@link Style}; the height follows from the panels. The same figure is rendered to PNG
 * ({@link #toImage()}), PDF ({@link #toPdf()}) and SVG ({@link #toSvg()}): the same Java2D drawing onto
 * pixels, or recorded as vectors by VectorGraphics2D.
 */
public final class Figure implements PaperFigure {
    private final Style style;
    private final int cols;
    private final List<Axes> panels;
    private final String title;
    private final Axes.ColorBar colorBar;
    private Layout layout;

    private Figure(Style style, int cols, List<Axes> panels, String title, Axes.ColorBar colorBar) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        this.style = style;
        this.cols = Math.max(1, Math.min(cols, panels.size()));
        this.panels = List.copyOf(panels);
        this.title = title == null ? "" : title;
        this.colorBar = colorBar;
    }

    /** Panels laid out left to right, top to bottom, {@code cols} per row. */
    public static Figure of(Style style, int cols, List<Axes> panels) {
        return new Figure(style, cols, panels, "", null);
    }

    /** All panels in one row. */
    public static Figure row(Style style, List<Axes> panels) {
        return of(style, panels.size(), panels);
    }

    /** The same figure with a title above the panels. */
    public Figure title(String t) {
        return new Figure(style, cols, panels, t, colorBar);
    }

    /**
     * The same figure with one colour bar at its right edge, spanning all rows: for panels drawn on
     * one shared colour scale.
     */
    public Figure colorBar(ColorMap map, double vmin, double vmax, String label) {
        return new Figure(style, cols, panels, title, new Axes.ColorBar(map, vmin, vmax, label));
    }

    public Style style() {
        return style;
    }

    public List<Axes> panels() {
        return panels;
    }

    public int columns() {
        return cols;
    }

    public int rows() {
        return (panels.size() + cols - 1) / cols;
    }

    public double widthPoints() {
        return style.widthPoints();
    }

    public double heightPoints() {
        return layout().height;
    }

    /** PNG pixels: {@code widthInches × dpi × scale} wide. */
    public BufferedImage toImage() {
        return Java2dCanvas.render(this);
    }

    /** A PDF page of the figure's size in points (vector lines, text as glyph outlines, raster panels embedded). */
    public byte[] toPdf() {
        return VectorOutput.pdf(widthPoints(), heightPoints(), g -> draw(new Java2dCanvas(g, style, 1)));
    }

    /** The SVG (text as text), through VectorGraphics2D from the same drawing. */
    public String toSvg() {
        return VectorOutput.svg(widthPoints(), heightPoints(), g -> draw(new Java2dCanvas(g, style, 1)));
    }

    /** The data ↔ page transform of each panel as laid out (points from the top-left). */
    public List<Axes.Transform> transforms() {
        List<Axes.Transform> out = new ArrayList<>();
        draw(new NullCanvas(), out);
        return out;
    }

    void draw(Canvas c) {
        draw(c, new ArrayList<>());
    }

    private void draw(Canvas c, List<Axes.Transform> out) {
        Layout l = layout();
        if (!title.isEmpty()) {
            c.text(title, widthPoints() / 2, style.titleSize() + 3, style.titleSize(), true, Canvas.Anchor.MIDDLE, 0, Axes.INK);
        }
        for (int i = 0; i < panels.size(); i++) {
            int r = i / cols;
            int k = i % cols;
            Axes a = panels.get(i);
            out.add(a.draw(c, style, l.px[k], l.py[r], l.plotWidth, l.plotWidth * a.aspect()));
        }
        if (colorBar != null) {
            double top = l.py[0];
            double bottom = 0;
            for (int i = 0; i < panels.size(); i++) {
                bottom = Math.max(bottom, l.py[i / cols] + l.plotWidth * panels.get(i).aspect());
            }
            colorBar.draw(c, style, l.barLeft, top, bottom - top);
        }
    }

    private record Layout(double plotWidth, double[] px, double[] py, double height, double barLeft) {
    }

    private Layout layout() {
        if (layout != null) {
            return layout;
        }
        int rows = rows();
        double w = widthPoints();
        double guess = w / cols * 0.75;
        double[] left = new double[cols];
        double[] right = new double[cols];
        double[] top = new double[rows];
        double[] bottom = new double[rows];
        for (int i = 0; i < panels.size(); i++) {
            double[] m = panels.get(i).margins(style, guess);
            left[i % cols] = Math.max(left[i % cols], m[0]);
            right[i % cols] = Math.max(right[i % cols], m[1]);
            top[i / cols] = Math.max(top[i / cols], m[2]);
            bottom[i / cols] = Math.max(bottom[i / cols], m[3]);
        }
        double used = 4 + (colorBar == null ? 0 : colorBar.width(style) + 2);
        for (int k = 0; k < cols; k++) {
            used += left[k] + right[k];
        }
        double plotWidth = Math.max(10, (w - used) / cols);
        double[] px = new double[cols];
        double x = 2;
        for (int k = 0; k < cols; k++) {
            px[k] = x + left[k];
            x += left[k] + plotWidth + right[k];
        }
        double[] py = new double[rows];
        double y = title.isEmpty() ? 2 : style.titleSize() + 8;
        for (int r = 0; r < rows; r++) {
            double tallest = 0;
            for (int i = r * cols; i < Math.min(panels.size(), (r + 1) * cols); i++) {
                tallest = Math.max(tallest, plotWidth * panels.get(i).aspect());
            }
            py[r] = y + top[r];
            y += top[r] + tallest + bottom[r];
        }
        double panelsRight = px[cols - 1] + plotWidth + right[cols - 1];
        double height = y + 2;
        layout = new Layout(plotWidth, px, py, height, panelsRight - 5);
        return layout;
    }

    /** Draws nothing: used to lay out without rendering. */
    private static final class NullCanvas implements Canvas {
        @Override public void pushClip(double x, double y, double w, double h) { }
        @Override public void popClip() { }
        @Override public void fillRect(double x, double y, double w, double h, java.awt.Color fill) { }
        @Override public void strokeRect(double x, double y, double w, double h, java.awt.Color stroke, double width) { }
        @Override public void polyline(double[] xs, double[] ys, int n, java.awt.Color stroke, double width, boolean dashed) { }
        @Override public void fillPolygon(double[] xs, double[] ys, int n, java.awt.Color fill) { }
        @Override public void markers(double[] xs, double[] ys, int n, double radius, java.awt.Color fill) { }
        @Override public void text(String s, double x, double y, double size, boolean bold, Anchor anchor, double degrees, java.awt.Color color) { }
        @Override public void image(BufferedImage img, double x, double y, double w, double h, boolean smooth) { }
    }
}
