package dgm.experiments.figures;

import java.util.Arrays;

/** A rectangle of data space, [x0, x1] × [y0, y1]. */
public record Box(double x0, double x1, double y0, double y1) {

    public Box {
        if (!(x1 > x0) || !(y1 > y0)) {
            throw new IllegalArgumentException("empty box [" + x0 + ", " + x1 + "] × [" + y0 + ", " + y1 + "]");
        }
    }

    /** [−h, h]². */
    public static Box square(double h) {
        return new Box(-h, h, -h, h);
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    /**
     * The smallest square, centred on the middle of the central range, that holds the central
     * {@code 1 − 2·tail} of the points along each axis, widened by {@code pad} (a fraction) on each side.
     * Robust to a few points flung far away (the tails of a flow).
     */
    public static Box squareAround(double[][] points, double tail, double pad) {
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        int n = 0;
        for (double[] p : points) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                xs[n] = p[0];
                ys[n] = p[1];
                n++;
            }
        }
        if (n == 0) {
            return square(1);
        }
        xs = Arrays.copyOf(xs, n);
        ys = Arrays.copyOf(ys, n);
        Arrays.sort(xs);
        Arrays.sort(ys);
        int lo = (int) Math.floor(tail * (n - 1));
        int hi = (int) Math.ceil((1 - tail) * (n - 1));
        double cx = (xs[lo] + xs[hi]) / 2;
        double cy = (ys[lo] + ys[hi]) / 2;
        double h = Math.max(xs[hi] - xs[lo], ys[hi] - ys[lo]) / 2 * (1 + 2 * pad);
        if (!(h > 0)) {
            h = 1;
        }
        return new Box(cx - h, cx + h, cy - h, cy + h);
    }

    /** Grid point (i, j) of an n × n grid over this box, at cell centres. */
    double[][] grid(int n) {
        double[][] pts = new double[n * n][];
        for (int r = 0; r < n; r++) {
            double y = y0 + (r + 0.5) * height() / n;
            for (int c = 0; c < n; c++) {
                pts[r * n + c] = new double[] {x0 + (c + 0.5) * width() / n, y};
            }
        }
        return pts;
    }

    /** values (row-major, y-major, as {@link #grid}) reshaped to [n][n], row 0 at y0. */
    static double[][] reshape(double[] values, int n) {
        double[][] out = new double[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(values, r * n, out[r], 0, n);
        }
        return out;
    }
}
