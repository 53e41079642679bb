package dgm.experiments.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.block.FlowArrangement;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.Range;

/**
 * Line and bar charts for a paper: {@link Chart} panels on a grid of {@code cols} columns, drawn by
 * JFreeChart, with one {@link Legend} outside every plot area (right of the panels or below them,
 * JFreeChart's legend block). Every panel gets the same axis space, so the plot areas of a column
 * line up and every plot area is as wide as the others; each is as tall as its panel's aspect asks.
 * The width is the {@link Style}'s; PNG through Java2D at the style's resolution, PDF and SVG through
 * VectorGraphics2D from the same drawing (text as glyph outlines in the PDF, as text in the SVG).
 */
public final class ChartFigure implements PaperFigure {
    private final Style style;
    private final int cols;
    private final List<Chart> panels;
    private final Legend legend;
    private Layout layout;

    private ChartFigure(Style style, int cols, List<Chart> panels, Legend legend) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        this.style = style;
        this.cols = Math.max(1, Math.min(cols, panels.size()));
        this.panels = List.copyOf(panels);
        this.legend = legend;
    }

    /** Panels laid out left to right, top to bottom, {@code cols} per row. */
    public static ChartFigure of(Style style, int cols, List<Chart> panels) {
        return new ChartFigure(style, cols, panels, null);
    }

    /** The same figure with a legend outside the plot areas. */
    public ChartFigure legend(Legend l) {
        return new ChartFigure(style, cols, panels, l);
    }

    public Legend legend() {
        return legend;
    }

    public List<Chart> panels() {
        return panels;
    }

    @Override
    public Style style() {
        return style;
    }

    @Override
    public double widthPoints() {
        return style.widthPoints();
    }

    @Override
    public double heightPoints() {
        return layout().height;
    }

    /** Each panel's plot area as laid out, in points from the top-left corner. */
    public List<Rectangle2D> plotAreas() {
        return layout().dataAreas;
    }

    /** The rectangle the legend is drawn in (null without a legend). */
    public Rectangle2D legendArea() {
        return layout().legendArea;
    }

    // ---- layout ----------------------------------------------------------------------------------

    private record Layout(List<JFreeChart> charts, List<Rectangle2D> cells, List<Rectangle2D> dataAreas,
                          LegendTitle legend, Rectangle2D legendArea, double height) {
    }

    private static final double GAP = 4;

    private synchronized Layout layout() {
        if (layout == null) {
            layout = computeLayout();
        }
        return layout;
    }

    private Layout computeLayout() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            hints(g);
            double w = widthPoints();
            LegendTitle lt = legend == null ? null : legendTitle();
            Size2D legendSize = null;
            double panelsWidth = w;
            if (lt != null) {
                if (legend.position() == Legend.Position.RIGHT) {
                    legendSize = lt.arrange(g, RectangleConstraint.NONE);
                    panelsWidth = w - legendSize.width - GAP;
                } else {
                    legendSize = lt.arrange(g, new RectangleConstraint(new Range(0, w), new Range(0, 10_000)));
                }
            }
            double cw = panelsWidth / cols;
            List<JFreeChart> charts = new ArrayList<>();
            for (Chart c : panels) {
                charts.add(c.toJFreeChart(style));
            }
            // the axis space every panel needs, then the largest given to all
            double left = 0;
            double right = 0;
            double bottom = 0;
            for (JFreeChart chart : charts) {
                ChartRenderingInfo info = new ChartRenderingInfo();
                chart.draw(g, new Rectangle2D.Double(0, 0, cw, cw), info);
                Rectangle2D plot = info.getPlotInfo().getPlotArea();
                Rectangle2D data = info.getPlotInfo().getDataArea();
                RectangleInsets in = ((XYPlot) chart.getPlot()).getInsets();
                left = Math.max(left, data.getMinX() - plot.getMinX() - in.getLeft());
                right = Math.max(right, plot.getMaxX() - data.getMaxX() - in.getRight());
                bottom = Math.max(bottom, plot.getMaxY() - data.getMaxY() - in.getBottom());
            }
            AxisSpace space = new AxisSpace();
            space.setLeft(left);
            space.setRight(right);
            space.setBottom(bottom);
            space.setTop(0);
            double[] heights = new double[charts.size()];
            for (int i = 0; i < charts.size(); i++) {
                XYPlot plot = (XYPlot) charts.get(i).getPlot();
                plot.setFixedDomainAxisSpace(space);
                plot.setFixedRangeAxisSpace(space);
                ChartRenderingInfo info = new ChartRenderingInfo();
                double probe = cw;
                charts.get(i).draw(g, new Rectangle2D.Double(0, 0, cw, probe), info);
                Rectangle2D data = info.getPlotInfo().getDataArea();
                double above = data.getMinY();
                double below = probe - data.getMaxY();
                heights[i] = above + data.getWidth() * panels.get(i).aspect() + below;
            }
            List<Rectangle2D> cells = new ArrayList<>();
            double y = 0;
            int rows = (panels.size() + cols - 1) / cols;
            for (int r = 0; r < rows; r++) {
                double rowHeight = 0;
                for (int c = 0; c < cols && r * cols + c < panels.size(); c++) {
                    rowHeight = Math.max(rowHeight, heights[r * cols + c]);
                }
                for (int c = 0; c < cols && r * cols + c < panels.size(); c++) {
                    cells.add(new Rectangle2D.Double(c * cw, y, cw, heights[r * cols + c]));
                }
                y += rowHeight;
            }
            List<Rectangle2D> dataAreas = new ArrayList<>();
            for (int i = 0; i < charts.size(); i++) {
                ChartRenderingInfo info = new ChartRenderingInfo();
                charts.get(i).draw(g, cells.get(i), info);
                dataAreas.add((Rectangle2D) info.getPlotInfo().getDataArea().clone());
            }
            Rectangle2D legendArea = null;
            double height = y;
            if (lt != null) {
                if (legend.position() == Legend.Position.RIGHT) {
                    double top = dataAreas.get(0).getMinY();
                    legendArea = new Rectangle2D.Double(panelsWidth + GAP, top, legendSize.width, legendSize.height);
                    height = Math.max(height, top + legendSize.height);
                } else {
                    legendArea = new Rectangle2D.Double(0, y + GAP / 2, w, legendSize.height);
                    height = y + GAP / 2 + legendSize.height;
                }
            }
            return new Layout(charts, cells, dataAreas, lt, legendArea, Math.ceil(height + 2));
        } finally {
            g.dispose();
        }
    }

    private LegendTitle legendTitle() {
        LegendItemCollection items = new LegendItemCollection();
        Shape line = new Line2D.Double(-7, 0, 7, 0);
        Shape patch = new Rectangle2D.Double(-7, -3.5, 14, 7);
        for (Legend.Entry e : legend.entries()) {
            boolean band = e.swatch() == Legend.Swatch.LINE_BAND || e.swatch() == Legend.Swatch.DASHED_BAND;
            boolean bar = e.swatch() == Legend.Swatch.PATCH;
            boolean dashed = e.swatch() == Legend.Swatch.DASHED || e.swatch() == Legend.Swatch.DASHED_BAND;
            LegendItem item = new LegendItem(e.label(), null, null, null, band || bar, patch, true,
                    bar ? e.color() : Legend.translucent(e.color()), false, e.color(), new BasicStroke(0.5f), !bar, line,
                    dashed ? new BasicStroke((float) style.lineWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            new float[] {3f, 2f}, 0f) : new BasicStroke((float) style.lineWidth()), e.color());
            item.setLabelFont(style.font(style.tickSize(), false));
            item.setLabelPaint(Chart.INK);
            items.add(item);
        }
        LegendTitle lt = new LegendTitle(() -> items,
                new FlowArrangement(HorizontalAlignment.CENTER, VerticalAlignment.CENTER, 6, 1),
                new ColumnArrangement(HorizontalAlignment.LEFT, VerticalAlignment.TOP, 0, 1));
        lt.setPosition(legend.position() == Legend.Position.RIGHT ? RectangleEdge.RIGHT : RectangleEdge.BOTTOM);
        lt.setItemFont(style.font(style.tickSize(), false));
        lt.setFrame(BlockBorder.NONE);
        lt.setBackgroundPaint(null);
        lt.setPadding(RectangleInsets.ZERO_INSETS);
        lt.setMargin(RectangleInsets.ZERO_INSETS);
        lt.setItemLabelPadding(new RectangleInsets(1, 3, 1, 2));
        return lt;
    }

    // ---- drawing ---------------------------------------------------------------------------------

    /** Draws the panels and the legend onto {@code g} in points (the caller scales and paints the background). */
    private void draw(Graphics2D g) {
        Layout l = layout();
        for (int i = 0; i < l.charts.size(); i++) {
            l.charts.get(i).draw(g, l.cells.get(i));
        }
        if (l.legend != null) {
            l.legend.draw(g, l.legendArea);
        }
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    @Override
    public BufferedImage toImage() {
        double ppp = style.pixelsPerPoint();
        int w = (int) Math.round(widthPoints() * ppp);
        int h = (int) Math.round(heightPoints() * ppp);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(ppp, ppp);
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    @Override
    public byte[] toPdf() {
        return VectorOutput.pdf(widthPoints(), heightPoints(), this::draw);
    }

    @Override
    public String toSvg() {
        return VectorOutput.svg(widthPoints(), heightPoints(), this::draw);
    }
}
