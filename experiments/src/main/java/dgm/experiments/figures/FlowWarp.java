package dgm.experiments.figures;

import dgm.flow.FlowModel;
import dgm.flow.bijector.ActNorm;
import dgm.flow.bijector.BatchNormFlow;
import dgm.flow.bijector.Bijector;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.FixedAffine;
import dgm.flow.bijector.Permutation;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seed's picture of a normalizing flow: a grid on the latent plane (lines of constant z₁ and
 * constant z₂, densely sampled) carried layer by layer through the sampling direction x = f⁻¹(z) into
 * data space, one panel per layer. Each grid cell is shaded by log|det J| of the map so far at the
 * cell's centre (blue: the map contracts area there, red: it expands it), so the change-of-variables
 * factor is seen as the change in the cells' areas: area(image of a small cell) ≈ |det J|·area(cell).
 */
public final class FlowWarp {
    private FlowWarp() {
    }

    /**
     * One stage of the sampling direction on flat 2-D batches: {@code out} = the map applied to the n
     * rows of {@code in}; {@code logDet[i]} += log|det J| at row i (J the Jacobian of this map).
     */
    @FunctionalInterface
    public interface PointMap {
        void apply(double[] in, int n, double[] out, double[] logDet);
    }

    /** A named step, drawn as one panel after the latent one. */
    public record Step(String name, PointMap map) {
    }

    /**
     * The latent grid: [−halfWidth, halfWidth]², {@code lines} lines per direction, each cell edge
     * sampled at {@code samplesPerEdge} segments so that lines bend smoothly.
     */
    public record Grid(double halfWidth, int lines, int samplesPerEdge) {
        public Grid {
            if (lines < 2 || samplesPerEdge < 1 || !(halfWidth > 0)) {
                throw new IllegalArgumentException("grid needs lines ≥ 2, samplesPerEdge ≥ 1, halfWidth > 0");
            }
        }

        /** ±3 standard deviations of a standard-normal base, 13 lines, 8 segments per edge. */
        public static Grid standard() {
            return new Grid(3, 13, 8);
        }

        int side() {
            return (lines - 1) * samplesPerEdge + 1;
        }

        int cells() {
            return lines - 1;
        }
    }

    /**
     * The grid after a number of steps: the dense lattice of points ([side²][2], row-major in z₂ then
     * z₁), the cell polygons (each 4·samplesPerEdge vertices, counter-clockwise in the latent plane),
     * log|det J| at each cell's centre, and the grid lines.
     */
    public record Warped(String name, double[][] lattice, List<double[][]> cells, double[] cellLogDet,
                         List<double[][]> lines) {
    }

    /** The lattice and centres carried through each step in turn; element 0 is the latent grid itself. */
    public static List<Warped> warp(List<Step> steps, Grid g) {
        int side = g.side();
        int nc = g.cells();
        int n = side * side + nc * nc;
        double[] pts = new double[2 * n];
        double h = g.halfWidth();
        for (int j = 0; j < side; j++) {
            for (int i = 0; i < side; i++) {
                int k = j * side + i;
                pts[2 * k] = -h + 2 * h * i / (side - 1);
                pts[2 * k + 1] = -h + 2 * h * j / (side - 1);
            }
        }
        for (int b = 0; b < nc; b++) {
            for (int a = 0; a < nc; a++) {
                int k = side * side + b * nc + a;
                pts[2 * k] = -h + 2 * h * (a + 0.5) / nc;
                pts[2 * k + 1] = -h + 2 * h * (b + 0.5) / nc;
            }
        }
        double[] logDet = new double[n];
        List<Warped> out = new ArrayList<>();
        out.add(snapshot("latent z", pts, logDet, g));
        for (Step s : steps) {
            double[] next = new double[2 * n];
            s.map().apply(pts, n, next, logDet);
            pts = next;
            out.add(snapshot(s.name(), pts, logDet, g));
        }
        return out;
    }

