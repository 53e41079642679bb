package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One panel of a {@link Figure}: a plot area with linear data ranges, the layers drawn in it (scatter,
 * heat maps, rasters, polygons, polylines), a title, axis labels, nice-number ticks and an optional
 * colour bar on its right. A mutable builder; every method returns {@code this}. (Line and bar charts
 * are {@link Chart}s, drawn by JFreeChart.)
 */
public final class Axes {
    static final Color INK = Color.BLACK;
    static final Color GREY = new Color(0x555555);
    static final double TICK = 3;
    static final double PAD = 2;
    static final double BAR = 7;

    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private double x0 = Double.NaN, x1 = Double.NaN, y0 = Double.NaN, y1 = Double.NaN;
    private double aspect = 1;
    private boolean axesShown = true;
    private final List<Layer> layers = new ArrayList<>();
    private ColorBar colorBar;

    /** A colour bar beside the panel, mapping [vmin, vmax] through {@code map}. */
    record ColorBar(ColorMap map, double vmin, double vmax, String label) {

        /** Width in points from the plot's right edge: gap, bar, ticks, labels and the rotated title. */
        double width(Style s) {
            double widest = 0;
            for (String l : Ticks.labels(Ticks.nice(vmin, vmax, 4))) {
                widest = Math.max(widest, s.textWidth(l, s.tickSize(), false));
            }
            return 4 + BAR + TICK + PAD + widest + (label.isEmpty() ? 0 : 4 + 1.25 * s.labelSize());
        }

        /** The bar from (left + 4, top) down to top + height, vmax at the top. */
        void draw(Canvas c, Style s, double left, double top, double height) {
            double bx = left + 4;
            c.image(map.bar(), bx, top, BAR, height, true);
            c.strokeRect(bx, top, BAR, height, INK, s.lineWidth() * 0.6);
            double[] ticks = Ticks.nice(vmin, vmax, 4);
            String[] labels = Ticks.labels(ticks);
            double widest = 0;
            for (int i = 0; i < ticks.length; i++) {
                double y = top + height - ColorMap.normalise(ticks[i], vmin, vmax) * height;
                c.polyline(new double[] {bx + BAR, bx + BAR + TICK}, new double[] {y, y}, 2, INK, s.lineWidth() * 0.6, false);
                c.text(labels[i], bx + BAR + TICK + PAD, y + s.tickSize() * 0.35, s.tickSize(), false, Canvas.Anchor.START, 0, INK);
                widest = Math.max(widest, s.textWidth(labels[i], s.tickSize(), false));
            }
            if (!label.isEmpty()) {
                double x = bx + BAR + TICK + PAD + widest + 4 + s.labelSize(); // the baseline: rotated glyphs lie to its left
                c.text(label, x, top + height / 2, s.labelSize(), false, Canvas.Anchor.MIDDLE, -90, INK);
            }
        }
    }

    /** Data ↔ point transform of a laid-out panel: y points up in data space, down on the page. */
    public record Transform(double x0, double x1, double y0, double y1, double px, double py, double pw, double ph) {

        public double x(double v) {
            return px + (v - x0) / (x1 - x0) * pw;
        }

        public double y(double v) {
            return py + ph - (v - y0) / (y1 - y0) * ph;
        }

        /** Page point back to data, for tests and hit checks. */
        public double dataX(double p) {
            return x0 + (p - px) / pw * (x1 - x0);
        }

        public double dataY(double p) {
            return y0 + (py + ph - p) / ph * (y1 - y0);
        }
    }

    public Axes title(String s) {
        title = s;
        return this;
    }

    public Axes xLabel(String s) {
        xLabel = s;
        return this;
    }

    public Axes yLabel(String s) {
        yLabel = s;
        return this;
    }

    public Axes xRange(double lo, double hi) {
        x0 = lo;
        x1 = hi;
        return this;
    }

    public Axes yRange(double lo, double hi) {
        y0 = lo;
        y1 = hi;
        return this;
    }

    /** Both ranges from a box. */
    public Axes range(Box b) {
        return xRange(b.x0(), b.x1()).yRange(b.y0(), b.y1());
    }

