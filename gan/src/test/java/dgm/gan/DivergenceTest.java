package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DivergenceTest {

    /** u on a log grid 1e-3 … 1e3 (61 points, including 1). */
    private static double[] uGrid() {
        double[] u = new double[61];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.pow(10, -3 + 0.1 * i);
        }
        return u;
    }

    /** v on [−30, 30] in steps of 0.25. */
    private static double[] vGrid() {
        double[] v = new double[241];
        for (int i = 0; i < v.length; i++) {
            v[i] = -30 + 0.25 * i;
        }
        return v;
    }

    private static void assertClose(double expected, double actual, double rel, double abs, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.abs(expected) + abs,
                what + ": expected " + expected + ", got " + actual + " (diff " + (actual - expected) + ")");
    }

    @Test
    void idsAreTheDocumentedModelIds() {
        String[] ids = Arrays.stream(Divergence.values()).map(Divergence::modelId).toArray(String[]::new);
        assertArrayEquals(new String[] {"fgan-tv", "fgan-kl", "fgan-rkl", "fgan-pearson", "fgan-neyman", "fgan-hellinger",
            "fgan-jeffrey", "fgan-js", "fgan-gan"}, ids);
        for (Divergence d : Divergence.values()) {
            assertEquals(d, Divergence.fromId(d.id()));
            assertEquals(d, Divergence.fromId(d.modelId()));
        }
        assertThrows(IllegalArgumentException.class, () -> Divergence.fromId("chi2"));
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void fIsConvexAndNormalised(Divergence d) {
        // f(1) = 0 for all but the GAN generator, whose f(1) = −log 4 (D_gan = 2·JSD − log 4).
        assertEquals(d == Divergence.GAN ? -Math.log(4) : 0.0, d.f(1.0), 1e-15);
        double[] u = uGrid();
        for (int i = 1; i + 1 < u.length; i++) {
            // convexity on the (non-uniform) grid: the chord slope increases
            double s1 = (d.f(u[i]) - d.f(u[i - 1])) / (u[i] - u[i - 1]);
            double s2 = (d.f(u[i + 1]) - d.f(u[i])) / (u[i + 1] - u[i]);
            assertTrue(s2 >= s1 - 1e-12 * (1 + Math.abs(s1)), d + " not convex near u=" + u[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void fenchelYoungIdentity(Divergence d) {
        for (double u : uGrid()) {
            double t = d.fPrime(u);
            assertTrue(d.domain().contains(t), d + ": f'(" + u + ") = " + t + " not in dom f* " + d.domain());
            double rhs = u * t - d.f(u);
            double lhs = d.conjugate(t);
            assertClose(rhs, lhs, 1e-10, 1e-12 * (1 + Math.abs(u * t) + Math.abs(d.f(u))), d + " Fenchel-Young at u=" + u);
            if (d != Divergence.TOTAL_VARIATION) { // f′ is invertible except for TV
                assertClose(u, d.conjugatePrime(t), 1e-8, 0, d + " f*'(f'(u)) = u at u=" + u);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void conjugateIsTheSupremum(Divergence d) {
        // f*(t) ≥ t u − f(u) for every u (Fenchel's inequality), checked on a grid, for t inside dom f*.
        for (double v = -5; v <= 5; v += 0.5) {
            double t = d.activation(v);
            for (double u : uGrid()) {
                assertTrue(d.conjugate(t) >= t * u - d.f(u) - 1e-12 * (1 + Math.abs(t * u)),
                        d + ": Fenchel inequality fails at t=" + t + ", u=" + u);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void activationMapsIntoDomain(Divergence d) {
        for (double v : vGrid()) {
            assertTrue(d.domain().contains(d.activation(v)), d + ": g(" + v + ") = " + d.activation(v) + " outside " + d.domain());
        }
        for (double v = -10; v <= 10; v += 0.1) {
            assertClose(v, d.inverseActivation(d.activation(v)), 1e-9, 1e-9, d + " inverse activation");
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void fusedConjugateIsFiniteAndAgreesWithNaiveComposition(Divergence d) {
        for (double v : vGrid()) {
            double fused = d.conjugateOfActivation(v);
            assertTrue(Double.isFinite(fused), d + ": f*(g(" + v + ")) = " + fused);
            double t = d.activation(v);
            double naive = d.conjugate(t);
            if (Double.isFinite(naive)) {
                // rel 1e-10, plus the error the naive route cannot avoid: rounding g(v) to a double,
                // amplified by f*′ (e.g. Hellinger at v = 30: 1 − t ≈ 1e-13 carries a 1e-3 relative error).
                double slope = d == Divergence.TOTAL_VARIATION ? 1.0 : Math.abs(d.conjugatePrime(t));
                double roundoff = 4 * slope * Math.ulp(t);
                assertClose(naive, fused, 1e-10, roundoff + 1e-300, d + " fused vs naive at v=" + v);
            }
        }
    }

    @Test
    void naiveCompositionBreaksWhereFusedDoesNot() {
        // Why the fused form exists: g(v) rounds onto the boundary of dom f*.
        assertEquals(Double.POSITIVE_INFINITY, Divergence.NEYMAN.conjugate(Divergence.NEYMAN.activation(40)));
        assertEquals(Double.POSITIVE_INFINITY, Divergence.HELLINGER.conjugate(Divergence.HELLINGER.activation(40)));
        assertEquals(Double.POSITIVE_INFINITY, Divergence.JENSEN_SHANNON.conjugate(Divergence.JENSEN_SHANNON.activation(40)));
        assertEquals(40.0 - Math.log(2), Divergence.JENSEN_SHANNON.conjugateOfActivation(40), 1e-12);
        assertEquals(Math.expm1(40.0), Divergence.HELLINGER.conjugateOfActivation(40), 0.0);
        assertEquals(2.0, Divergence.NEYMAN.conjugateOfActivation(40), 1e-8);
    }

    /**
     * f*(g_f(v)) against values computed independently with mpmath at 60 digits from the table
     * formulas of docs/f-divergences.md (Lambert W from mpmath.lambertw).
     */
    @Test
    void fusedConjugateAgainstHighPrecisionReference() {
        double[] vs = {-30, -7.5, -1, -0.001, 0, 0.001, 1, 7.5, 30};
        Map<Divergence, double[]> ref = new HashMap<>();
        ref.put(Divergence.TOTAL_VARIATION, new double[] {-0.5, -0.49999969409777307438, -0.38079707797788244406,
            -4.9999983333339999997e-4, 0.0, 4.9999983333339999997e-4, 0.38079707797788244406, 0.49999969409777307438, 0.5});
        ref.put(Divergence.KL, new double[] {3.4424771084699764584e-14, 2.0346836901064417437e-4, 0.13533528323661269189,
            0.36751174560869355004, 0.3678794411714423216, 0.36824750461366292121, 1.0, 665.14163304436184069, 3.9313342971440420744e+12});
        ref.put(Divergence.REVERSE_KL, new double[] {-31.0, -8.5, -2.0, -1.001, -1.0, -0.999, 0.0, 6.5, 29.0});
        ref.put(Divergence.PEARSON, new double[] {195.0, 6.5625, -0.75, -9.9975e-4, 0.0, 1.00025e-3, 1.25, 21.5625, 255.0});
        ref.put(Divergence.NEYMAN, new double[] {-6.5380327449442212786e+6, -83.042164000125566111, -1.2974425414002562937,
            -1.0002500416718755209e-3, 0.0, 9.9975004166145885412e-4, 0.78693868057473315279, 1.9529645082879817835, 1.9999993881953589963});
        ref.put(Divergence.HELLINGER, new double[] {-0.99999999999990642377, -0.99944691562985216642, -0.6321205588285576784,
            -9.9950016662500833194e-4, 0.0, 1.0005001667083416681e-3, 1.7182818284590452354, 1.8070424144560632069e+3, 1.0686474581523462147e+13});
        ref.put(Divergence.JEFFREY, new double[] {-4.2845573077891652476, -2.7375119767605736599, -0.80065369694251476413,
            -9.997500624856800125e-4, 0.0, 1.0002500625143258469e-3, 1.3303661247616805832, 671.64238401178682605, 3.9313342971730420744e+12});
        ref.put(Divergence.JENSEN_SHANNON, new double[] {-0.69314718055985173319, -0.69259424908458451304, -0.37988549304172247537,
            -4.9987500000520833299e-4, 0.0, 5.0012499999479166701e-4, 0.62011450695827752463, 6.807405750915415487, 29.306852819440148267});
        ref.put(Divergence.GAN, new double[] {9.3576229688397367794e-14, 5.5293147536079637963e-4, 0.31326168751822283405,
            0.69264730555994010108, 0.69314718055994530942, 0.69364730555994010108, 1.313261687518222834, 7.5005529314753607964,
            30.000000000000093576});
        for (Divergence d : Divergence.values()) {
            double[] r = ref.get(d);
            for (int i = 0; i < vs.length; i++) {
                assertClose(r[i], d.conjugateOfActivation(vs[i]), 1e-13, 1e-300, d + " f*(g(" + vs[i] + "))");
            }
        }
    }

    @Test
    void jensenShannonConjugateAgainstHighPrecisionReference() {
        // −log(2 − e^t) by mpmath at 40 digits, on both sides of the switch between the two stable forms
        assertClose(-0.000999000998917915, Divergence.JENSEN_SHANNON.conjugate(-0.001), 1e-14, 0, "t=-0.001");
        assertClose(0.4305657205672687, Divergence.JENSEN_SHANNON.conjugate(0.3), 1e-14, 0, "t=0.3");
        assertClose(5.069674284307434, Divergence.JENSEN_SHANNON.conjugate(0.69), 1e-12, 0, "t=0.69");
    }

    private static double fd(java.util.function.DoubleUnaryOperator f, double x) {
        double h = 1e-5 * Math.max(1.0, Math.abs(x));
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void derivativesMatchFiniteDifferences(Divergence d) {
        for (double v = -8; v <= 8; v += 0.37) {
            assertClose(fd(d::activation, v), d.activationDerivative(v), 1e-6, 1e-9, d + " g' at " + v);
            assertClose(fd(d::conjugateOfActivation, v), d.conjugateOfActivationDerivative(v), 1e-6, 1e-9, d + " (f*og)' at " + v);
            // chain rule between the fused derivative and the separate ones
            double t = d.activation(v);
            double slope = d == Divergence.TOTAL_VARIATION ? 1.0 : d.conjugatePrime(t);
            assertClose(slope * d.activationDerivative(v), d.conjugateOfActivationDerivative(v), 1e-10, 1e-300, d + " chain rule at " + v);
        }
        for (double u = 0.05; u < 20; u *= 1.3) {
            if (d == Divergence.TOTAL_VARIATION && Math.abs(u - 1) < 1e-3) {
                continue;
            }
            assertClose(fd(d::f, u), d.fPrime(u), 1e-6, 1e-9, d + " f' at " + u);
            assertClose(d.fPrime(u), d.fPrimeOfLogRatio(Math.log(u)), 1e-12, 1e-14, d + " f'(exp(log u))");
            double t = d.fPrime(u);
            if (d != Divergence.TOTAL_VARIATION) {
                assertClose(fd(d::conjugate, t), d.conjugatePrime(t), 1e-6, 1e-9, d + " f*' at " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void vectorisedFormsEqualScalarForms(Divergence d) {
        Rng rng = new Rng(17);
        double[] v = new double[257];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 * rng.gaussian();
        }
        double[] g = d.activation(v);
        double[] gd = d.activationDerivative(v);
        double[] c = d.conjugateOfActivation(v);
        double[] cd = d.conjugateOfActivationDerivative(v);
        for (int i = 0; i < v.length; i++) {
            assertEquals(d.activation(v[i]), g[i], 0.0);
            assertEquals(d.activationDerivative(v[i]), gd[i], 0.0);
            assertEquals(d.conjugateOfActivation(v[i]), c[i], 0.0);
            assertEquals(d.conjugateOfActivationDerivative(v[i]), cd[i], 0.0);
        }
        double[] inPlace = v.clone();
        d.conjugateOfActivation(inPlace, inPlace);
        assertArrayEquals(c, inPlace, 0.0);
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void logSpaceIntegrandsEqualTheDefinitions(Divergence d) {
        for (double lq = -6; lq <= 1; lq += 0.5) {
            for (double lr = -6; lr <= 6; lr += 0.25) {
                double lp = lq + lr;
                double u = Math.exp(lr);
                double q = Math.exp(lq);
                assertClose(q * d.f(u), d.integrand(lp, lq), 1e-10, 1e-15, d + " q f(p/q)");
                double conj = d == Divergence.TOTAL_VARIATION ? u * d.fPrime(u) - d.f(u) : d.conjugate(d.fPrime(u));
                assertClose(q * conj, d.conjugateIntegrand(lp, lq), 1e-9, 1e-14, d + " q f*(f'(p/q))");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void optimalCriticOutputIsTheInverseActivationOfTheOptimalCritic(Divergence d) {
        for (double l = -5; l <= 5; l += 0.25) {
            assertClose(d.fPrimeOfLogRatio(l), d.activation(d.optimalCriticOutput(l)), 1e-12, 1e-14, d + " g(v*) = f'(e^l) at l=" + l);
        }
    }

    @Test
    void ganActivationIsLogOfTheDiscriminator() {
        for (double v = -20; v <= 20; v += 0.5) {
            double dx = dgm.core.nn.Activation.sigmoid(v);
            assertClose(Math.log(dx), Divergence.GAN.activation(v), 1e-13, 1e-15, "log D");
            // −f*(g(v)) = log(1 − D) = log σ(−v)
            assertClose(Math.log(dgm.core.nn.Activation.sigmoid(-v)), -Divergence.GAN.conjugateOfActivation(v), 1e-13, 1e-15, "log(1 − D)");
        }
        assertFalse(Divergence.GAN.domain().contains(0.0));
        assertTrue(Divergence.TOTAL_VARIATION.domain().contains(0.5));
    }
}
