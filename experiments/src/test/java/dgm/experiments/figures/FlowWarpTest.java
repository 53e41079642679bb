package dgm.experiments.figures;

import static dgm.experiments.figures.FigureChecks.count;
import static dgm.experiments.figures.FigureChecks.hasColour;
import static dgm.experiments.figures.FigureChecks.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.toy.Toys;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The seed's picture: a latent grid carried through a flow, shaded by log|det J|. */
class FlowWarpTest {

    @TempDir
    Path dir;

    /** Three smooth maps with closed-form log-determinants: a shear, an element-wise map, a coupling. */
    static List<FlowWarp.Step> analyticSteps() {
        return List.of(
                new FlowWarp.Step("shear", (in, n, out, ld) -> {
                    for (int i = 0; i < n; i++) {
                        out[2 * i] = in[2 * i];
                        out[2 * i + 1] = in[2 * i + 1] + 0.6 * Math.sin(in[2 * i]);
                    }
                }),
                new FlowWarp.Step("elementwise", (in, n, out, ld) -> {
                    for (int i = 0; i < n; i++) {
                        double t = Math.tanh(in[2 * i]);
                        out[2 * i] = in[2 * i] + 0.5 * t;
                        out[2 * i + 1] = 0.7 * in[2 * i + 1];
                        ld[i] += Math.log(1 + 0.5 * (1 - t * t)) + Math.log(0.7);
                    }
                }),
                new FlowWarp.Step("coupling", (in, n, out, ld) -> {
                    for (int i = 0; i < n; i++) {
                        double s = 0.25 * in[2 * i + 1];
                        out[2 * i] = in[2 * i] * Math.exp(s);
                        out[2 * i + 1] = in[2 * i + 1];
                        ld[i] += s;
                    }
                }));
    }

    static double area(double[][] poly) {
        double a = 0;
        for (int i = 0; i < poly.length; i++) {
            double[] p = poly[i];
            double[] q = poly[(i + 1) % poly.length];
            a += p[0] * q[1] - q[0] * p[1];
        }
        return a / 2;
    }

    /** The shading is honest: each warped cell's area over the latent cell's is exp(log|det J|) at its centre. */
    @Test
    void cellAreasGrowByTheDeterminant() {
        FlowWarp.Grid g = FlowWarp.Grid.standard();
        List<FlowWarp.Warped> w = FlowWarp.warp(analyticSteps(), g);
        assertEquals(4, w.size());
        double cell = Math.pow(2 * g.halfWidth() / g.cells(), 2);
        for (FlowWarp.Warped panel : w) {
            assertEquals(g.cells() * g.cells(), panel.cells().size());
            assertEquals(2 * g.lines(), panel.lines().size());
            for (int k = 0; k < panel.cells().size(); k++) {
                double ratio = area(panel.cells().get(k)) / cell;
                double expected = Math.exp(panel.cellLogDet()[k]);
                assertEquals(expected, ratio, 0.03 * expected, panel.name() + " cell " + k);
            }
        }
    }

    /** A RealNVP with random (non-identity) couplings, standardised on moons. */
    static FlowModel randomRealNvp(int layers, long seed) {
        return randomFlow("realnvp", layers, seed);
    }