    /** Plot-area height / width (1: square, right for 2-D densities on a square box). */
    public Axes aspect(double heightOverWidth) {
        aspect = heightOverWidth;
        return this;
    }

    /** No frame, ticks or tick labels (image grids). */
    public Axes hideAxes() {
        axesShown = false;
        return this;
    }

    public Axes scatter(double[][] points, Color color, double radius) {
        layers.add(new Layer.Scatter(points, color, radius));
        return this;
    }

    /** values[row][col] over a box (row 0 at y0), coloured by {@code map} on [vmin, vmax]. */
    public Axes heatMap(double[][] values, Box box, ColorMap map, double vmin, double vmax) {
        layers.add(new Layer.Raster(map.raster(values, vmin, vmax), box, true));
        return this;
    }

    /** An image stretched over a box; {@code smooth = false} keeps its pixels square. */
    public Axes raster(BufferedImage image, Box box, boolean smooth) {
        layers.add(new Layer.Raster(image, box, smooth));
        return this;
    }

    public Axes polygons(List<double[][]> polygons, double[] values, ColorMap map, double vmin, double vmax) {
        layers.add(new Layer.Polygons(polygons, values, map, vmin, vmax));
        return this;
    }

    public Axes polylines(List<double[][]> lines, Color color, double width) {
        layers.add(new Layer.Polylines(lines, color, width));
        return this;
    }

    public Axes colorBar(ColorMap map, double vmin, double vmax, String label) {
        colorBar = new ColorBar(map, vmin, vmax, label);
        return this;
    }

    String title() {
        return title;
    }

    String xLabel() {
        return xLabel;
    }

    String yLabel() {
        return yLabel;
    }

    double aspect() {
        return aspect;
    }

    List<Layer> layers() {
        return layers;
    }

    // ---- layout -------------------------------------------------------------------------------

    /** The resolved ranges [x0, x1, y0, y1]: explicit ones, else the layers' extent padded by 4 %. */
    double[] ranges() {
        double[] e = null;
        for (Layer l : layers) {
            double[] le = l.extent();
            if (le == null) {
                continue;
            }
            e = e == null ? le.clone() : new double[] {Math.min(e[0], le[0]), Math.max(e[1], le[1]),
                    Math.min(e[2], le[2]), Math.max(e[3], le[3])};
        }
        if (e == null) {
            e = new double[] {0, 1, 0, 1};
        }
        double[] lx = resolve(x0, x1, e[0], e[1]);
        double[] ly = resolve(y0, y1, e[2], e[3]);
        return new double[] {lx[0], lx[1], ly[0], ly[1]};
    }