    private static Warped snapshot(String name, double[] pts, double[] logDet, Grid g) {
        int side = g.side();
        int m = g.samplesPerEdge();
        int nc = g.cells();
        double[][] lattice = new double[side * side][];
        for (int k = 0; k < lattice.length; k++) {
            lattice[k] = new double[] {pts[2 * k], pts[2 * k + 1]};
        }
        List<double[][]> cells = new ArrayList<>();
        double[] ld = new double[nc * nc];
        for (int b = 0; b < nc; b++) {
            for (int a = 0; a < nc; a++) {
                double[][] poly = new double[4 * m][];
                int v = 0;
                for (int t = 0; t < m; t++) {
                    poly[v++] = lattice[(b * m) * side + a * m + t];             // bottom, left → right
                }
                for (int t = 0; t < m; t++) {
                    poly[v++] = lattice[(b * m + t) * side + (a + 1) * m];       // right, bottom → top
                }
                for (int t = 0; t < m; t++) {
                    poly[v++] = lattice[((b + 1) * m) * side + (a + 1) * m - t]; // top, right → left
                }
                for (int t = 0; t < m; t++) {
                    poly[v++] = lattice[((b + 1) * m - t) * side + a * m];       // left, top → bottom
                }
                cells.add(poly);
                ld[b * nc + a] = logDet[side * side + b * nc + a];
            }
        }
        List<double[][]> lines = new ArrayList<>();
        for (int l = 0; l < g.lines(); l++) {
            double[][] constZ2 = new double[side][];
            double[][] constZ1 = new double[side][];
            for (int t = 0; t < side; t++) {
                constZ2[t] = lattice[(l * m) * side + t];
                constZ1[t] = lattice[t * side + l * m];
            }
            lines.add(constZ2);
            lines.add(constZ1);
        }
        return new Warped(name, lattice, cells, ld, lines);
    }

    /**
     * The figure: the latent grid, then one panel per step, {@code cols} per row, each on its own
     * square box (the central 98 % of its lattice; far tails are clipped). Cells share one symmetric
     * diverging colour scale, with its bar at the figure's right edge. {@code data}, if not null, is drawn
     * faintly over the last panel (which is in data space).
     */
    public static Figure figure(Style style, List<Step> steps, Grid grid, double[][] data, int cols) {
        List<Warped> warped = warp(steps, grid);
        double c = symmetricRange(warped);
        List<Axes> panels = new ArrayList<>();
        for (int p = 0; p < warped.size(); p++) {
            Warped w = warped.get(p);
            Box box = p == 0 ? Box.square(grid.halfWidth() * 1.04) : Box.squareAround(w.lattice(), 0.01, 0.05);
            String title = p == 0 ? "latent z" : p == warped.size() - 1 ? "data x (" + p + ")" : p + ": " + w.name();
            Axes a = new Axes().title(title).range(box)
                    .polygons(w.cells(), w.cellLogDet(), ColorMap.DIVERGING, -c, c)
                    .polylines(w.lines(), new Color(0x30, 0x30, 0x30), 0.35);
            if (p == 0) {
                a.xLabel("z\u2081").yLabel("z\u2082");
            }
            if (p == warped.size() - 1) {
                if (data != null) {
                    a.scatter(data, new Color(0, 0, 0, 70), 0.45);
                }
                a.xLabel("x\u2081").yLabel("x\u2082");
            }
            panels.add(a);
        }
        return Figure.of(style, cols, panels).colorBar(ColorMap.DIVERGING, -c, c, "log |det J| so far");
    }

    /** The seed's picture of a trained flow, with its training data over the last panel. */
    public static Figure figure(FlowModel flow, double[][] data) {
        List<Step> steps = steps(flow);
        int panels = steps.size() + 1;
        return figure(Style.wide(), steps, Grid.standard(), data, panels <= 5 ? panels : (panels + 1) / 2)
                .title(flow.id() + ": the latent grid carried into data space, shaded by log|det J|");
    }

    /** A colour range ±c covering the 98th percentile of |log det| over all panels (at least 0.05). */
    static double symmetricRange(List<Warped> warped) {
        List<Double> all = new ArrayList<>();
        for (Warped w : warped) {
            for (double v : w.cellLogDet()) {
                if (Double.isFinite(v)) {
                    all.add(Math.abs(v));
                }
            }
        }
        if (all.isEmpty()) {
            return 1;
        }
        double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return Math.max(0.05, a[(int) Math.floor(0.98 * (a.length - 1))]);
    }

    /** The flow's stages in the sampling direction (see {@link #steps(List)}). */
    public static List<Step> steps(FlowModel flow) {
        Bijector f = flow.flow();
        return steps(f instanceof Composite c ? c.stages() : List.of(f));
    }

