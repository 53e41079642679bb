package dgm.experiments.figures;

import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Kind;
import dgm.core.rng.Rng;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 2-D toy figures: the true density beside each model's samples, and beside each model's density
 * (exact or a bound), all on the same square box.
 */
public final class ToyFigures {
    /** Heat-map resolution (cells per side). */
    public static final int GRID = 160;
    /** At most this many samples are drawn per panel. */
    public static final int MAX_POINTS = 2000;
    static final Color SAMPLE = new Color(0x08, 0x30, 0x6b, 90);

    private ToyFigures() {
    }

    /** A square box holding the toy's mass: its central 99.8 % along each axis of 4000 fixed-seed samples, padded 8 %. */
    public static Box boxFor(ToyDistribution truth) {
        return Box.squareAround(truth.sample(4000, new Rng(0x70f)), 0.001, 0.08);
    }

    /**
     * (a) One row: the true density exp(log p) as a viridis heat map, then a scatter of each model's
     * samples (first {@link #MAX_POINTS} rows of each [n, 2] array), all on the same axes.
     *
     * @param samples model name → samples, in the order to draw (use a LinkedHashMap)
     */
    public static Figure samples(Style style, ToyDistribution truth, Map<String, double[][]> samples, Box box) {
        List<Axes> panels = new ArrayList<>();
        panels.add(truePanel(truth, box).title("true density"));
        for (Map.Entry<String, double[][]> e : samples.entrySet()) {
            double[][] s = e.getValue();
            if (s.length > 0 && s[0].length != 2) {
                throw new IllegalArgumentException("samples of '" + e.getKey() + "' have dimension " + s[0].length
                        + "; the toy figures are 2-D");
            }
            if (s.length > MAX_POINTS) {
                s = java.util.Arrays.copyOf(s, MAX_POINTS);
            }
            panels.add(new Axes().title(e.getKey()).range(box).scatter(s, SAMPLE, 0.7));
        }
        return Figure.of(style, Math.min(5, panels.size()), panels).title(truth.id() + ": samples");
    }

    public static Figure samples(ToyDistribution truth, Map<String, double[][]> samples) {
        return samples(Style.wide(), truth, samples, boxFor(truth));
    }

    /**
     * (b) The true density beside each model's density on one shared colour scale, [0, max of the true
     * density on the grid] (a model that is sharper than the truth saturates). A bound is drawn as
     * exp(bound), a lower bound on the model's density, and its panel title says so.
     */
    public static Figure densities(Style style, ToyDistribution truth, List<DensitySurface> models, Box box) {
        double[][] grid = box.grid(GRID);
        double[][] trueDensity = Box.reshape(exp(trueLogDensity(truth, box)), GRID);
        double vmax = 0;
        for (double[] row : trueDensity) {
            for (double v : row) {
                vmax = Math.max(vmax, v);
            }
        }
        if (!(vmax > 0)) {
            vmax = 1;
        }
        List<Axes> panels = new ArrayList<>();
        panels.add(new Axes().title("true density").range(box).heatMap(trueDensity, box, ColorMap.VIRIDIS, 0, vmax));
        for (DensitySurface m : models) {
            double[][] q = Box.reshape(exp(m.field().logDensity(grid)), GRID);
            String title = m.kind() == Kind.BOUND && !m.title().contains("bound") ? m.title() + " (bound)" : m.title();
            panels.add(new Axes().title(title).range(box).heatMap(q, box, ColorMap.VIRIDIS, 0, vmax));
        }
        return Figure.of(style, Math.min(5, panels.size()), panels).title(truth.id() + ": densities (shared scale)")
                .colorBar(ColorMap.VIRIDIS, 0, vmax, "density");
    }

    public static Figure densities(ToyDistribution truth, List<DensitySurface> models) {
        return densities(Style.wide(), truth, models, boxFor(truth));
    }

    private static Axes truePanel(ToyDistribution truth, Box box) {
        double[][] p = Box.reshape(exp(trueLogDensity(truth, box)), GRID);
        double vmax = 0;
        for (double[] row : p) {
            for (double v : row) {
                vmax = Math.max(vmax, v);
            }
        }
        return new Axes().range(box).heatMap(p, box, ColorMap.VIRIDIS, 0, vmax > 0 ? vmax : 1);
    }

    private static ToyDistribution lastTruth;
    private static Box lastBox;
    private static double[] lastLogDensity;

    /**
     * log p on the GRID × GRID grid of the box. The samples and densities figures of one toy share it,
     * and some toys' exact densities are costly (quadrature along a curve), so the last one is kept.
     */
    static synchronized double[] trueLogDensity(ToyDistribution truth, Box box) {
        if (truth != lastTruth || !box.equals(lastBox)) {
            lastLogDensity = truth.logDensity(box.grid(GRID));
            lastTruth = truth;
            lastBox = box;
        }
        return lastLogDensity;
    }

    /** exp, with NaN (a broken model) shown as 0. */
    static double[] exp(double[] logs) {
        double[] out = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            double v = Math.exp(logs[i]);
            out[i] = Double.isNaN(v) ? 0 : v;
        }
        return out;
    }
}