    private static double[] resolve(double lo, double hi, double dataLo, double dataHi) {
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            return new double[] {lo, hi};
        }
        double span = dataHi - dataLo;
        if (!(span > 0)) {
            span = Math.max(1, Math.abs(dataLo));
            dataLo -= span / 2;
            dataHi += span / 2;
            span *= 2;
        }
        return new double[] {Double.isFinite(lo) ? lo : dataLo - 0.04 * span, Double.isFinite(hi) ? hi : dataHi + 0.04 * span};
    }

    static double[] extentOf(List<double[][]> parts) {
        double[] e = null;
        for (double[][] part : parts) {
            double[] pe = extentOf(part);
            if (pe != null) {
                e = e == null ? pe : new double[] {Math.min(e[0], pe[0]), Math.max(e[1], pe[1]),
                        Math.min(e[2], pe[2]), Math.max(e[3], pe[3])};
            }
        }
        return e;
    }

    static double[] extentOf(double[][] pts) {
        double a = Double.POSITIVE_INFINITY, b = Double.NEGATIVE_INFINITY, c = Double.POSITIVE_INFINITY, d = Double.NEGATIVE_INFINITY;
        for (double[] p : pts) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                a = Math.min(a, p[0]);
                b = Math.max(b, p[0]);
                c = Math.min(c, p[1]);
                d = Math.max(d, p[1]);
            }
        }
        return a <= b ? new double[] {a, b, c, d} : null;
    }

    private static int tickTarget(double length) {
        return Math.max(3, Math.min(7, (int) (length / 28)));
    }

    /** Tick positions along an axis over [lo, hi], {@code length} points long: nice numbers, at least three. */
    private static double[] ticks(double lo, double hi, double length) {
        int target = tickTarget(length);
        double[] at = Ticks.nice(lo, hi, target);
        for (int more = target + 1; at.length < 3 && more <= target + 2; more++) {
            at = Ticks.nice(lo, hi, more); // two ticks are too few to read a scale from
        }
        return at;
    }

    /** Margins [left, right, top, bottom] in points around a plot area of the given width. */
    double[] margins(Style s, double plotWidth) {
        double left = 3;
        double bottom = 3;
        if (axesShown) {
            double[] r = ranges();
            double widest = 0;
            for (String l : Ticks.labels(ticks(r[2], r[3], plotWidth * aspect))) {
                widest = Math.max(widest, s.textWidth(l, s.tickSize(), false));
            }
            left = TICK + PAD + widest + 2 + (yLabel.isEmpty() ? 0 : s.labelSize() + 3);
            bottom = TICK + PAD + s.tickSize() + 2 + (xLabel.isEmpty() ? 0 : s.labelSize() + 3);
        }
        double top = title.isEmpty() ? 4 : s.titleSize() + 5;
        double right = 5 + (colorBar == null ? 0 : colorBar.width(s));
        return new double[] {left, right, top, bottom};
    }

    // ---- drawing ------------------------------------------------------------------------------

    /** Draws the panel with its plot area at (px, py, pw, ph). */
    Transform draw(Canvas c, Style s, double px, double py, double pw, double ph) {
        double[] r = ranges();
        Transform t = new Transform(r[0], r[1], r[2], r[3], px, py, pw, ph);
        c.pushClip(px, py, pw, ph);
        for (Layer l : layers) {
            l.draw(c, t);
        }
        c.popClip();
        if (axesShown) {
            drawAxes(c, s, t);
        }
        if (!title.isEmpty()) {
            c.text(title, px + pw / 2, py - 4, s.titleSize(), false, Canvas.Anchor.MIDDLE, 0, INK);
        }
        if (colorBar != null) {
            colorBar.draw(c, s, t.px() + t.pw(), t.py(), t.ph());
        }
        return t;
    }

    private void drawAxes(Canvas c, Style s, Transform t) {
        double lw = s.lineWidth() * 0.75;
        c.strokeRect(t.px(), t.py(), t.pw(), t.ph(), INK, lw);
        double bottom = t.py() + t.ph();
        double[] xt = ticks(t.x0(), t.x1(), t.pw());
        String[] xl = Ticks.labels(xt);
        for (int i = 0; i < xt.length; i++) {
            double x = t.x(xt[i]);
            c.polyline(new double[] {x, x}, new double[] {bottom, bottom + TICK}, 2, INK, lw, false);
            c.text(xl[i], x, bottom + TICK + PAD + s.tickSize() * 0.8, s.tickSize(), false, Canvas.Anchor.MIDDLE, 0, INK);
        }
        double[] yt = ticks(t.y0(), t.y1(), t.ph());
        String[] yl = Ticks.labels(yt);
        double widest = 0;
        for (int i = 0; i < yt.length; i++) {
            double y = t.y(yt[i]);
            c.polyline(new double[] {t.px() - TICK, t.px()}, new double[] {y, y}, 2, INK, lw, false);
            c.text(yl[i], t.px() - TICK - PAD, y + s.tickSize() * 0.35, s.tickSize(), false, Canvas.Anchor.END, 0, INK);
            widest = Math.max(widest, s.textWidth(yl[i], s.tickSize(), false));
        }
        if (!xLabel.isEmpty()) {
            c.text(xLabel, t.px() + t.pw() / 2, bottom + TICK + PAD + s.tickSize() + 2 + s.labelSize() * 0.85,
                    s.labelSize(), false, Canvas.Anchor.MIDDLE, 0, INK);
        }
        if (!yLabel.isEmpty()) {
            double x = t.px() - TICK - PAD - widest - 3;
            c.text(yLabel, x, t.py() + t.ph() / 2, s.labelSize(), false, Canvas.Anchor.MIDDLE, -90, INK);
        }
    }
}
