package dgm.experiments.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One panel of a line or bar chart (the training figures), described in data coordinates and drawn by
 * JFreeChart: lines (solid or dashed, dots where a series has few points), shaded bands under them,
 * bars with min–max whiskers (vertical, or horizontal with a category per row), linear or logarithmic
 * x axis, a title and axis labels in the {@link Style}'s font. {@link ChartFigure} lays panels out on
 * a grid with one legend outside them and writes PNG, SVG and PDF.
 *
 * <p>What the panel holds stays readable ({@link #lines()}, {@link #bands()}, {@link #bars()}), so
 * tests check what is drawn without reading pixels.
 */
public final class Chart {

    /** A polyline through (x, y); NaN breaks it. {@code marker} &gt; 0: a dot of that radius (points) at each point. */
    public record Line(double[] x, double[] y, Color color, boolean dashed, double width, double marker) {
    }

    /** A shaded band between lo and hi over x; a NaN in lo or hi splits it. */
    public record Band(double[] x, double[] lo, double[] hi, Color color) {
    }

    /**
     * Bars of {@code value} at positions {@code at} (on the x axis; on the y axis when horizontal), each
     * {@code size} wide in data units, whiskers from lo to hi where given (null: none).
     */
    public record Bars(double[] at, double[] value, double[] lo, double[] hi, double size, Color color, boolean horizontal) {
    }

    static {
        // JFreeChart draws rotated text (the y-axis labels) through a TextLayout by default, which
        // VectorGraphics2D's SVG output drops; drawString under a rotation it keeps
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
        // and measures text by integer advances unless told otherwise: at 6.5 pt a long tick label
        // came out 2 pt wider than the space its axis reserved for it
        org.jfree.chart.text.TextUtils.setUseFontMetricsGetStringBounds(true);
    }

    static final Color INK = new Color(0x222222);
    static final Color GRID = new Color(0xe4e4e4);

    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private double xLo = Double.NaN;
    private double xHi = Double.NaN;
    private double yLo = Double.NaN;
    private double yHi = Double.NaN;
    private boolean logX;
    private double aspect = 0.7;
    private double xTickStep = Double.NaN;
    private String[] categories;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Bars> bars = new ArrayList<>();

    public Chart title(String s) {
        title = s == null ? "" : s;
        return this;
    }

    public Chart xLabel(String s) {
        xLabel = s == null ? "" : s;
        return this;
    }

    public Chart yLabel(String s) {
        yLabel = s == null ? "" : s;
        return this;
    }

    public Chart xRange(double lo, double hi) {
        xLo = lo;
        xHi = hi;
        return this;
    }

    public Chart yRange(double lo, double hi) {
        yLo = lo;
        yHi = hi;
        return this;
    }

    /** The plot area's height over its width. */
    public Chart aspect(double heightOverWidth) {
        aspect = heightOverWidth;
        return this;
    }

    public Chart logX() {
        logX = true;
        return this;
    }

    /** Integer ticks on the x axis every {@code step} (the latent dimensions of a bar chart). */
    public Chart xTickStep(double step) {
        xTickStep = step;
        return this;
    }

    /** Names of the rows of horizontal bars, bottom (position 0) to top. */
    public Chart categories(String[] bottomToTop) {
        categories = bottomToTop.clone();
        return this;
    }

    public Chart line(double[] x, double[] y, Color color, boolean dashed, double width, double marker) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a line needs as many x as y: " + x.length + " and " + y.length);
        }
        lines.add(new Line(x.clone(), y.clone(), color, dashed, width, marker));
        return this;
    }

    public Chart band(double[] x, double[] lo, double[] hi, Color color) {
        if (x.length != lo.length || x.length != hi.length) {
            throw new IllegalArgumentException("a band needs as many x as lo and hi");
        }
        bands.add(new Band(x.clone(), lo.clone(), hi.clone(), color));
        return this;
    }

    public Chart bars(double[] at, double[] value, double[] lo, double[] hi, double width, Color color) {
        bars.add(new Bars(at.clone(), value.clone(), lo == null ? null : lo.clone(), hi == null ? null : hi.clone(), width, color, false));
        return this;
    }

    public Chart horizontalBars(double[] at, double[] value, double[] lo, double[] hi, double height, Color color) {
        bars.add(new Bars(at.clone(), value.clone(), lo == null ? null : lo.clone(), hi == null ? null : hi.clone(), height, color, true));
        return this;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<Band> bands() {
        return List.copyOf(bands);
    }

    public List<Bars> bars() {
        return List.copyOf(bars);
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    public boolean isLogX() {
        return logX;
    }

    public double aspect() {
        return aspect;
    }

    /** [lo, hi] of the x axis as set (NaN: from the data). */
    public double[] xRange() {
        return new double[] {xLo, xHi};
    }

    public double[] yRange() {
        return new double[] {yLo, yHi};
    }

    private boolean horizontal() {
        return bars.stream().anyMatch(Bars::horizontal);
    }

    // ---- drawing through JFreeChart --------------------------------------------------------------

    /** The panel as a JFreeChart in the style's fonts, without a legend (the figure has one). */
    JFreeChart toJFreeChart(Style s) {
        boolean horizontal = horizontal();
        // in a horizontal plot the domain axis (the bars' positions) is drawn upright, the range axis across
        ValueAxis values = axis(horizontal ? xLabel : yLabel, horizontal && logX, horizontal ? xLo : yLo, horizontal ? xHi : yHi, s);
        ValueAxis positions;
        if (horizontal && categories != null) {
            SymbolAxis sym = new Categories(yLabel.isEmpty() ? null : yLabel, categories);
            sym.setGridBandsVisible(false);
            style(sym, s);
            if (Double.isFinite(yLo) && Double.isFinite(yHi)) {
                sym.setRange(yLo, yHi);
            }
            positions = sym;
        } else {
            positions = axis(horizontal ? yLabel : xLabel, !horizontal && logX, horizontal ? yLo : xLo, horizontal ? yHi : xHi, s);
            if (Double.isFinite(xTickStep) && positions instanceof NumberAxis n) {
                n.setTickUnit(new NumberTickUnit(xTickStep, new TickFormat(xTickStep)));
            }
        }
        XYPlot plot = new XYPlot();
        plot.setOrientation(horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL);
        plot.setDomainAxis(positions);
        plot.setRangeAxis(values);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(INK);
        plot.setOutlineStroke(new BasicStroke(0.6f));
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.4f));
        plot.setRangeGridlineStroke(new BasicStroke(0.4f));
        plot.setDomainGridlinesVisible(categories == null && bars.isEmpty());
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(2, 2, 2, 4));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        int index = 0;
        if (!lines.isEmpty() || !bands.isEmpty()) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setDrawSeriesLineAsPath(true);
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                XYSeries series = new XYSeries("line " + i, false, true);
                for (int k = 0; k < l.x().length; k++) {
                    boolean ok = Double.isFinite(l.x()[k]) && (!logX || l.x()[k] > 0);
                    series.add(ok ? l.x()[k] : Double.NaN, ok && Double.isFinite(l.y()[k]) ? l.y()[k] : Double.NaN);
                }
                data.addSeries(series);
                r.setSeriesPaint(i, l.color());
                r.setSeriesStroke(i, stroke(s.lineWidth() * l.width(), l.dashed()));
                if (l.marker() > 0) {
                    r.setSeriesShapesVisible(i, true);
                    r.setSeriesShape(i, new Ellipse2D.Double(-l.marker(), -l.marker(), 2 * l.marker(), 2 * l.marker()));
                }
            }
            for (Band b : bands) {
                for (double[] polygon : polygons(b)) {
                    r.addAnnotation(new XYPolygonAnnotation(polygon, null, null, b.color()), org.jfree.chart.ui.Layer.BACKGROUND);
                }
            }
            plot.setDataset(index, data);
            plot.setRenderer(index, r);
            index++;
        }
        for (Bars b : bars) {
            XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
            XYIntervalSeries series = new XYIntervalSeries("bars", false, true);
            for (int k = 0; k < b.at().length; k++) {
                double lo = b.lo() == null ? b.value()[k] : b.lo()[k];
                double hi = b.hi() == null ? b.value()[k] : b.hi()[k];
                series.add(b.at()[k], b.at()[k] - b.size() / 2, b.at()[k] + b.size() / 2, b.value()[k], lo, hi);
            }
            data.addSeries(series);
            XYBarRenderer r = new XYBarRenderer();
            r.setBarPainter(new StandardXYBarPainter());
            r.setShadowVisible(false);
            r.setDrawBarOutline(false);
            r.setSeriesPaint(0, b.color());
            r.setUseYInterval(false);
            if (horizontal && logX) {
                r.setBase(values.getLowerBound()); // a bar on a log axis starts at the axis, not at 0
            }
            plot.setDataset(index, data);
            plot.setRenderer(index, r);
            index++;
            if (b.lo() != null && b.hi() != null) {
                XYErrorRenderer whiskers = new XYErrorRenderer();
                whiskers.setDrawXError(false);
                whiskers.setDrawYError(true);
                whiskers.setDefaultLinesVisible(false);
                whiskers.setDefaultShapesVisible(false);
                whiskers.setErrorPaint(INK);
                whiskers.setErrorStroke(new BasicStroke((float) (0.6 * s.lineWidth())));
                whiskers.setCapLength(Math.max(2, 3 * b.size()));
                plot.setDataset(index, data);
                plot.setRenderer(index, whiskers);
                index++;
            }
        }
        JFreeChart chart = new JFreeChart(null, s.font(s.titleSize(), false), plot, false);
        if (!title.isEmpty()) {
            TextTitle t = new TextTitle(title, s.font(s.titleSize(), false));
            t.setPaint(INK);
            t.setPadding(new RectangleInsets(0, 0, 2, 0));
            chart.setTitle(t);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(2, 2, 2, 7)); // room for the last x tick label, and on the left for
        // text measured by the vector back-end a little wider than by the layout
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    private static Stroke stroke(double width, boolean dashed) {
        return dashed
                ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {3f, 2f}, 0f)
                : new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** The band's stretches where lo and hi are finite (and x positive on a log axis), as closed polygons. */
    private List<double[]> polygons(Band b) {
        List<double[]> out = new ArrayList<>();
        int start = -1;
        for (int k = 0; k <= b.x().length; k++) {
            boolean ok = k < b.x().length && Double.isFinite(b.x()[k]) && (!logX || b.x()[k] > 0)
                    && Double.isFinite(b.lo()[k]) && Double.isFinite(b.hi()[k]);
            if (ok && start < 0) {
                start = k;
            } else if (!ok && start >= 0) {
                if (k - start >= 2) {
                    double[] p = new double[4 * (k - start)];
                    int j = 0;
                    for (int i = start; i < k; i++) {
                        p[j++] = b.x()[i];
                        p[j++] = b.hi()[i];
                    }
                    for (int i = k - 1; i >= start; i--) {
                        p[j++] = b.x()[i];
                        p[j++] = b.lo()[i];
                    }
                    out.add(p);
                }
                start = -1;
            }
        }
        return out;
    }

    private static ValueAxis axis(String label, boolean log, double lo, double hi, Style s) {
        ValueAxis a;
        if (log) {
            a = new DecadeAxis(label.isEmpty() ? null : label);
        } else {
            NumberAxis n = new NumberAxis(label.isEmpty() ? null : label);
            n.setAutoRangeIncludesZero(false);
            n.setStandardTickUnits(TICK_UNITS);
            a = n;
        }
        style(a, s);
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
            a.setRange(lo, hi);
        }
        return a;
    }

    private static void style(ValueAxis a, Style s) {
        a.setLabelFont(s.font(s.labelSize(), false));
        a.setTickLabelFont(s.font(s.tickSize(), false));
        a.setLabelPaint(INK);
        a.setTickLabelPaint(INK);
        a.setAxisLinePaint(INK);
        a.setAxisLineVisible(false); // the plot's outline is the axis line
        a.setTickMarkPaint(INK);
        a.setTickMarkStroke(new BasicStroke(0.6f));
        a.setTickMarkInsideLength(0);
        a.setTickMarkOutsideLength(2.5f);
        a.setMinorTickMarkOutsideLength(1.5f);
        a.setTickLabelInsets(new RectangleInsets(1, 1, 1, 1));
        a.setLabelInsets(new RectangleInsets(1, 1, 1, 1));
    }

    /** 1, 2 and 5 × 10^k, each labelled with as many decimals as its step needs. */
    private static final TickUnits TICK_UNITS = new TickUnits();

    static {
        for (int k = -8; k <= 9; k++) {
            for (int m : new int[] {1, 2, 5}) {
                double step = m * Math.pow(10, k);
                TICK_UNITS.add(new NumberTickUnit(step, new TickFormat(step)));
            }
        }
    }

    /**
     * Tick labels for a step: as few decimals as the step needs, a typographic minus, thousands as
     * "k" when the step is a multiple of 1000 (matching the hand-drawn axes' {@link Ticks#labels}).
     */
    static final class TickFormat extends NumberFormat {
        private final double step;

        TickFormat(double step) {
            this.step = step;
        }

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            boolean thousands = step >= 1000 && Math.abs(step / 1000 - Math.rint(step / 1000)) < 1e-9;
            double unit = thousands ? 1000 : 1;
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step / unit) - 1e-9));
            String t = String.format(Locale.ROOT, "%." + decimals + "f", v / unit);
            if (t.startsWith("-")) {
                t = "\u2212" + t.substring(1);
            }
            if (t.matches("\u22120(\\.0*)?")) {
                t = t.substring(1);
            }
            return to.append(t).append(thousands && !t.equals("0") ? "k" : "");
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are not parsed");
        }
    }

    /**
     * A logarithmic axis whose ticks are the powers of ten inside its range (also 2 and 5 times each
     * power when fewer than three fall inside), labelled 0.01, 20, 1k, 1M, with unlabelled minor
     * ticks at 2 … 9 times each power: the positions of {@link Ticks#log}.
     */
    static final class DecadeAxis extends LogAxis {
        DecadeAxis(String label) {
            super(label);
            setMinorTickMarksVisible(true);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            double lo = getLowerBound();
            double hi = getUpperBound();
            boolean vertical = RectangleEdge.isLeftOrRight(edge);
            TextAnchor anchor = vertical ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER;
            double[] major = Ticks.log(lo, hi);
            String[] labels = Ticks.logLabels(major);
            for (int i = 0; i < major.length; i++) {
                ticks.add(new NumberTick(TickType.MAJOR, major[i], labels[i], anchor, anchor, 0));
            }
            for (double v : Ticks.logMinor(lo, hi)) {
                if (java.util.Arrays.stream(major).noneMatch(m -> Math.abs(m - v) <= 1e-9 * v)) {
                    ticks.add(new NumberTick(TickType.MINOR, v, "", anchor, anchor, 0));
                }
            }
            return ticks;
        }
    }

    /**
     * The rows of a horizontal bar chart, every one named: JFreeChart's SymbolAxis drops labels it
     * judges to overlap, measured in the graphics' current font rather than the tick font, and so
     * named every other model.
     */
    static final class Categories extends SymbolAxis {
        Categories(String label, String[] names) {
            super(label, names);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            String[] names = getSymbols();
            TextAnchor anchor = RectangleEdge.isLeftOrRight(edge) ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER;
            for (int i = 0; i < names.length; i++) {
                if (getRange().contains(i)) {
                    ticks.add(new NumberTick(TickType.MAJOR, i, names[i], anchor, anchor, 0));
                }
            }
            return ticks;
        }
    }
}
