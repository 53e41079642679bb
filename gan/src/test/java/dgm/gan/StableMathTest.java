package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StableMathTest {

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.abs(expected) + 1e-300,
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void lambertWKnownValues() {
        // Reference values from mpmath.lambertw at 30 digits.
        assertEquals(0.0, StableMath.lambertW0(0.0));
        assertRel(1.0, StableMath.lambertW0(Math.E), 1e-15, "W(e)");
        assertRel(0.5671432904097838, StableMath.lambertW0(1.0), 1e-15, "W(1) = omega");
        assertRel(1.7455280027406994, StableMath.lambertW0(10.0), 1e-15, "W(10)");
        assertRel(-0.4894022271802149, StableMath.lambertW0(-0.3), 1e-14, "W(-0.3)");
        assertRel(11.383358086140053, StableMath.lambertW0(1e6), 1e-15, "W(1e6)");
        assertRel(9.999999900000002e-09, StableMath.lambertW0(1e-8), 1e-15, "W(1e-8)");
        assertRel(-1.0, StableMath.lambertW0(-1.0 / Math.E), 1e-7, "W(-1/e)");
        assertRel(993.0991694723891, StableMath.lambertW0OfExp(1000.0), 1e-15, "W(e^1000)");
        assertTrue(Double.isNaN(StableMath.lambertW0(-0.5)));
    }

    @Test
    void lambertWSolvesItsEquation() {
        for (double lx = -300; lx <= 300; lx += 0.7) {
            double x = Math.pow(10, lx);
            double w = StableMath.lambertW0(x);
            // w + log w = log x is the well-conditioned form of w e^w = x
            assertRel(Math.log(x), w + Math.log(w), 1e-14, "W at x=" + x);
        }
        for (double x = -0.3678; x < 0; x += 0.01) {
            double w = StableMath.lambertW0(x);
            assertTrue(w >= -1 && w <= 0);
            assertRel(x, w * Math.exp(w), 1e-12, "W at x=" + x);
        }
        for (double y = 690; y < 720; y += 0.5) { // across the switch to the log-space iteration
            double w = StableMath.lambertW0OfExp(y);
            assertRel(y, w + Math.log(w), 1e-15, "W(e^y) at y=" + y);
        }
    }

    @Test
    void erfcAgainstHighPrecisionValues() {
        // mpmath.erfc at 30 digits
        double[][] ref = {
            {0.5, 0.4795001221869535}, {1, 0.15729920705028513}, {2.5, 0.0004069520174449589},
            {3, 2.209049699858544e-05}, {5, 1.537459794428035e-12}, {10, 2.088487583762545e-45},
            {-1, 1.8427007929497148}};
        for (double[] r : ref) {
            assertRel(r[1], StableMath.erfc(r[0]), 2e-14, "erfc(" + r[0] + ")");
        }
        assertRel(0.9750021048517795, StableMath.normalCdf(1.96), 1e-15, "Phi(1.96)");
        assertEquals(0.5, StableMath.normalCdf(0.0), 1e-16);
    }

    @Test
    void softplusSigmoidLog1mexp() {
        for (double x = -30; x <= 30; x += 0.37) {
            assertRel(Math.log1p(Math.exp(x)), StableMath.softplus(x), 1e-14, "softplus");
            assertRel(1 / (1 + Math.exp(-x)), dgm.core.nn.Activation.sigmoid(x), 1e-14, "sigmoid");
        }
        assertEquals(1000.0, StableMath.softplus(1000.0));
        assertRel(Math.exp(-100.0), StableMath.softplus(-100.0), 1e-15, "softplus(-100)");
        // mpmath at 40 digits
        double[][] ref = {{1e-10, -23.025850929990458}, {0.5, -0.9327521295671886}, {0.6931471805599453, -0.6931471805599453},
            {2, -0.14541345786885906}, {11.5, -1.0130144908375385e-05}, {40, -4.248354255291589e-18}};
        for (double[] r : ref) {
            assertRel(r[1], StableMath.log1mexp(r[0]), 1e-15, "log1mexp(" + r[0] + ")");
        }
        assertRel(Math.log(Math.exp(3) - Math.exp(1)), StableMath.logAbsDiffExp(3, 1), 1e-15, "logAbsDiffExp");
    }
}
