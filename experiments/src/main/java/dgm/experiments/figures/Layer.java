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