    /** A flow of the family with random parameters (its couplings would otherwise start as the identity). */
    static FlowModel randomFlow(String id, int layers, long seed) {
        var spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("layers", Integer.toString(layers)));
        if (spec.params().stream().anyMatch(p -> p.name().equals("hidden"))) {
            overrides.put("hidden", "16");
        }
        Map<String, String> cfg = Params.resolve(id, spec.params(), overrides).asMap();
        Architectures.Built b = Architectures.build(id, cfg, 2, new Rng(seed));
        b.standardizer().fit(Toys.byId("moons").orElseThrow().sample(2000, new Rng(seed + 1)));
        double[] v = b.model().params().values();
        Rng r = new Rng(seed + 2);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.25 * r.gaussian();
        }
        return b.model();
    }

    /** Steps grouped from the stages, with permutations undone for display, still compose to f⁻¹. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"realnvp", "nice", "maf", "nsf", "glow", "planar", "radial"})
    void stepsOfAFlowComposeToItsInverse(String id) {
        FlowModel flow = randomFlow(id, 4, 11);
        List<FlowWarp.Step> steps = FlowWarp.steps(flow);
        assertEquals(id.equals("glow") ? 8 : 4, steps.size(), "one step per coupling (glow: and per LU map)");
        Rng rng = new Rng(5);
        int n = 200;
        double[] z = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            z[i] = rng.gaussian();
        }
        double[] x = new double[2 * n];
        double[] ld = new double[n];
        flow.flow().inverse(z, n, x, ld);
        double[] u = z.clone();
        double[] ldSteps = new double[n];
        for (FlowWarp.Step s : steps) {
            double[] next = new double[2 * n];
            s.map().apply(u, n, next, ldSteps);
            u = next;
        }
        for (int i = 0; i < 2 * n; i++) {
            assertEquals(x[i], u[i], 1e-10);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(ld[i], ldSteps[i], 1e-10);
        }
        // and the picture's cells change area by exp(log det) for a real flow too. Not checked for the
        // random spline: its knots move with the ReLU conditioner's output, so grid lines have kinks
        // inside a cell, and a polygon with straight edges between lattice samples then misses an area
        // of relative size ~ the kink angle however fine the grid (measured: log det is continuous and
        // matches a central-difference Jacobian there; the mismatch sits on thin curves).
        if (id.equals("nsf")) {
            return;
        }
        FlowWarp.Grid fine = new FlowWarp.Grid(3, 31, 4);
        List<FlowWarp.Warped> w = FlowWarp.warp(steps, fine);
        FlowWarp.Warped last = w.get(w.size() - 1);
        double cell = Math.pow(6.0 / fine.cells(), 2);
        int close = 0;
        for (int k = 0; k < last.cells().size(); k++) {
            double ratio = Math.abs(area(last.cells().get(k))) / cell; // a swap of axes reverses orientation
            if (Math.abs(Math.log(ratio) - last.cellLogDet()[k]) < 0.1) {
                close++;
            }
        }
        assertTrue(close >= 0.9 * last.cells().size(), close + " of " + last.cells().size() + " cells match exp(log det)");
    }

    @Test
    void rendersOnePanelPerLayerWithADivergingColourBar() throws Exception {
        FlowModel flow = randomRealNvp(4, 12);
        double[][] data = Toys.byId("moons").orElseThrow().sample(300, new Rng(1));
        Figure f = FlowWarp.figure(flow, data);
        List<Path> files = FigureFiles.write(f, dir, "flow-warp");
        FigureChecks.noPartFiles(dir);
        var png = FigureChecks.png(files.get(0), f);
        Document svg = FigureChecks.svg(files.get(1), f);
        FigureChecks.textInside(svg, f);
        assertEquals(5, count(svg, "clipPath"), "latent + 4 layers, each drawn inside its plot area");
        assertEquals(1, count(svg, "image"), "the colour bar");
        int cells = 12 * 12;
        int lines = 2 * 13;
        assertTrue(count(svg, "path") >= 5 * (cells + lines), "cells and grid lines of every panel (ticks are paths too)");
        assertEquals(300, count(svg, "ellipse"), "data over the last panel");
        List<String> t = texts(svg);
        assertTrue(t.containsAll(List.of("latent z", "data x (4)", "log |det J| so far", "z\u2081", "x\u2082")), t.toString());
        assertTrue(hasColour(png, 0xf7f7f7, 10), "white: no change of volume in the latent panel");
        assertTrue(hasColour(png, 0x92c5de, 40) || hasColour(png, 0xf4a582, 40), "a contracted or expanded cell");
    }

    @Test
    void analyticStepsRenderWithTheirNames() throws Exception {
        Figure f = FlowWarp.figure(Style.wide(), analyticSteps(), FlowWarp.Grid.standard(), null, 4);
        List<Path> files = FigureFiles.write(f, dir, "analytic-warp");
        Document svg = FigureChecks.svg(files.get(1), f);
        FigureChecks.png(files.get(0), f);
        assertEquals(4, count(svg, "clipPath"), "one plot area per panel");
        assertTrue(texts(svg).containsAll(List.of("1: shear", "2: elementwise", "data x (3)")));
    }
}
