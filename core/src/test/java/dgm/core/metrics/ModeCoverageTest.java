package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.MmdTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeCoverageTest {

    @Test
    void handComputedCase() {
        // centres (0,0) and (10,0), sd 1, radius 3: samples
        //   (1,1)   -> centre 0 at distance √2 <= 3: high quality, mode 0
        //   (0,3)   -> centre 0 at distance 3 <= 3 (boundary counts): mode 0
        //   (5,0)   -> centre 0 at distance 5 (tie with centre 1 goes to the first): not high quality
        //   (0,-3.5)-> distance 3.5 > 3: not high quality
        // high-quality fraction 2/4; counts {2, 0}; modes covered (>= 1) 1/2
        double[][] centres = {{0, 0}, {10, 0}};
        double[][] samples = {{1, 1}, {0, 3}, {5, 0}, {0, -3.5}};
        ModeCoverage.Result r = ModeCoverage.evaluate(samples, centres, 1.0);
        assertEquals(0.5, r.highQualityFraction().value(), 0);
        assertEquals(Math.sqrt(0.25 / 4), r.highQualityFraction().standardError(), 1e-15);
        assertArrayEquals(new int[] {2, 0}, r.countsPerMode());
        assertEquals(0.5, r.modesCovered().value(), 0);
        assertEquals(1, r.coveredModes());
        // with minCount 3 no mode is covered
        assertEquals(0.0, ModeCoverage.evaluate(samples, centres, 1.0, 3.0, 3).modesCovered().value(), 0);
        // PacGAN-style rule: a fifth of 2500 samples over 25 modes -> 20
        assertEquals(20, ModeCoverage.minCountForFractionOfExpected(0.2, 2500, 25));
    }

    @Test
    void expectedHighQualityFractionIsTheChiSquareProbability() {
        // 2-D: P(χ²₂ ≤ 9) = 1 − e^{−9/2}
        assertEquals(1 - Math.exp(-4.5), ModeCoverage.chiSquareCdf(9, 2), 1e-14);
        // 1-D: P(|Z| ≤ 3) = 0.99730020393674
        assertEquals(0.99730020393674, ModeCoverage.chiSquareCdf(9, 1), 1e-12);
        // 4-D: 1 − e^{−x/2}(1 + x/2) at x = 9
        assertEquals(1 - Math.exp(-4.5) * 5.5, ModeCoverage.chiSquareCdf(9, 4), 1e-14);
        // 64-D: the continued-fraction branch; median of χ²₆₄ is about 63.33
        assertEquals(0.5, ModeCoverage.chiSquareCdf(63.3346, 64), 1e-4);
        assertTrue(ModeCoverage.chiSquareCdf(9, 64) < 1e-15);
        assertEquals(Math.log(24), ModeCoverage.lnGamma(5), 1e-13);
        assertEquals(0.5 * Math.log(Math.PI), ModeCoverage.lnGamma(0.5), 1e-13);
    }

    @Test
    void perfectModelDroppedModesAndTooWideModes() {
        double[][] centres = TestSamples.eightGaussianCentres();
        double sd = 0.5 / 1.414;
        Rng rng = new Rng(3);
        ModeCoverage.Result perfect = ModeCoverage.evaluate(TestSamples.eightGaussians(rng, 4000, 1.0), centres, sd);
        assertEquals(1.0, perfect.modesCovered().value(), 0);
        assertEquals(1 - Math.exp(-4.5), perfect.expectedHighQualityFraction(), 1e-14);
        assertEquals(perfect.expectedHighQualityFraction(), perfect.highQualityFraction().value(),
                4 * perfect.highQualityFraction().standardError(), perfect.toString());

        // a model that only ever produces the first six modes
        double[][] six = TestSamples.eightGaussians(rng, 4000, 1.0);
        for (double[] p : six) {
            while (nearest(p, centres) >= 6) {
                double[] m = centres[rng.nextInt(6)];
                p[0] = m[0] + sd * rng.gaussian();
                p[1] = m[1] + sd * rng.gaussian();
            }
        }
        ModeCoverage.Result dropped = ModeCoverage.evaluate(six, centres, sd);
        assertEquals(0.75, dropped.modesCovered().value(), 0);
        assertEquals(0, dropped.countsPerMode()[6]);
        assertEquals(0, dropped.countsPerMode()[7]);

        // modes 1.5x too wide: fewer samples within 3 sd of their own centre, P(χ²₂ ≤ 4) = 1 − e^{−2} =
        // 0.8647, plus a little spill-over into the neighbours' discs (adjacent centres are 2.16 apart,
        // the discs have radius 1.06)
        ModeCoverage.Result wide = ModeCoverage.evaluate(TestSamples.eightGaussians(rng, 4000, 1.5), centres, sd);
        double w = wide.highQualityFraction().value();
        assertTrue(w > 1 - Math.exp(-2) - 0.02 && w < perfect.highQualityFraction().value() - 0.05, wide.toString());
        assertEquals(1.0, wide.modesCovered().value(), 0);
    }

    private static int nearest(double[] p, double[][] centres) {
        int arg = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int q = 0; q < centres.length; q++) {
            double s = Math.pow(p[0] - centres[q][0], 2) + Math.pow(p[1] - centres[q][1], 2);
            if (s < best) {
                best = s;
                arg = q;
            }
        }
        return arg;
    }

    @Test
    void badInputs() {
        double[][] c = {{0, 0}};
        assertMessage("sd", () -> ModeCoverage.evaluate(new double[][] {{1, 1}}, c, 0));
        assertMessage("NaN", () -> ModeCoverage.evaluate(new double[][] {{Double.NaN, 1}}, c, 1));
        assertMessage("dimension mismatch", () -> ModeCoverage.evaluate(new double[][] {{1, 1, 1}}, c, 1));
        assertMessage("empty", () -> ModeCoverage.evaluate(new double[0][], c, 1));
        assertMessage("minCount", () -> ModeCoverage.evaluate(new double[][] {{1, 1}}, c, 1, 3, 0));
    }
}
