package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.ToyDistribution;
import dgm.core.rng.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quadrature-based densities against a refined quadrature (half the cell width, 12 instead of 8
 * nodes, a window 8 nats wider, panels of 0.75 instead of 1.5 local sds), and the circles/rings closed
 * form against a direct angular integral.
 */
class QuadratureAccuracyTest {

    private static List<double[]> points(ToyDistribution toy) {
        Rng rng = new Rng(41);
        List<double[]> pts = new ArrayList<>(List.of(toy.sample(600, rng)));
        for (int i = 0; i < 300; i++) {
            pts.add(new double[] {rng.uniform(-6, 6), rng.uniform(-6, 6)});
        }
        for (int i = 0; i < 60; i++) {
            double r = Math.exp(rng.uniform(Math.log(6), Math.log(150)));
            double phi = rng.uniform(0, 2 * Math.PI);
            pts.add(new double[] {r * Math.cos(phi), r * Math.sin(phi)});
        }
        return pts;
    }

    private static void agreesWithRefined(ToyDistribution coarse, ToyDistribution fine) {
        for (double[] p : points(coarse)) {
            double a = coarse.logDensity(p[0], p[1]);
            double b = fine.logDensity(p[0], p[1]);
            // 1e-9 absolute in log p near the data (a relative 1e-9 in the density), relative far away
            assertEquals(b, a, 1e-9 * Math.max(1, Math.abs(b)), coarse.id() + " at " + p[0] + "," + p[1]);
        }
    }

    @Test
    void moonsAgreesWithRefinedQuadrature() {
        agreesWithRefined(new Moons(), new Moons(2));
    }

    @Test
    void swissRollAgreesWithRefinedQuadrature() {
        agreesWithRefined(new SwissRoll(), new SwissRoll(2));
    }

    @Test
    void twoSpiralsAgreesWithRefinedQuadrature() {
        agreesWithRefined(new TwoSpirals(), new TwoSpirals(2));
    }

    /** (2π)^{-1} ∫ N(x; r e_φ, σ² I) dφ by the trapezoid rule in φ (periodic: geometric convergence). */
    private static double ringDensityByAngle(double x, double y, double r, double sigma) {
        int m = 4096;
        double s = 0;
        for (int k = 0; k < m; k++) {
            double phi = 2 * Math.PI * k / m;
            double dx = x - r * Math.cos(phi);
            double dy = y - r * Math.sin(phi);
            s += Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }
        return s / m / (2 * Math.PI * sigma * sigma);
    }

    @Test
    void ringClosedFormAgreesWithAngularIntegral() {
        Rings rings = new Rings();
        Circles circles = new Circles();
        Rng rng = new Rng(43);
        for (int i = 0; i < 200; i++) {
            double rho = rng.uniform(0, 4);
            double phi = rng.uniform(0, 2 * Math.PI);
            double x = rho * Math.cos(phi);
            double y = rho * Math.sin(phi);
            double pr = 0;
            for (double r : new double[] {3, 2.25, 1.5, 0.75}) {
                pr += 0.25 * ringDensityByAngle(x, y, r, 0.08);
            }
            double pc = 0.5 * ringDensityByAngle(x, y, 3, 0.24) + 0.5 * ringDensityByAngle(x, y, 1.5, 0.24);
            if (pr > 1e-200) {
                assertEquals(Math.log(pr), rings.logDensity(x, y), 1e-10, "rings at rho=" + rho);
            }
            assertEquals(Math.log(pc), circles.logDensity(x, y), 1e-10, "circles at rho=" + rho);
        }
    }

    @Test
    void moonsDensityEqualsDirectArcIntegralAtAFewPoints() {
        // an independent brute-force rule: composite Simpson with 200,000 intervals over t per arc
        // (not the midpoint rule, whose O(h²) error is ~1e-7 where the bump is cut by an arc's end)
        Moons moons = new Moons();
        double[][] pts = {{0, 0.3}, {-1, 1.8}, {1, -0.7}, {2.5, 2.5}, {-3.2, -0.1}};
        for (double[] p : pts) {
            int m = 200_000;
            double s = 0;
            for (int k = 0; k <= m; k++) {
                double t = Math.PI * k / m;
                double w = (k == 0 || k == m) ? 1 : (k % 2 == 1 ? 4 : 2);
                double[][] cs = {{2 * Math.cos(t) - 1, 2 * Math.sin(t) - 0.2}, {1 - 2 * Math.cos(t), 0.8 - 2 * Math.sin(t)}};
                for (double[] c : cs) {
                    double dx = p[0] - c[0];
                    double dy = p[1] - c[1];
                    s += w / 3 * Math.exp(-(dx * dx + dy * dy) / (2 * 0.04));
                }
            }
            double dens = 0.5 * s / m / (2 * Math.PI * 0.04);
            assertEquals(Math.log(dens), moons.logDensity(p[0], p[1]), 1e-10, "at " + p[0] + "," + p[1]);
            assertTrue(Double.isFinite(Math.log(dens)));
        }
    }
}