    /**
     * Steps for a flow given as its stages in the normalizing (data → latent) order, as in
     * {@link Composite#stages()}: they are applied in reverse through {@link Bijector#inverse}. Each
     * step is one stage that changes the shape of the grid; element-wise affine stages (ActNorm,
     * standardisation, batch norm in evaluation mode) join the step before them. Permutations only
     * relabel coordinates: every panel after the latent one shows its coordinates in the order they
     * have in data space, so the grid does not flip across the diagonal from one panel to the next
     * (the first step takes z in its own order; the latent grid is symmetric under the swap).
     */
    public static List<Step> steps(List<Bijector> normalizingStages) {
        if (normalizingStages.isEmpty()) {
            return List.of();
        }
        int d = normalizingStages.get(0).dimension();
        if (d != 2) {
            throw new IllegalArgumentException("the warped-grid picture is for 2-D flows; this one has dimension " + d);
        }
        List<Bijector> inverseOrder = new ArrayList<>(normalizingStages);
        java.util.Collections.reverse(inverseOrder);
        List<List<Bijector>> groups = new ArrayList<>();
        List<Bijector> current = null;
        boolean currentHasShape = false;
        for (Bijector b : inverseOrder) {
            boolean shape = !elementwiseOrPermutation(b);
            if (current == null || (shape && currentHasShape)) {
                current = new ArrayList<>();
                groups.add(current);
                currentHasShape = false;
            }
            current.add(b);
            currentHasShape |= shape;
        }
        // P[k][j]: which latent coordinate internal coordinate j holds after group k (permutations only relabel)
        int[][] labels = new int[groups.size() + 1][];
        labels[0] = new int[] {0, 1};
        for (int k = 0; k < groups.size(); k++) {
            int[] p = labels[k];
            for (Bijector b : groups.get(k)) {
                if (b instanceof Permutation) {
                    p = compose(p, probe(b));
                }
            }
            labels[k + 1] = p;
        }
        // Display internal coordinate j after group k at the position its latent coordinate has in data
        // space, so that the panels agree with each other and the last is the data space itself.
        int[] endPosition = new int[2];
        for (int j = 0; j < 2; j++) {
            endPosition[labels[groups.size()][j]] = j;
        }
        List<Step> steps = new ArrayList<>();
        int[] in = {0, 1};
        for (int k = 0; k < groups.size(); k++) {
            int[] out = new int[2];
            for (int j = 0; j < 2; j++) {
                out[j] = endPosition[labels[k + 1][j]];
            }
            steps.add(new Step(name(groups.get(k)), relabelled(groups.get(k), in, out)));
            in = out;
        }
        return steps;
    }

    private static boolean elementwiseOrPermutation(Bijector b) {
        return b instanceof Permutation || b instanceof ActNorm || b instanceof FixedAffine || b instanceof BatchNormFlow;
    }

    /** π with (inverse of b applied to (0, 1, …)) = (π₀, π₁, …): output j is input π[j]. */
    private static int[] probe(Bijector b) {
        int d = b.dimension();
        double[] e = new double[d];
        for (int j = 0; j < d; j++) {
            e[j] = j;
        }
        double[] o = new double[d];
        b.inverse(e, 1, o, new double[1]);
        int[] pi = new int[d];
        for (int j = 0; j < d; j++) {
            pi[j] = (int) Math.round(o[j]);
        }
        return pi;
    }

    private static int[] compose(int[] sigma, int[] pi) {
        int[] r = new int[sigma.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = sigma[pi[j]];
        }
        return r;
    }

    private static PointMap relabelled(List<Bijector> group, int[] in, int[] out) {
        return (u, n, result, logDet) -> {
            double[] v = new double[2 * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    v[2 * i + j] = u[2 * i + in[j]];
                }
            }
            double[] w = new double[2 * n];
            for (Bijector b : group) {
                b.inverse(v, n, w, logDet);
                double[] t = v;
                v = w;
                w = t;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    result[2 * i + out[j]] = v[2 * i + j];
                }
            }
        };
    }

    private static String name(List<Bijector> group) {
        for (Bijector b : group) {
            if (!elementwiseOrPermutation(b)) {
                return shortName(b);
            }
        }
        return shortName(group.get(0));
    }

    static String shortName(Bijector b) {
        String s = b.describe();
        int p = s.indexOf('(');
        int q = s.indexOf('[');
        int cut = p < 0 ? q : q < 0 ? p : Math.min(p, q);
        return cut > 0 ? s.substring(0, cut) : s;
    }
}
