package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DivergencesTest {

    private static final GaussianMixture1D P = GaussianMixture1D.paperTarget();
    /**
     * A Gaussian for which every divergence to P is finite (Neyman needs σ_Q² &lt; 2·0.8², Pearson
     * 2σ_Q² &gt; 0.8²) and whose tails are lighter than P's, so that T* = f′(p/q) stays representable.
     */
    private static final Gaussian1D Q = new Gaussian1D(0.5, 0.75);

    private static void assertClose(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * (1 + Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual + " (diff " + (actual - expected) + ")");
    }

    @Test
    void quadratureBasics() {
        assertClose(Math.sqrt(Math.PI), Quadrature.integrateReal(x -> Math.exp(-x * x), 0.0).value(), 1e-14, "∫exp(−x²)");
        assertClose(2.0 / 3.0, Quadrature.integrate(Math::sqrt, 0, 1).value(), 1e-12, "∫√x");
        Quadrature.Result jump = Quadrature.integrate(x -> x < 0.3 ? 1.0 : 0.0, 0, 1);
        assertTrue(jump.converged());
        assertClose(0.3, jump.value(), 1e-12, "step");
        assertFalse(Quadrature.integrateReal(x -> 1.0 / (1 + Math.abs(x)), 0.0).converged(), "divergent integral must not converge");
    }

    /** Pairs (P, Q) of Gaussians: the second has 2σ_Q² &lt; σ_P² (Pearson infinite); the third 2σ_P² &lt; σ_Q² (Neyman infinite). */
    private static final Gaussian1D[][] PAIRS = {
        {new Gaussian1D(-0.5, 0.7), new Gaussian1D(0.3, 1.0)},
        {new Gaussian1D(2.0, 1.3), new Gaussian1D(-1.0, 0.9)},
        {new Gaussian1D(0.0, 1.0), new Gaussian1D(1.0, 1.5)},
        {new Gaussian1D(0.0, 1.0), new Gaussian1D(0.0, 1.2)},
        {new Gaussian1D(1.0, 2.0), new Gaussian1D(1.7, 2.0)},
    };

    @ParameterizedTest
    @EnumSource(value = Divergence.class, names = {"KL", "REVERSE_KL", "JEFFREY", "HELLINGER", "PEARSON", "NEYMAN", "TOTAL_VARIATION"})
    void quadratureEqualsClosedFormBetweenGaussians(Divergence d) {
        for (Gaussian1D[] pq : PAIRS) {
            double closed = Divergences.closedForm(d, pq[0], pq[1]);
            double quad = Divergences.divergence(d, pq[0], pq[1]);
            if (Double.isInfinite(closed)) {
                assertEquals(Double.POSITIVE_INFINITY, quad, d + " should be infinite for " + pq[0] + " vs " + pq[1]);
            } else {
                assertClose(closed, quad, 1e-8, d + " " + pq[0] + " vs " + pq[1]);
            }
        }
    }

    @Test
    void closedFormsByHand() {
        // Equal variances: TV = 2Φ(Δ/2σ) − 1 (mpmath), χ² = exp(Δ²/σ²) − 1, KL = Δ²/(2σ²).
        Gaussian1D a = new Gaussian1D(0, 1);
        Gaussian1D b = new Gaussian1D(1, 1);
        assertClose(0.3829249225480262, Divergences.closedForm(Divergence.TOTAL_VARIATION, a, b), 1e-14, "TV");
        assertClose(Math.E - 1, Divergences.closedForm(Divergence.PEARSON, a, b), 1e-14, "Pearson");
        assertClose(Math.E - 1, Divergences.closedForm(Divergence.NEYMAN, a, b), 1e-14, "Neyman");
        assertClose(0.5, Divergences.closedForm(Divergence.KL, a, b), 1e-15, "KL");
        assertClose(2 - 2 * Math.exp(-1.0 / 8), Divergences.closedForm(Divergence.HELLINGER, a, b), 1e-14, "Hellinger");
        // Finiteness conditions of the χ² divergences between Gaussians.
        Gaussian1D wide = new Gaussian1D(0, 1.5);
        assertEquals(Double.POSITIVE_INFINITY, Divergences.closedForm(Divergence.PEARSON, wide, a)); // 2·1 < 2.25
        assertTrue(Double.isFinite(Divergences.closedForm(Divergence.NEYMAN, wide, a)));
        assertEquals(Double.POSITIVE_INFINITY, Divergences.closedForm(Divergence.NEYMAN, a, wide));
        // The intersection points are where the densities are equal.
        for (double x : Divergences.gaussianIntersections(new Gaussian1D(-0.5, 0.7), new Gaussian1D(0.3, 1.0))) {
            assertClose(new Gaussian1D(-0.5, 0.7).logDensity(x), new Gaussian1D(0.3, 1.0).logDensity(x), 1e-12, "intersection");
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void divergenceOfADistributionToItselfIsMinimalAndOthersAreLarger(Divergence d) {
        double floor = d == Divergence.GAN ? -Math.log(4) : 0.0; // f(1) = −log 4 for the GAN generator
        assertClose(floor, Divergences.divergence(d, P, P), 1e-12, d + " D(P‖P)");
        for (Gaussian1D q : new Gaussian1D[] {Q, new Gaussian1D(0, 1), new Gaussian1D(1.5, 0.8), new Gaussian1D(-2, 1.1)}) {
            double v = Divergences.divergence(d, P, q);
            assertTrue(v > floor + 1e-6, d + ": D(P‖" + q + ") = " + v);
        }
    }

    @Test
    void jensenShannonAndGanAreTwiceJsd() {
        for (Density1D q : new Density1D[] {Q, new Gaussian1D(-1, 0.6), new Gaussian1D(0.5, 3.0)}) {
            double jsd = Divergences.jensenShannonDivergence(P, q);
            assertTrue(jsd > 0 && jsd < Math.log(2));
            assertClose(2 * jsd, Divergences.divergence(Divergence.JENSEN_SHANNON, P, q), 1e-10, "D_js = 2 JSD");
            assertClose(2 * jsd - Math.log(4), Divergences.divergence(Divergence.GAN, P, q), 1e-10, "D_gan = 2 JSD − log 4");
        }
    }

    @Test
    void reversedArgumentsRelations() {
        // KL(P‖Q) = rKL(Q‖P), Pearson(P‖Q) = Neyman(Q‖P), Jeffrey and Hellinger and TV and JS symmetric.
        Gaussian1D q = new Gaussian1D(0.7, 1.0);
        assertClose(Divergences.divergence(Divergence.KL, P, q), Divergences.divergence(Divergence.REVERSE_KL, q, P), 1e-10, "KL/rKL");
        assertClose(Divergences.divergence(Divergence.PEARSON, P, q), Divergences.divergence(Divergence.NEYMAN, q, P), 1e-10, "Pearson/Neyman");
        for (Divergence d : EnumSet.of(Divergence.JEFFREY, Divergence.HELLINGER, Divergence.TOTAL_VARIATION, Divergence.JENSEN_SHANNON)) {
            assertClose(Divergences.divergence(d, P, q), Divergences.divergence(d, q, P), 1e-10, d + " symmetric");
        }
        // Pearson is ∫(p − q)²/q, computed here straight from the densities (not through f).
        double direct = Quadrature.integrateReal(x -> {
            double qx = q.density(x);
            double dd = P.density(x) - qx;
            return qx == 0 ? 0.0 : dd * dd / qx;
        }, -4, 0, 4).value();
        assertClose(direct, Divergences.divergence(Divergence.PEARSON, P, q), 1e-9, "Pearson = ∫(p−q)²/q");
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void optimalCriticAttainsTheDivergence(Divergence d) {
        double df = Divergences.divergence(d, P, Q);
        assertClose(df, Divergences.variationalBoundAtOptimum(d, P, Q), 1e-9, d + " F(T*) (log-space form)");
        assertClose(df, Divergences.variationalBoundOfCriticOutput(d, P, Q, Divergences.optimalCriticOutput(d, P, Q)), 1e-8,
                d + " F(V*) (raw critic output, fused conjugate)");
        if (EnumSet.of(Divergence.NEYMAN, Divergence.JENSEN_SHANNON).contains(d)) {
            // In t-space T* = f'(p/q) rounds onto the boundary of dom f* where p/q is huge:
            // the naive F(T*) is −∞, which is why critics work with raw outputs and the fused f*∘g.
            assertEquals(Double.NEGATIVE_INFINITY, Divergences.variationalBound(d, P, Q, Divergences.optimalCritic(d, P, Q)));
        } else {
            assertClose(df, Divergences.variationalBound(d, P, Q, Divergences.optimalCritic(d, P, Q)), 1e-8, d + " F(T*)");
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void perturbedCriticsStayBelowTheDivergence(Divergence d) {
        double df = Divergences.divergence(d, P, Q);
        DoubleUnaryOperator[] shapes = {Math::sin, x -> 0.3 * x - 0.2};
        for (DoubleUnaryOperator h : shapes) {
            // In t-space along the segment from T* to g(h) (a convex combination of two points of
            // dom f* stays in dom f*); F is concave in T, so the deficit grows with eps.
            DoubleUnaryOperator tStar = x -> {
                double t = Divergences.optimalCritic(d, P, Q).applyAsDouble(x);
                // keep T* inside an open domain where it would round onto the boundary
                return d.domain().contains(t) ? t : Math.nextDown(d.domain().upper());
            };
            double previousDeficit = 0;
            for (double eps : new double[] {0.05, 0.3, 1.0}) {
                DoubleUnaryOperator t = x -> (1 - eps) * tStar.applyAsDouble(x) + eps * d.activation(h.applyAsDouble(x));
                double deficit = df - Divergences.variationalBound(d, P, Q, t);
                assertTrue(deficit > 1e-9, d + ": F(T) not below D_f = " + df + " at eps=" + eps + ", deficit " + deficit);
                assertTrue(deficit > previousDeficit, d + ": deficit not increasing at eps=" + eps);
                previousDeficit = deficit;
            }
            // In v-space: V* + eps·h (TV's V* = ±∞ is unchanged by this, so skip it).
            if (d != Divergence.TOTAL_VARIATION) {
                DoubleUnaryOperator vStar = Divergences.optimalCriticOutput(d, P, Q);
                for (double eps : new double[] {0.05, 0.3, 1.0}) {
                    double bound = Divergences.variationalBoundOfCriticOutput(d, P, Q, x -> vStar.applyAsDouble(x) + eps * h.applyAsDouble(x));
                    assertTrue(df - bound > 1e-9, d + ": F(V* + eps h) = " + bound + " not below D_f = " + df + " at eps=" + eps);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void gradientWrtGaussianMatchesFiniteDifferences(Divergence d) {
        double[] g = Divergences.gradientWrtGaussian(d, P, Q);
        double h = 1e-5;
        double mu = Q.mu();
        double s = Math.log(Q.sigma());
        double dMu = (divergenceTo(d, mu + h, s) - divergenceTo(d, mu - h, s)) / (2 * h);
        double dS = (divergenceTo(d, mu, s + h) - divergenceTo(d, mu, s - h)) / (2 * h);
        assertClose(dMu, g[0], 1e-6, d + " dD/dmu");
        assertClose(dS, g[1], 1e-6, d + " dD/dlog sigma");
    }

    private static double divergenceTo(Divergence d, double mu, double logSigma) {
        return Divergences.divergence(d, P, new Gaussian1D(mu, Math.exp(logSigma)));
    }
}
