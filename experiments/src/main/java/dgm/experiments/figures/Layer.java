package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/** What a panel holds, in data coordinates; drawn through a {@link Axes.Transform} onto a canvas. */
sealed interface Layer {

    /** Data extent [x0, x1, y0, y1] for auto-ranging, or null. */
    double[] extent();

    void draw(Canvas c, Axes.Transform t);

    record Scatter(double[][] points, Color color, double radius) implements Layer {
        @Override
        public double[] extent() {
            return Axes.extentOf(points);
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            double[] xs = new double[points.length];
            double[] ys = new double[points.length];
            int n = 0;
            for (double[] p : points) {
                if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                    xs[n] = t.x(p[0]);
                    ys[n] = t.y(p[1]);
                    n++;
                }
            }
            c.markers(xs, ys, n, radius, color);
        }
    }

    /**
     * A series: non-finite values (and, on a logarithmic axis, values at or below 0) break the line;
     * {@code marker} &gt; 0 also draws a dot of that radius at every point.
     */
    record Line(String label, double[] x, double[] y, Color color, double width, boolean dashed, double marker) implements Layer {
        Line(String label, double[] x, double[] y, Color color, double width, boolean dashed) {
            this(label, x, y, color, width, dashed, 0);
        }

        @Override
        public double[] extent() {
            double[][] pts = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                pts[i] = new double[] {x[i], y[i]};
            }
            return Axes.extentOf(pts);
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            double[] xs = new double[x.length];
            double[] ys = new double[x.length];
            int n = 0;
            for (int i = 0; i <= x.length; i++) {
                double px = i < x.length ? t.x(x[i]) : Double.NaN;
                double py = i < x.length ? t.y(y[i]) : Double.NaN;
                if (Double.isFinite(px) && Double.isFinite(py)) {
                    xs[n] = px;
                    ys[n] = py;
                    n++;
                } else {
                    if (n == 1 && marker <= 0) {
                        c.markers(xs, ys, 1, width, color);
                    }
                    c.polyline(xs, ys, n, color, width, dashed);
                    if (marker > 0) {
                        c.markers(xs, ys, n, marker, color);
                    }
                    n = 0;
                }
            }
        }
    }

    /**
     * A shaded band between {@code lo} and {@code hi} over {@code x} (e.g. the spread over seeds
     * around a mean line), in a translucent colour; a point where either edge is not finite splits it.
     */
    record Band(double[] x, double[] lo, double[] hi, Color color) implements Layer {
        @Override
        public double[] extent() {
            double[][] pts = new double[2 * x.length][];
            for (int i = 0; i < x.length; i++) {
                pts[2 * i] = new double[] {x[i], lo[i]};
                pts[2 * i + 1] = new double[] {x[i], hi[i]};
            }
            return Axes.extentOf(pts);
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            int start = 0;
            for (int i = 0; i <= x.length; i++) {
                boolean ok = i < x.length && Double.isFinite(t.x(x[i])) && Double.isFinite(t.y(lo[i])) && Double.isFinite(t.y(hi[i]));
                if (!ok) {
                    int n = i - start;
                    if (n >= 2) {
                        double[] xs = new double[2 * n];
                        double[] ys = new double[2 * n];
                        for (int k = 0; k < n; k++) {
                            xs[k] = t.x(x[start + k]);
                            ys[k] = t.y(hi[start + k]);
                            xs[2 * n - 1 - k] = xs[k];
                            ys[2 * n - 1 - k] = t.y(lo[start + k]);
                        }
                        c.fillPolygon(xs, ys, 2 * n, color);
                    }
                    start = i + 1;
                }
            }
        }
    }

    /**
     * Bars centred at {@code at} (x for upright bars, y for horizontal ones), {@code size} data
     * units thick, from 0 (on a logarithmic axis: from the axis' low end) to {@code value}; where
     * {@code lo} and {@code hi} are given, a whisker from lo to hi on each bar.
     */
    record Bars(double[] at, double[] value, double[] lo, double[] hi, double size, Color color, boolean horizontal)
            implements Layer {
        @Override
        public double[] extent() {
            double v0 = 0;
            double v1 = 0;
            for (int i = 0; i < at.length; i++) {
                for (double v : new double[] {value[i], lo == null ? value[i] : lo[i], hi == null ? value[i] : hi[i]}) {
                    if (Double.isFinite(v)) {
                        v0 = Math.min(v0, v);
                        v1 = Math.max(v1, v);
                    }
                }
            }
            double a0 = Double.POSITIVE_INFINITY;
            double a1 = Double.NEGATIVE_INFINITY;
            for (double a : at) {
                a0 = Math.min(a0, a - size / 2);
                a1 = Math.max(a1, a + size / 2);
            }
            if (at.length == 0) {
                return null;
            }
            return horizontal ? new double[] {v0, v1, a0, a1} : new double[] {a0, a1, v0, v1};
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            for (int i = 0; i < at.length; i++) {
                double a0 = horizontal ? t.y(at[i] + size / 2) : t.x(at[i] - size / 2);
                double a1 = horizontal ? t.y(at[i] - size / 2) : t.x(at[i] + size / 2);
                double base = horizontal ? (t.logX() ? t.px() : t.x(0)) : (t.logY() ? t.py() + t.ph() : t.y(0));
                double end = horizontal ? t.x(value[i]) : t.y(value[i]);
                if (Double.isFinite(end) && Double.isFinite(a0) && Double.isFinite(a1)) {
                    if (horizontal) {
                        c.fillRect(Math.min(base, end), a0, Math.abs(end - base), a1 - a0, color);
                    } else {
                        c.fillRect(a0, Math.min(base, end), a1 - a0, Math.abs(end - base), color);
                    }
                }
                if (lo != null && hi != null) {
                    double w0 = horizontal ? t.x(lo[i]) : t.y(lo[i]);
                    double w1 = horizontal ? t.x(hi[i]) : t.y(hi[i]);
                    if (Double.isFinite(w0) && Double.isFinite(w1) && w0 != w1) {
                        double mid = (a0 + a1) / 2;
                        double cap = Math.abs(a1 - a0) / 4;
                        Color ink = Axes.INK;
                        if (horizontal) {
                            c.polyline(new double[] {w0, w1}, new double[] {mid, mid}, 2, ink, 0.6, false);
                            c.polyline(new double[] {w0, w0}, new double[] {mid - cap, mid + cap}, 2, ink, 0.6, false);
                            c.polyline(new double[] {w1, w1}, new double[] {mid - cap, mid + cap}, 2, ink, 0.6, false);
                        } else {
                            c.polyline(new double[] {mid, mid}, new double[] {w0, w1}, 2, ink, 0.6, false);
                            c.polyline(new double[] {mid - cap, mid + cap}, new double[] {w0, w0}, 2, ink, 0.6, false);
                            c.polyline(new double[] {mid - cap, mid + cap}, new double[] {w1, w1}, 2, ink, 0.6, false);
                        }
                    }
                }
            }
        }
    }

    /** A raster over a box (heat maps through their colour map, digit grids as they are). */
    record Raster(BufferedImage image, Box box, boolean smooth) implements Layer {
        @Override
        public double[] extent() {
            return new double[] {box.x0(), box.x1(), box.y0(), box.y1()};
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            double x = t.x(box.x0());
            double y = t.y(box.y1());
            c.image(image, x, y, t.x(box.x1()) - x, t.y(box.y0()) - y, smooth);
        }
    }

    /** Closed polygons (each [k][2]) filled by their value through a colour map. */
    record Polygons(List<double[][]> polygons, double[] values, ColorMap map, double vmin, double vmax) implements Layer {
        @Override
        public double[] extent() {
            return Axes.extentOf(polygons);
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            for (int k = 0; k < polygons.size(); k++) {
                double[][] poly = polygons.get(k);
                double[] xs = new double[poly.length];
                double[] ys = new double[poly.length];
                for (int i = 0; i < poly.length; i++) {
                    xs[i] = t.x(poly[i][0]);
                    ys[i] = t.y(poly[i][1]);
                }
                c.fillPolygon(xs, ys, poly.length, map.color(values[k], vmin, vmax));
            }
        }
    }

    /** Open polylines (each [k][2]) in one colour, e.g. the lines of a warped grid. */
    record Polylines(List<double[][]> lines, Color color, double width) implements Layer {
        @Override
        public double[] extent() {
            return Axes.extentOf(lines);
        }

        @Override
        public void draw(Canvas c, Axes.Transform t) {
            for (double[][] line : lines) {
                double[] xs = new double[line.length];
                double[] ys = new double[line.length];
                for (int i = 0; i < line.length; i++) {
                    xs[i] = t.x(line[i][0]);
                    ys[i] = t.y(line[i][1]);
                }
                c.polyline(xs, ys, line.length, color, width, false);
            }
        }
    }
}
