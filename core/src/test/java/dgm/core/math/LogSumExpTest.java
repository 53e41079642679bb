package dgm.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogSumExpTest {
    private static final double NEG = Double.NEGATIVE_INFINITY;
    private static final double POS = Double.POSITIVE_INFINITY;

    /** A draw over many magnitudes: ±0, subnormals, −∞ sometimes, |v| up to 1e300. */
    private static double draw(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> NEG;
            case 1 -> r.nextBoolean() ? 0.0 : -0.0;
            case 2 -> (r.nextDouble() - 0.5) * 1e-310;
            case 3 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(301));
            case 4 -> -745 - 10 * r.nextDouble();
            default -> r.nextGaussian() * 30;
        };
    }

    @Test
    void matchesTheSumOfExponentialsWhereThatIsFiniteAndStaysFiniteBeyond() {
        Random r = new Random(1);
        for (int t = 0; t < 20_000; t++) {
            double[] v = new double[1 + r.nextInt(6)];
            double shift = (r.nextDouble() - 0.5) * 1e4;
            double[] shifted = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextGaussian() * 20;
                shifted[i] = v[i] + shift;
            }
            double direct = 0;
            for (double x : v) {
                direct += Math.exp(x);
            }
            double expected = Math.log(direct);
            assertEquals(expected, LogSumExp.of(v, v.length), 4 * Math.ulp(Math.abs(expected) + 1), "draw " + t);
            // log Σ e^{v + c} = c + log Σ e^v, where e^{v + c} overflows or underflows
            assertEquals(expected + shift, LogSumExp.of(shifted, v.length), 1e-9 * (1 + Math.abs(shift)), "shifted " + t);
            if (v.length == 2) {
                assertEquals(expected, LogSumExp.of(v[0], v[1]), 4 * Math.ulp(Math.abs(expected) + 1), "pair " + t);
            }
        }
        assertEquals(1000 + Math.log(2), LogSumExp.of(new double[] {1000, 1000}, 2), 1e-12);
        assertEquals(-1000 + Math.log(2), LogSumExp.of(-1000, -1000), 1e-12);
        // the pairwise form keeps the small term: log(1 + e^{-40}) = e^{-40}(1 − e^{-40}/2 …)
        assertEquals(Math.exp(-40), LogSumExp.of(0, -40), 1e-30);
    }

    @Test
    void edgeCases() {
        assertEquals(NEG, LogSumExp.of(new double[0], 0));
        assertEquals(NEG, LogSumExp.of(new double[] {NEG, NEG}, 2));
        assertEquals(POS, LogSumExp.of(new double[] {1, POS, NEG}, 3));
        assertEquals(3.0, LogSumExp.of(new double[] {NEG, 3.0}, 2));
        assertTrue(Double.isNaN(LogSumExp.of(new double[] {1, Double.NaN}, 2)));
        assertEquals(2.0, LogSumExp.of(new double[] {2.0, 99.0}, 1), "only the first len entries");
        assertEquals(NEG, LogSumExp.of(NEG, NEG));
        assertEquals(3.0, LogSumExp.of(NEG, 3.0));
        assertEquals(3.0, LogSumExp.of(3.0, NEG));
        assertEquals(POS, LogSumExp.of(POS, 3.0));
        assertTrue(Double.isNaN(LogSumExp.of(POS, POS)));
        assertTrue(Double.isNaN(LogSumExp.of(Double.NaN, 1)));
    }

    // ---- the implementations this class replaced, verbatim, for the bit comparison ----

    /** baselines.Numerics.logSumExp (GMM, EM). */
    private static double numerics(double[] a, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            if (a[i] > max) {
                max = a[i];
            }
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.exp(a[i] - max);
        }
        return max + Math.log(s);
    }

    /** data.toy.ToyMath.logSumExp (eight Gaussians, ring mixture, pinwheel); gan.GaussianMixture1D's loop was the same with Math.max. */
    private static double toyMath(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    /** flow.variational.Energies.negLogSumExp, negated. */
    private static double energies(double a, double b) {
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** data.toy.ToyMath.logAddExp (moons, two spirals). */
    private static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
    }

    /** gan.StableMath.logSumExp (the f-GAN's mixture ½P + ½Q). */
    private static double stableMath(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** The same bits, or both NaN (a NaN's payload and sign are not results). */
    private static void same(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": " + expected + " against " + actual);
    }

    /**
     * Bit for bit what each replaced implementation returned, on 10^5 draws over all magnitudes
     * (±0, subnormals, −∞, up to 1e300), except where the old ones returned NaN for a +∞ term
     * (ToyMath's array form with a +∞, Energies' with both −∞): now +∞ and −∞, the limits. No
     * caller's term is ever +∞ (log-densities and energies of finite points), so no result changes.
     */
    @Test
    void bitForBitTheImplementationsItReplaced() {
        Random r = new Random(2);
        for (int t = 0; t < 100_000; t++) {
            double[] v = new double[1 + r.nextInt(5)];
            for (int i = 0; i < v.length; i++) {
                v[i] = draw(r);
            }
            double got = LogSumExp.of(v, v.length);
            same(numerics(v, v.length), got, "Numerics " + java.util.Arrays.toString(v));
            same(toyMath(v), got, "ToyMath " + java.util.Arrays.toString(v));
            double a = draw(r);
            double b = draw(r);
            double pair = LogSumExp.of(a, b);
            same(logAddExp(a, b), pair, "ToyMath.logAddExp " + a + ", " + b);
            same(stableMath(a, b), pair, "StableMath.logSumExp " + a + ", " + b);
            if (a != NEG || b != NEG) {
                same(energies(a, b), LogSumExp.of(new double[] {a, b}, 2), "Energies " + a + ", " + b);
            }
        }
        // the documented differences
        assertTrue(Double.isNaN(toyMath(new double[] {1, POS})));
        assertEquals(POS, LogSumExp.of(new double[] {1, POS}, 2));
        assertTrue(Double.isNaN(energies(NEG, NEG)));
        assertEquals(NEG, LogSumExp.of(new double[] {NEG, NEG}, 2));
        for (double[] p : new double[][] {{POS, 1}, {1, POS}, {POS, POS}, {Double.NaN, 1}, {1, Double.NaN}, {0.0, -0.0}}) {
            same(logAddExp(p[0], p[1]), LogSumExp.of(p[0], p[1]), "special pair " + p[0] + ", " + p[1]);
            same(stableMath(p[0], p[1]), LogSumExp.of(p[0], p[1]), "special pair " + p[0] + ", " + p[1]);
        }
    }
}
