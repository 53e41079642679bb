package dgm.experiments.figures;

import dgm.flow.variational.Energy;
import java.util.ArrayList;
import java.util.List;

/**
 * Variational fits of unnormalised densities: for each energy, the target exp(−U) as a heat map
 * (scaled to 1 at its maximum on the box; the normaliser is not needed to see the shape) beside the
 * flow's samples on the same box.
 */
public final class EnergyFits {
    private EnergyFits() {
    }

    /** One fitted energy: the target, the fitted model's name and its samples ([n, 2]). */
    public record Fit(Energy energy, String model, double[][] samples) {
    }

    public static Figure figure(Style style, List<Fit> fits, Box box) {
        List<Axes> panels = new ArrayList<>();
        double[][] grid = box.grid(ToyFigures.GRID);
        for (Fit f : fits) {
            if (f.energy().dimension() != 2) {
                throw new IllegalArgumentException("energy " + f.energy().name() + " has dimension " + f.energy().dimension() + ", not 2");
            }
            double[] u = new double[grid.length];
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < grid.length; i++) {
                u[i] = f.energy().value(grid[i], 0);
                if (u[i] < min) {
                    min = u[i];
                }
            }
            double[] p = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                double v = Math.exp(-(u[i] - min));
                p[i] = Double.isNaN(v) ? 0 : v;
            }
            panels.add(new Axes().title(f.energy().name() + ": exp(\u2212U)").range(box)
                    .heatMap(Box.reshape(p, ToyFigures.GRID), box, ColorMap.VIRIDIS, 0, 1)
                    .colorBar(ColorMap.VIRIDIS, 0, 1, "relative density"));
            double[][] s = f.samples().length > ToyFigures.MAX_POINTS
                    ? java.util.Arrays.copyOf(f.samples(), ToyFigures.MAX_POINTS) : f.samples();
            panels.add(new Axes().title(f.model() + " samples").range(box).scatter(s, ToyFigures.SAMPLE, 0.7));
        }
        return Figure.of(style, 2, panels);
    }

    /** On [−4, 4]², the box of Rezende and Mohamed's Figure 3. */
    public static Figure figure(List<Fit> fits) {
        return figure(Style.column(), fits, Box.square(4));
    }
}
