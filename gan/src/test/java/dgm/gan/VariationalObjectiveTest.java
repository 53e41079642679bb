package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.rng.Rng;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VariationalObjectiveTest {

    private static double[] randomV(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2.5 * rng.gaussian();
        }
        return v;
    }

    private static double[] fdGradient(ToDoubleFunction<double[]> f, double[] v) {
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(v[i]));
            double[] vp = v.clone();
            double[] vm = v.clone();
            vp[i] += h;
            vm[i] -= h;
            g[i] = (f.applyAsDouble(vp) - f.applyAsDouble(vm)) / (2 * h);
        }
        return g;
    }

    private static void assertGradient(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-6 * Math.abs(expected[i]) + 1e-8,
                    what + "[" + i + "]: finite difference " + expected[i] + ", analytic " + actual[i]);
        }
    }

    @Test
    void objectiveByHand() {
        // KL: F = mean(vP) − mean(exp(vQ − 1))
        double f = VariationalObjective.criticObjective(Divergence.KL, new double[] {0, 1}, new double[] {0, 1, 2});
        assertEquals(0.5 - (Math.exp(-1) + 1 + Math.exp(1)) / 3, f, 1e-15);
        // GAN: F = mean log D(x_p) + mean log(1 − D(x_q)), D = σ(v)
        double g = VariationalObjective.criticObjective(Divergence.GAN, new double[] {0.0}, new double[] {0.0});
        assertEquals(2 * Math.log(0.5), g, 1e-15);
        // TV: F = ½ mean tanh vP − ½ mean tanh vQ
        double t = VariationalObjective.criticObjective(Divergence.TOTAL_VARIATION, new double[] {1.0}, new double[] {-1.0});
        assertEquals(Math.tanh(1.0), t, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> VariationalObjective.criticObjective(Divergence.KL, new double[0], new double[] {1}));
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void criticGradientMatchesFiniteDifferences(Divergence d) {
        Rng rng = new Rng(3).derive(d.id());
        double[] vp = randomV(rng, 5);
        double[] vq = randomV(rng, 7);
        VariationalObjective.ValueAndGradient r = VariationalObjective.criticObjectiveWithGradient(d, vp, vq);
        assertEquals(VariationalObjective.criticObjective(d, vp, vq), r.value(), 0.0);
        assertGradient(fdGradient(x -> VariationalObjective.criticObjective(d, x, vq), vp), r.gradOnP(), d + " dF/dvP");
        assertGradient(fdGradient(x -> VariationalObjective.criticObjective(d, vp, x), vq), r.gradOnQ(), d + " dF/dvQ");
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void generatorLossesAndGradients(Divergence d) {
        Rng rng = new Rng(4).derive(d.id());
        double[] vp = randomV(rng, 6);
        double[] vq = randomV(rng, 9);
        // Saturating: the generator minimises F itself, so L_sat = F − (P term).
        double pTerm = 0;
        for (double v : vp) {
            pTerm += d.activation(v) / vp.length;
        }
        assertEquals(VariationalObjective.criticObjective(d, vp, vq) - pTerm, GeneratorLoss.SATURATING.value(d, vq), 1e-12);
        // Alternative: maximise mean g_f(v).
        double alt = 0;
        for (double v : vq) {
            alt -= d.activation(v) / vq.length;
        }
        assertEquals(alt, GeneratorLoss.ALTERNATIVE.value(d, vq), 1e-12);
        for (GeneratorLoss loss : GeneratorLoss.values()) {
            assertGradient(fdGradient(x -> loss.value(d, x), vq), loss.gradient(d, vq), d + " " + loss);
        }
        // The saturating gradient is the Q part of dF/dv.
        double[] critic = VariationalObjective.criticObjectiveWithGradient(d, vp, vq).gradOnQ();
        double[] sat = GeneratorLoss.SATURATING.gradient(d, vq);
        for (int j = 0; j < vq.length; j++) {
            assertEquals(critic[j], sat[j], 0.0);
        }
    }

    @Test
    void ganAlternativeLossIsTheNonSaturatingHeuristic() {
        double[] v = {-3, -0.5, 0, 2};
        double expected = 0;
        for (double x : v) {
            expected -= Math.log(dgm.core.nn.Activation.sigmoid(x)) / v.length; // −mean log D(G(z))
        }
        assertEquals(expected, GeneratorLoss.ALTERNATIVE.value(Divergence.GAN, v), 1e-14);
        assertEquals(GeneratorLoss.ALTERNATIVE, GeneratorLoss.fromId("alternative"));
    }

    @Test
    void boundEstimateCarriesValueAndStandardError() {
        Rng rng = new Rng(5);
        double[] vp = randomV(rng, 50);
        double[] vq = randomV(rng, 40);
        Estimate e = VariationalObjective.boundEstimate(Divergence.JENSEN_SHANNON, vp, vq);
        assertEquals(VariationalObjective.criticObjective(Divergence.JENSEN_SHANNON, vp, vq), e.value(), 1e-14);
        assertEquals(Kind.BOUND, e.kind());
        assertEquals(90, e.n());
        assertTrue(e.standardError() > 0 && e.standardError() < 1);
    }

    /**
     * With the optimal critic v*(x) = g_f⁻¹(f′(p(x)/q(x))) the batch objective F̂ on samples of P
     * and Q is an unbiased estimate of D_f(P‖Q) itself (the quadrature value).
     */
    @ParameterizedTest
    @EnumSource(Divergence.class)
    void monteCarloObjectiveAtTheOptimalCriticEstimatesTheDivergence(Divergence d) {
        Gaussian1D p = new Gaussian1D(0.0, 1.0);
        Gaussian1D q = new Gaussian1D(0.4, 1.25);
        Rng rng = new Rng(11).derive(d.id());
        int n = 20000;
        double[] xp = p.sample(n, rng.derive("p"));
        double[] xq = q.sample(n, rng.derive("q"));
        double[] vp = new double[n];
        double[] vq = new double[n];
        for (int i = 0; i < n; i++) {
            vp[i] = d.optimalCriticOutput(p.logDensity(xp[i]) - q.logDensity(xp[i]));
            vq[i] = d.optimalCriticOutput(p.logDensity(xq[i]) - q.logDensity(xq[i]));
        }
        Estimate e = VariationalObjective.boundEstimate(d, vp, vq);
        double truth = Divergences.divergence(d, p, q);
        assertTrue(Math.abs(e.value() - truth) <= 5 * e.standardError() + 1e-3,
                d + ": F̂ = " + e.value() + " ± " + e.standardError() + " vs D_f = " + truth);
    }
}
