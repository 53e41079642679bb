package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MonteCarlo;
import dgm.core.data.Modes;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/** Sampler moments and geometry against the definitions in docs/data.md. */
class SamplerGeometryTest {

    @Test
    void eightGaussiansModesRadiusAndSpread() {
        EightGaussians g = new EightGaussians();
        Modes modes = g.modes().orElseThrow();
        assertEquals(8, modes.centres().length);
        assertEquals(0.5 / 1.414, modes.sd(), 1e-15);
        for (double[] c : modes.centres()) {
            assertEquals(4 / 1.414, Math.hypot(c[0], c[1]), 1e-12);
        }
        int n = 80_000;
        double[][] s = g.sample(n, new Rng(61));
        int[] count = new int[8];
        double[] sx = new double[8];
        double[] sy = new double[8];
        double[] ss = new double[8];
        for (double[] p : s) {
            int best = 0;
            double bd = Double.MAX_VALUE;
            for (int k = 0; k < 8; k++) {
                double d = Math.hypot(p[0] - modes.centres()[k][0], p[1] - modes.centres()[k][1]);
                if (d < bd) {
                    bd = d;
                    best = k;
                }
            }
            count[best]++;
            double dx = p[0] - modes.centres()[best][0];
            double dy = p[1] - modes.centres()[best][1];
            sx[best] += dx;
            sy[best] += dy;
            ss[best] += dx * dx + dy * dy;
        }
        double sd = 0.5 / 1.414;
        for (int k = 0; k < 8; k++) {
            assertEquals(n / 8.0, count[k], 5 * Math.sqrt(n / 8.0 * 7 / 8), "mode " + k);
            double se = sd / Math.sqrt(count[k]);
            assertEquals(0, sx[k] / count[k], 5 * se);
            assertEquals(0, sy[k] / count[k], 5 * se);
            // per-coordinate sd, pooled over x and y: neighbouring centres are 6.1 sds apart, so the
            // nearest-centre assignment cuts off only ~1e-3 of each mode's mass
            assertEquals(sd, Math.sqrt(ss[k] / count[k] / 2), 0.01 * sd, "mode " + k);
        }
    }

    @Test
    void ringsRadiiCountsAndNoise() {
        int n = 40_000;
        double[][] s = new Rings().sample(n, new Rng(62));
        double[] radii = {3, 2.25, 1.5, 0.75};
        int[] count = new int[4];
        double[] dev = new double[4];
        double[] dev2 = new double[4];
        for (double[] p : s) {
            double rho = Math.hypot(p[0], p[1]);
            int k = 0;
            for (int j = 1; j < 4; j++) {
                if (Math.abs(rho - radii[j]) < Math.abs(rho - radii[k])) {
                    k = j;
                }
            }
            count[k]++;
            dev[k] += rho - radii[k];
            dev2[k] += (rho - radii[k]) * (rho - radii[k]);
        }
        for (int k = 0; k < 4; k++) {
            // n/4 per ring exactly; rings are 4.7 noise sds apart, so at most a stray point or two
            assertEquals(n / 4.0, count[k], 3, "ring " + k);
            double mean = dev[k] / count[k];
            // E(|x| − r) ≈ σ²/(2r) for a thin ring
            assertEquals(0.0064 / (2 * radii[k]), mean, 5 * 0.08 / Math.sqrt(count[k]), "ring " + k);
            assertEquals(0.08, Math.sqrt(dev2[k] / count[k] - mean * mean), 0.08 * 0.03, "ring " + k);
        }
    }

    @Test
    void circlesSecondMomentAndHalves() {
        int n = 40_000;
        double[][] s = new Circles().sample(n, new Rng(63));
        double[] q = new double[n];
        int outer = 0;
        for (int i = 0; i < n; i++) {
            q[i] = s[i][0] * s[i][0] + s[i][1] * s[i][1];
            outer += Math.sqrt(q[i]) > 2.25 ? 1 : 0;
        }
        // E|x|² = (3² + 1.5²)/2 + 2·0.24²
        assertEquals((9 + 2.25) / 2 + 2 * 0.0576, MonteCarlo.mean(q), 5 * MonteCarlo.standardError(q));
        // half on each circle; the midway radius 2.25 is 3.1 sds from both, so ~0.1 % cross over
        assertEquals(n / 2.0, outer, 0.003 * n);
    }

