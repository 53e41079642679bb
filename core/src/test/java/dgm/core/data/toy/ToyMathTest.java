package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The special functions against direct numerical integrals of their integral representations. */
class ToyMathTest {

    /** I0e(x) = π^{-1} ∫_0^π e^{x(cos θ − 1)} dθ; the trapezoid rule on a periodic analytic integrand converges geometrically. */
    private static double i0eByIntegral(double x) {
        int m = 20_000;
        double s = 0;
        for (int k = 0; k <= m; k++) {
            double th = Math.PI * k / m;
            double w = (k == 0 || k == m) ? 0.5 : 1;
            s += w * Math.exp(x * (Math.cos(th) - 1));
        }
        return s / m;
    }

    @Test
    void i0eAgreesWithItsIntegralRepresentation() {
        // both sides of the series/asymptotic switch at 20, and the arguments the rings meet (~1400)
        for (double x : new double[] {0, 1e-6, 0.5, 1, 3, 7.5, 12, 19.999, 20, 20.001, 35, 100, 400, 1406}) {
            double ref = i0eByIntegral(x);
            assertEquals(ref, ToyMath.i0e(x), 1e-13 * ref, "x=" + x);
            assertEquals(ToyMath.i0e(x), ToyMath.i0e(-x), 0.0);
        }
        // known values (mpmath, 30 digits): I0(1) e^{-1}, and the large-x limit (2πx)^{-1/2}
        assertEquals(1.2660658777520083356 * Math.exp(-1), ToyMath.i0e(1), 1e-15);
        assertEquals(1 / Math.sqrt(2 * Math.PI * 1e12), ToyMath.i0e(1e12), 1e-12 / Math.sqrt(2 * Math.PI * 1e12));
    }

    /** erfcx(x) = (2/√π) ∫_0^∞ e^{−u² − 2xu} du, by composite Gauss–Legendre over the decaying range. */
    private static double erfcxByIntegral(double x) {
        double upper = Math.min(7.0, 45.0 / (2 * x + 1e-300));
        int panels = 400;
        double[][] gl = ToyMath.gaussLegendre(10);
        double h = upper / panels;
        double s = 0;
        for (int q = 0; q < panels; q++) {
            for (int i = 0; i < 10; i++) {
                double u = (q + 0.5 * (gl[0][i] + 1)) * h;
                s += 0.5 * h * gl[1][i] * Math.exp(-u * u - 2 * x * u);
            }
        }
        return 2 / Math.sqrt(Math.PI) * s;
    }

    @Test
    void erfcxAgreesWithItsIntegralRepresentationAndKnownValues() {
        for (double x : new double[] {0, 1e-9, 0.2, 0.5, 1, 2, 3.3, 6, 11.99, 12, 12.01, 20, 50, 300}) {
            double ref = erfcxByIntegral(x);
            assertEquals(ref, ToyMath.erfcx(x), 2e-13 * ref, "x=" + x);
        }
        // erfc(1), erfc(0.5), erfc(3) from mpmath (30 digits)
        assertEquals(0.157299207050285130658779364917, ToyMath.erfc(1), 1e-16);
        assertEquals(0.479500122186953462317253346108, ToyMath.erfc(0.5), 1e-16);
        assertEquals(2.20904969985854413727761295823e-5, ToyMath.erfc(3), 1e-20);
        assertEquals(2 - 0.157299207050285130658779364917, ToyMath.erfc(-1), 1e-15);
    }

    /** log(Φ(a) − Φ(b)) against a direct integral of the normal density, in the body and far tails. */
    @Test
    void logNormalIntervalAgreesWithDirectIntegralAlsoInTheTails() {
        double[][] cases = {{1.6667, 0}, {0.5, -1.1667}, {-3, -4.6667}, {-30, -31.6667}, {40, 38.3333}, {300, 298.3}};
        double[][] gl = ToyMath.gaussLegendre(20);
        for (double[] c : cases) {
            double a = c[0];
            double b = c[1];
            // log ∫_b^a φ(t) dt = −m²/2 − ½ln2π + log ∫_b^a e^{−(t² − m²)/2} dt with m the end nearest 0
            double m = Math.abs(a) < Math.abs(b) ? a : b;
            double s = 0;
            int panels = 50;
            double h = (a - b) / panels;
            for (int q = 0; q < panels; q++) {
                for (int i = 0; i < 20; i++) {
                    double t = b + (q + 0.5 * (gl[0][i] + 1)) * h;
                    s += 0.5 * h * gl[1][i] * Math.exp(-0.5 * (t - m) * (t + m));
                }
            }
            double ref = -0.5 * m * m - 0.5 * Math.log(2 * Math.PI) + Math.log(s);
            double got = ToyMath.logNormalInterval(a, b);
            assertEquals(ref, got, 1e-12 * Math.max(1, Math.abs(ref)), "a=" + a + " b=" + b);
            assertEquals(got, ToyMath.logNormalIntervalWidth(a, a - b), 1e-12 * Math.max(1, Math.abs(ref)));
        }
        // a width far below the rounding of a still counts
        double huge = 1e20;
        assertTrue(Double.isFinite(ToyMath.logNormalIntervalWidth(huge, 1.6667)));
        assertEquals(Double.NEGATIVE_INFINITY, ToyMath.logNormalInterval(1, 1));
    }

    @Test
    void gaussLegendreIsExactForPolynomialsOfDegree2nMinus1() {
        for (int n : new int[] {1, 2, 5, 8, 10, 20}) {
            double[][] gl = ToyMath.gaussLegendre(n);
            for (int d = 0; d <= 2 * n - 1; d++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += gl[1][i] * Math.pow(gl[0][i], d);
                }
                double exact = d % 2 == 1 ? 0 : 2.0 / (d + 1);
                assertEquals(exact, s, 1e-14, "n=" + n + " degree " + d);
            }
            if (n > 10) {
                continue;
            }
            // and not for degree 2n (so the test can fail): the rule's error there is ≥ 3e-6 for n ≤ 10
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += gl[1][i] * Math.pow(gl[0][i], 2 * n);
            }
            assertTrue(Math.abs(s - 2.0 / (2 * n + 1)) > 1e-9, "n=" + n);
        }
    }

    @Test
    void boxNoiseTableMatchesExactValues() {
        BoxNoise1D f = new BoxNoise1D(0.1, 0.5 / 3);
        double worst = 0;
        for (int i = 0; i <= 20_000; i++) {
            double z = -1.5 + 3.3 * i / 20_000.0;
            worst = Math.max(worst, Math.abs(f.logMass(z) - f.exact(z)));
        }
        assertTrue(worst < 1e-10, "max table error " + worst);
    }
}
