package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/** The branch-free ReLU and leaky ReLU equal the plain conditional formulas bit for bit (ReLU: except that NaN stays NaN, forward and backward). */
class ActivationTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_NORMAL, 1.0, -1.0, Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000001L)};

    private static double[] values() {
        Rng rng = new Rng(5);
        double[] v = new double[SPECIAL.length + 1000];
        System.arraycopy(SPECIAL, 0, v, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < v.length; i++) {
            v[i] = rng.gaussian();
        }
        return v;
    }

    private static void same(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void reluForwardAndBackwardAreTheConditionalFormulas() {
        double[] v = values();
        double[] a = v.clone();
        Activation.RELU.apply(a, a.length);
        double[] l = v.clone();
        Activation.LEAKY_RELU.apply(l, l.length);
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                assertEquals(true, Double.isNaN(a[i]), "relu(NaN) is NaN");
            } else {
                same(v[i] > 0 ? v[i] : 0.0, a[i], "relu(" + v[i] + ")");
            }
            double leaky = v[i] > 0 ? v[i] : 0.01 * v[i];
            if (Double.isNaN(leaky)) {
                assertEquals(true, Double.isNaN(l[i]), "leaky_relu(NaN)");   // Math.max may change the NaN payload
            } else {
                same(leaky, l[i], "leaky_relu(" + v[i] + ")");
            }
        }
        // backward: the "outputs" run over all values, including ones a forward never produces
        double[] g = new double[v.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 2 == 0 ? 1.5 : -2.5;
        }
        double[] gb = g.clone();
        Activation.RELU.backward(v, gb, v.length);
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                assertEquals(true, Double.isNaN(gb[i]), "relu' at a NaN output passes NaN on");
            } else {
                // g·0 is a zero with g's sign
                same(v[i] > 0 ? g[i] : g[i] * 0.0, gb[i], "relu' at output " + v[i]);
            }
        }
    }

    /**
     * softplus against the textbook max(u, 0) + StrictMath.log1p(e^{−|u|}) to 4 ulps (3 is the worst
     * seen in 4·10^7 draws; Math.exp and log1pUnit's own ≤ 2 ulps add up) over u from
     * −745 (e^u underflows) to 745, tiny and special values; log1pUnit against StrictMath.log1p on
     * [0, 1]; the SOFTPLUS derivative against a central difference.
     */
    @Test
    void softplusIsTheTextbookFormulaToAFewUlps() {
        Rng rng = new Rng(8);
        for (int i = 0; i < 200_000; i++) {
            double u = switch (i % 4) {
                case 0 -> 745 * (2 * rng.uniform() - 1);
                case 1 -> 40 * (2 * rng.uniform() - 1);
                case 2 -> 2 * rng.uniform() - 1;
                default -> 1e-10 * (2 * rng.uniform() - 1);
            };
            double expected = Math.max(u, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(u)));
            assertEquals(expected, Activation.softplus(u), 4 * Math.ulp(expected), "softplus(" + u + ")");
            double e = rng.uniform() * (i % 2 == 0 ? 1 : Math.exp(-60 * rng.uniform()));
            assertEquals(StrictMath.log1p(e), Activation.log1pUnit(e), 2 * Math.ulp(StrictMath.log1p(e)), "log1p(" + e + ")");
        }
        same(0.0, Activation.softplus(Double.NEGATIVE_INFINITY), "softplus(-inf)");
        same(Double.POSITIVE_INFINITY, Activation.softplus(Double.POSITIVE_INFINITY), "softplus(inf)");
        same(Math.log(2), Activation.softplus(0.0), "softplus(0)");
        same(Double.MIN_VALUE, Activation.softplus(-745.0), "softplus(-745) = e^-745, the smallest subnormal");
        assertEquals(true, Double.isNaN(Activation.softplus(Double.NaN)));
        for (double u : new double[] {-30, -3, -0.5, 0.25, 2, 20}) {
            double h = 1e-4;   // truncation ~h²/6·|f'''| < 2e-10, rounding ~ulp(20)/h < 4e-11
            double[] a = {Activation.softplus(u)};
            double[] g = {1.0};
            Activation.SOFTPLUS.backward(a, g, 1);
            assertEquals((Activation.softplus(u + h) - Activation.softplus(u - h)) / (2 * h), g[0], 1e-9, "d/du at " + u);
        }
    }

    /**
     * Cody and Waite's tanh against fdlibm's ({@code StrictMath.tanh}, under 1 ulp) on both sides of
     * the split at ln(3)/2, far into the saturated range, and on tiny arguments; the ulp distance is
     * counted on the raw bits with the signs compared first, so a wrong sign, a wrong branch or a
     * wrong coefficient fails.
     */
    @Test
    void tanhIsWithinTwoUlpsOfFdlibm() {
        Rng rng = new Rng(9);
        long worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double u = switch (i % 5) {
                case 0 -> 2 * rng.uniform() - 1;
                case 1 -> 25 * (2 * rng.uniform() - 1);
                case 2 -> (0.5 + 0.1 * rng.uniform()) * (rng.uniform() < 0.5 ? -1 : 1);
                case 3 -> Math.scalb(2 * rng.uniform() - 1, -(int) (60 * rng.uniform()));
                default -> 400 * (2 * rng.uniform() - 1);
            };
            double expected = StrictMath.tanh(u);
            double got = Activation.tanh(u);
            long ulps = ulps(expected, got);
            assertEquals(true, ulps <= 2, "tanh(" + u + ") = " + got + ", fdlibm " + expected + ": " + ulps + " ulps");
            worst = Math.max(worst, ulps);
        }
        assertEquals(true, worst >= 1, "the comparison saw no rounding difference at all: is it comparing the same function?");
        for (double u : SPECIAL) {
            double expected = StrictMath.tanh(u);
            if (Double.isNaN(expected)) {
                assertEquals(true, Double.isNaN(Activation.tanh(u)), "tanh(NaN)");
            } else {
                long ulps = ulps(expected, Activation.tanh(u));
                assertEquals(true, ulps <= 2, "tanh(" + u + "): " + ulps + " ulps (±0 must keep its sign)");
            }
        }
        same(-0.0, Activation.tanh(-0.0), "tanh(-0) = -0");
        same(-1.0, Activation.tanh(Double.NEGATIVE_INFINITY), "tanh(-inf) = -1");
        double[] a = {0.3, -2.0, 0.0};
        Activation.TANH.apply(a, a.length);
        same(Activation.tanh(0.3), a[0], "TANH.apply uses Activation.tanh");
        same(Activation.tanh(-2.0), a[1], "TANH.apply uses Activation.tanh");
    }

    /**
     * Distance in units in the last place between two non-NaN doubles, counted along the number
     * line: Long.MAX_VALUE when the signs differ (−0 and +0 included), so a wrong sign never passes
     * as "close" (the raw-bit difference of two opposite signs overflows).
     */
    private static long ulps(double a, double b) {
        long x = Double.doubleToRawLongBits(a);
        long y = Double.doubleToRawLongBits(b);
        if ((x ^ y) < 0) {
            return Long.MAX_VALUE;
        }
        return Math.abs(x - y);
    }
}