    @Test
    void moonsMomentsFollowTheDefinition() {
        int n = 40_000;
        double[][] s = new Moons().sample(n, new Rng(64));
        double[] x = new double[n];
        double[] y = new double[n];
        double[] x2 = new double[n];
        double[] y2 = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s[i][0];
            y[i] = s[i][1];
            x2[i] = x[i] * x[i];
            y2[i] = y[i] * y[i];
        }
        // arcs (2cos t − 1, 2sin t − 0.2) and (1 − 2cos t, 0.8 − 2sin t), t ~ U(0, π), noise sd 0.2:
        // E x = 0, E y = 0.3, E x² = 3 + 0.04, E y² = ½[(2 − 0.8·2/π + 0.04) + (0.64 − 3.2·2/π + 2)] + 0.04
        double ey2 = 0.5 * ((2 - 0.8 * 2 / Math.PI + 0.04) + (0.64 - 3.2 * 2 / Math.PI + 2)) + 0.04;
        assertEquals(0.0, MonteCarlo.mean(x), 5 * MonteCarlo.standardError(x));
        assertEquals(0.3, MonteCarlo.mean(y), 5 * MonteCarlo.standardError(y));
        assertEquals(3.04, MonteCarlo.mean(x2), 5 * MonteCarlo.standardError(x2));
        assertEquals(ey2, MonteCarlo.mean(y2), 5 * MonteCarlo.standardError(y2));
    }

    @Test
    void swissRollRadiusAndSecondMoment() {
        int n = 40_000;
        double[][] s = new SwissRoll().sample(n, new Rng(65));
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = s[i][0] * s[i][0] + s[i][1] * s[i][1];
        }
        double t0 = 1.5 * Math.PI;
        double t1 = 4.5 * Math.PI;
        double et2 = (t1 * t1 * t1 - t0 * t0 * t0) / (3 * (t1 - t0));
        assertEquals(et2 / 25 + 2 * 0.04, MonteCarlo.mean(q), 5 * MonteCarlo.standardError(q));
    }

    @Test
    void twoSpiralsIsPointSymmetricWithTheDefinitionsSecondMoment() {
        int n = 40_000;
        double[][] s = new TwoSpirals().sample(n, new Rng(66));
        double[] x = new double[n];
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s[i][0];
            q[i] = s[i][0] * s[i][0] + s[i][1] * s[i][1];
        }
        // E|d|² with m = 3π√u, b ~ U(0, 0.5)²: E m² + 2·0.25·E[−m cos m + m sin m] + 2/12, by quadrature
        // over m's density 2m/(3π)² (a 100,000-interval midpoint rule, independent of the toy's code)
        int k = 100_000;
        double em2 = 0;
        double cross = 0;
        double top = 3 * Math.PI;
        for (int i = 0; i < k; i++) {
            double m = top * (i + 0.5) / k;
            double w = 2 * m / (top * top) * top / k;
            em2 += w * m * m;
            cross += w * (-m * Math.cos(m) + m * Math.sin(m));
        }
        double ed2 = em2 + 2 * 0.25 * cross + 2.0 / 12;
        assertEquals(ed2 / 9 + 2 * 0.01, MonteCarlo.mean(q), 5 * MonteCarlo.standardError(q));
        // ±d halves cancel: the mean is the noise's alone
        assertEquals(0.0, MonteCarlo.mean(x), 5 * 0.1 / Math.sqrt(n));
    }

    @Test
    void checkerboardFillsTheEightBlackSquaresEvenly() {
        int n = 40_000;
        double[][] s = new Checkerboard().sample(n, new Rng(67));
        int[][] cells = new int[4][4];
        for (double[] p : s) {
            assertTrue(p[0] >= -4 && p[0] < 4 && p[1] >= -4 && p[1] < 4);
            assertEquals(-Math.log(32), new Checkerboard().logDensity(p[0], p[1]), 0.0);
            cells[(int) Math.floor((p[0] + 4) / 2)][(int) Math.floor((p[1] + 4) / 2)]++;
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                if ((i + j) % 2 == 0) {
                    assertEquals(n / 8.0, cells[i][j], 5 * Math.sqrt(n / 8.0 * 7 / 8), i + "," + j);
                } else {
                    assertEquals(0, cells[i][j], i + "," + j);
                }
            }
        }
        Checkerboard c = new Checkerboard();
        assertEquals(-Math.log(32), c.logDensity(-3, -3), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, c.logDensity(-1, -3));
        assertEquals(Double.NEGATIVE_INFINITY, c.logDensity(4.5, 0.5));
    }
}
