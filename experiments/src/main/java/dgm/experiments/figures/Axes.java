package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One panel of a {@link Figure}: a plot area with data ranges (linear, or logarithmic per axis), the
 * layers drawn in it (scatter, lines, shaded bands, bars, heat maps, rasters, polygons), a title, axis
 * labels, ticks (nice numbers, powers of ten on a log axis, or given positions with given labels), an
 * optional colour bar on its right and a legend for labelled lines. A mutable builder; every method
 * returns {@code this}.
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
    private boolean logX;
    private boolean logY;
    private double[] xTickAt;
    private String[] xTickLabels;
    private double[] yTickAt;
    private String[] yTickLabels;
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
            c.beginGroup("colorbar");
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
            c.endGroup();
        }
    }

    /**
     * Data ↔ point transform of a laid-out panel: y points up in data space, down on the page. On a
     * logarithmic axis the position is linear in log10 of the value, and a value at or below 0 maps
     * to no point (NaN or −∞).
     */
    public record Transform(double x0, double x1, double y0, double y1, double px, double py, double pw, double ph,
                            boolean logX, boolean logY) {
        public Transform(double x0, double x1, double y0, double y1, double px, double py, double pw, double ph) {
            this(x0, x1, y0, y1, px, py, pw, ph, false, false);
        }

        public double x(double v) {
            return px + (f(v, logX) - f(x0, logX)) / (f(x1, logX) - f(x0, logX)) * pw;
        }

        public double y(double v) {
            return py + ph - (f(v, logY) - f(y0, logY)) / (f(y1, logY) - f(y0, logY)) * ph;
        }

        /** Page point back to data, for tests and hit checks. */
        public double dataX(double p) {
            return inverse(f(x0, logX) + (p - px) / pw * (f(x1, logX) - f(x0, logX)), logX);
        }

        public double dataY(double p) {
            return inverse(f(y0, logY) + (py + ph - p) / ph * (f(y1, logY) - f(y0, logY)), logY);
        }

        private static double f(double v, boolean log) {
            return log ? Math.log10(v) : v;
        }

        private static double inverse(double u, boolean log) {
            return log ? Math.pow(10, u) : u;
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

    /** A logarithmic x axis (every x value drawn must be positive); ticks at powers of ten. */
    public Axes logX() {
        logX = true;
        return this;
    }

    /** A logarithmic y axis. */
    public Axes logY() {
        logY = true;
        return this;
    }

    /** x ticks at these positions with these labels, in place of the automatic ones (categories). */
    public Axes xTicks(double[] at, String[] labels) {
        if (at.length != labels.length) {
            throw new IllegalArgumentException(at.length + " tick positions, " + labels.length + " labels");
        }
        xTickAt = at.clone();
        xTickLabels = labels.clone();
        return this;
    }

    /** y ticks at these positions with these labels (e.g. model names beside horizontal bars). */
    public Axes yTicks(double[] at, String[] labels) {
        if (at.length != labels.length) {
            throw new IllegalArgumentException(at.length + " tick positions, " + labels.length + " labels");
        }
        yTickAt = at.clone();
        yTickLabels = labels.clone();
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

    /** A series; a non-empty label puts it in the legend. */
    public Axes line(String label, double[] x, double[] y, Color color, boolean dashed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + label + "': " + x.length + " x values, " + y.length + " y values");
        }
        layers.add(new Layer.Line(label, x, y, color, 1.0, dashed));
        return this;
    }

    /**
     * As {@link #line(String, double[], double[], Color, boolean)}, with a line width in points and,
     * for {@code marker} &gt; 0, a dot of that radius at every point (for series of few points).
     */
    public Axes line(String label, double[] x, double[] y, Color color, boolean dashed, double width, double marker) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + label + "': " + x.length + " x values, " + y.length + " y values");
        }
        layers.add(new Layer.Line(label, x, y, color, width, dashed, marker));
        return this;
    }

    /** A shaded band from lo to hi over x (drawn in {@code color}, which should be translucent). */
    public Axes band(double[] x, double[] lo, double[] hi, Color color) {
        if (x.length != lo.length || x.length != hi.length) {
            throw new IllegalArgumentException("band: " + x.length + " x values, " + lo.length + " low, " + hi.length + " high");
        }
        layers.add(new Layer.Band(x, lo, hi, color));
        return this;
    }

    /**
     * Upright bars at x positions {@code at}, {@code width} data units wide, up to {@code value};
     * {@code lo} and {@code hi} (both or neither null) draw a whisker on each.
     */
    public Axes bars(double[] at, double[] value, double[] lo, double[] hi, double width, Color color) {
        layers.add(new Layer.Bars(at, value, lo, hi, width, color, false));
        return this;
    }

    /** Horizontal bars at y positions {@code at}, {@code height} data units tall, out to {@code value}. */
    public Axes horizontalBars(double[] at, double[] value, double[] lo, double[] hi, double height, Color color) {
        layers.add(new Layer.Bars(at, value, lo, hi, height, color, true));
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

    boolean isLogX() {
        return logX;
    }

    boolean isLogY() {
        return logY;
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
        double[] lx = logX ? resolveLog(x0, x1, e[0], e[1]) : resolve(x0, x1, e[0], e[1]);
        double[] ly = logY ? resolveLog(y0, y1, e[2], e[3]) : resolve(y0, y1, e[2], e[3]);
        return new double[] {lx[0], lx[1], ly[0], ly[1]};
    }

    /** A log axis' range: the explicit one, else the data's padded by 4 % in log space (a non-positive low end: 3 decades below the top). */
    private static double[] resolveLog(double lo, double hi, double dataLo, double dataHi) {
        if (Double.isFinite(lo) && Double.isFinite(hi) && lo > 0 && hi > lo) {
            return new double[] {lo, hi};
        }
        double top = dataHi > 0 ? dataHi : 1;
        double bottom = dataLo > 0 ? dataLo : top / 1000;
        if (!(top > bottom)) {
            bottom = top / 10;
            top = top * 10;
        }
        double pad = Math.pow(top / bottom, 0.04);
        return new double[] {bottom / pad, top * pad};
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

    /** Tick positions and labels along x ({@code vertical} false) or y, over [lo, hi], for an axis {@code length} points long. */
    private record TickSet(double[] at, String[] labels, double[] minor) {
    }

    private TickSet ticks(Style s, boolean vertical, double lo, double hi, double length) {
        double[] given = vertical ? yTickAt : xTickAt;
        if (given != null) {
            return new TickSet(given, vertical ? yTickLabels : xTickLabels, new double[0]);
        }
        if (vertical ? logY : logX) {
            // powers of ten when three or more fall inside; else 1-2-5, or 1-5 where those labels would touch
            double[] at = Ticks.log(lo, hi);
            if (at.length > 0 && Ticks.log(lo, hi, 1).length < 3 && !apart(s, vertical, at, lo, hi, length)) {
                double[] sparse = Ticks.log(lo, hi, 1, 5);
                at = apart(s, vertical, sparse, lo, hi, length) || Ticks.log(lo, hi, 1).length < 2 ? sparse : Ticks.log(lo, hi, 1);
            }
            return new TickSet(at, Ticks.logLabels(at), Ticks.logMinor(lo, hi));
        }
        int target = tickTarget(length);
        double[] at = Ticks.nice(lo, hi, target);
        for (int more = target + 1; at.length < 3 && more <= target + 2; more++) {
            at = Ticks.nice(lo, hi, more); // two ticks are too few to read a scale from
        }
        return new TickSet(at, Ticks.labels(at), new double[0]);
    }

    /** Whether the labels of log ticks {@code at} over an axis {@code length} points long keep 3 points apart. */
    private static boolean apart(Style s, boolean vertical, double[] at, double lo, double hi, double length) {
        String[] labels = Ticks.logLabels(at);
        double span = Math.log10(hi) - Math.log10(lo);
        for (int i = 1; i < at.length; i++) {
            double gap = (Math.log10(at[i]) - Math.log10(at[i - 1])) / span * length;
            double need = vertical ? s.tickSize() + 1
                    : (s.textWidth(labels[i - 1], s.tickSize(), false) + s.textWidth(labels[i], s.tickSize(), false)) / 2 + 3;
            if (gap < need) {
                return false;
            }
        }
        return true;
    }

    /** Margins [left, right, top, bottom] in points around a plot area of the given width. */
    double[] margins(Style s, double plotWidth) {
        double left = 3;
        double bottom = 3;
        if (axesShown) {
            double[] r = ranges();
            double widest = 0;
            for (String l : ticks(s, true, r[2], r[3], plotWidth * aspect).labels()) {
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
        Transform t = new Transform(r[0], r[1], r[2], r[3], px, py, pw, ph, logX, logY);
        c.beginGroup("panel");
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
        drawLegend(c, s, t);
        c.endGroup();
        return t;
    }

    private void drawAxes(Canvas c, Style s, Transform t) {
        double lw = s.lineWidth() * 0.75;
        c.strokeRect(t.px(), t.py(), t.pw(), t.ph(), INK, lw);
        double bottom = t.py() + t.ph();
        TickSet xs = ticks(s, false, t.x0(), t.x1(), t.pw());
        double[] xt = xs.at();
        String[] xl = xs.labels();
        for (int i = 0; i < xt.length; i++) {
            double x = t.x(xt[i]);
            c.polyline(new double[] {x, x}, new double[] {bottom, bottom + TICK}, 2, INK, lw, false);
            c.text(xl[i], x, bottom + TICK + PAD + s.tickSize() * 0.8, s.tickSize(), false, Canvas.Anchor.MIDDLE, 0, INK);
        }
        for (double m : xs.minor()) {
            double x = t.x(m);
            c.polyline(new double[] {x, x}, new double[] {bottom, bottom + TICK * 0.6}, 2, INK, lw * 0.7, false);
        }
        TickSet ys = ticks(s, true, t.y0(), t.y1(), t.ph());
        double[] yt = ys.at();
        String[] yl = ys.labels();
        double widest = 0;
        for (int i = 0; i < yt.length; i++) {
            double y = t.y(yt[i]);
            c.polyline(new double[] {t.px() - TICK, t.px()}, new double[] {y, y}, 2, INK, lw, false);
            c.text(yl[i], t.px() - TICK - PAD, y + s.tickSize() * 0.35, s.tickSize(), false, Canvas.Anchor.END, 0, INK);
            widest = Math.max(widest, s.textWidth(yl[i], s.tickSize(), false));
        }
        for (double m : ys.minor()) {
            double y = t.y(m);
            c.polyline(new double[] {t.px() - TICK * 0.6, t.px()}, new double[] {y, y}, 2, INK, lw * 0.7, false);
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

    /** Labelled lines get a legend in the corner of the plot area that covers the fewest points. */
    private void drawLegend(Canvas c, Style s, Transform t) {
        List<Layer.Line> entries = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Layer.Line line && line.label() != null && !line.label().isEmpty()) {
                entries.add(line);
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        double size = s.tickSize();
        double row = size + 2;
        double swatch = 10;
        double widest = 0;
        for (Layer.Line e : entries) {
            widest = Math.max(widest, s.textWidth(e.label(), size, false));
        }
        double w = 3 + swatch + 3 + widest + 3;
        double h = entries.size() * row + 3;
        double[][] corners = {
            {t.px() + t.pw() - w - 3, t.py() + 3}, {t.px() + 3, t.py() + 3},
            {t.px() + t.pw() - w - 3, t.py() + t.ph() - h - 3}, {t.px() + 3, t.py() + t.ph() - h - 3}};
        double[] best = corners[0];
        long fewest = Long.MAX_VALUE;
        for (double[] corner : corners) {
            long n = 0;
            for (Layer.Line e : entries) {
                for (int i = 0; i < e.x().length; i++) {
                    double px = t.x(e.x()[i]);
                    double py = t.y(e.y()[i]);
                    if (px >= corner[0] && px <= corner[0] + w && py >= corner[1] && py <= corner[1] + h) {
                        n++;
                    }
                }
            }
            if (n < fewest) {
                fewest = n;
                best = corner;
            }
        }
        c.beginGroup("legend");
        c.fillRect(best[0], best[1], w, h, new Color(255, 255, 255, 220));
        c.strokeRect(best[0], best[1], w, h, new Color(0xbbbbbb), 0.4);
        for (int i = 0; i < entries.size(); i++) {
            Layer.Line e = entries.get(i);
            double y = best[1] + 2 + row * i + row / 2;
            c.polyline(new double[] {best[0] + 3, best[0] + 3 + swatch}, new double[] {y, y}, 2, e.color(), e.width(), e.dashed());
            c.text(e.label(), best[0] + 3 + swatch + 3, y + size * 0.35, size, false, Canvas.Anchor.START, 0, INK);
        }
        c.endGroup();
    }
}
