package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.nn.Activation;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finite-difference checks (float64, noise and data fixed) of the critic loss −F̂ with respect to
 * the critic's parameters and of both generator losses with respect to the generator's parameters,
 * through the networks; and the single-step update gives the same gradients as the two halves.
 */
class FGanGradientTest {
    static final int NP = 7;
    static final int NQ = 5;

    static FGan smallGan(Divergence div, Generator g, long seed) {
        Critic c = new Critic(2, 6, 2, Activation.TANH);
        Rng rng = new Rng(seed);
        g.initialize(rng);
        c.initialize(rng);
        // larger outputs than the default init gives, so that g_f and f*∘g_f are far from linear
        double[] w = c.params().values();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 2.0;
        }
        return new FGan(div, g, c);
    }

    static double[] randn(Rng rng, int n, double s) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s * rng.gaussian();
        }
        return x;
    }

    /** F̂ computed independently of FGan's backward code: critic outputs, then VariationalObjective. */
    static double objective(FGan gan, double[] xp, double[] z) {
        double[] vp = gan.critic().outputs(xp, NP);
        double[] xq = gan.generator().forward(z, NQ).clone();
        double[] vq = gan.critic().outputs(xq, NQ);
        return VariationalObjective.criticObjective(gan.divergence(), vp, vq);
    }

    static double generatorLoss(FGan gan, double[] z, GeneratorLoss loss) {
        double[] xq = gan.generator().forward(z, NQ).clone();
        return loss.value(gan.divergence(), gan.critic().outputs(xq, NQ));
    }

    static double[] fd(ParamBuffer p, DoubleSupplier f) {
        double[] v = p.values();
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double x0 = v[i];
            double h = 1e-6 * Math.max(1, Math.abs(x0));
            v[i] = x0 + h;
            double fp = f.getAsDouble();
            v[i] = x0 - h;
            double fm = f.getAsDouble();
            v[i] = x0;
            g[i] = (fp - fm) / (2 * h);
        }
        return g;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 1e-6, what + ": the gradient is too small to check (" + scale + ")");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-6 * (Math.abs(expected[i]) + scale) + 1e-10,
                    what + " [" + i + "]: finite difference " + expected[i] + ", backward " + actual[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void criticLossGradientMatchesFiniteDifferences(Divergence div) {
        Rng rng = new Rng(11);
        FGan gan = smallGan(div, new MlpGenerator(3, 2, 5, 2, Activation.TANH), 1);
        double[] xp = randn(rng, NP * 2, 1.5);
        double[] z = randn(rng, NQ * 3, 1.0);
        ParamBuffer pc = gan.critic().params();
        pc.zeroGrad();
        gan.generator().params().zeroGrad();
        double f = gan.criticStep(xp, NP, z, NQ);
        double[] analytic = pc.grads().clone();
        assertEquals(objective(gan, xp, z), f, 1e-12 * Math.max(1, Math.abs(f)));
        assertEquals(0.0, gan.generator().params().gradNorm(), "the critic step must not touch the generator's gradient");
        double[] numeric = fd(pc, () -> -objective(gan, xp, z));
        assertClose(numeric, analytic, div.id() + " critic ∂(−F̂)/∂ω");
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void generatorLossGradientsMatchFiniteDifferences(Divergence div) {
        for (GeneratorLoss loss : GeneratorLoss.values()) {
            Rng rng = new Rng(12);
            FGan gan = smallGan(div, new MlpGenerator(3, 2, 5, 2, Activation.TANH), 2);
            double[] z = randn(rng, NQ * 3, 1.0);
            ParamBuffer pg = gan.generator().params();
            pg.zeroGrad();
            gan.critic().params().zeroGrad();
            double l = gan.generatorStep(z, NQ, loss);
            double[] analytic = pg.grads().clone();
            assertEquals(0.0, gan.critic().params().gradNorm(), "the generator step must not touch the critic's gradient");
            assertEquals(generatorLoss(gan, z, loss), l, 1e-12 * Math.max(1, Math.abs(l)));
            double[] numeric = fd(pg, () -> generatorLoss(gan, z, loss));
            assertClose(numeric, analytic, div.id() + " " + loss.id() + " generator ∂L_G/∂θ");
        }
    }

    @ParameterizedTest
    @EnumSource(Divergence.class)
    void affineGeneratorGradientMatchesFiniteDifferences(Divergence div) {
        Rng rng = new Rng(13);
        FGan gan = smallGan(div, new AffineGenerator(new double[] {0.3, -0.2}, new double[] {1.1, 0.7}), 3);
        double[] z = randn(rng, NQ * 2, 1.0);
        ParamBuffer pg = gan.generator().params();
        pg.zeroGrad();
        gan.generatorStep(z, NQ, GeneratorLoss.SATURATING);
        double[] analytic = pg.grads().clone();
        assertClose(fd(pg, () -> generatorLoss(gan, z, GeneratorLoss.SATURATING)), analytic, div.id() + " affine ∂L_G/∂(μ, log σ)");
    }

    /**
     * The image recipe's networks: a generator with its sigmoid output onto a range (fixed scale and
     * shift per coordinate) and a spectrally normalised critic (W/σ(W), σ = bᵀWa with the power
     * iteration's a, b held fixed), against finite differences for every divergence.
     */
    @ParameterizedTest
    @EnumSource(Divergence.class)
    void boundedGeneratorAndSpectralCriticGradientsMatchFiniteDifferences(Divergence div) {
        Rng rng = new Rng(16);
        Critic c = new Critic(2, 6, 2, Activation.TANH, true);
        MlpGenerator g = new MlpGenerator(3, 2, 5, 2, Activation.TANH, new double[] {3.0, 1.5}, new double[] {-1.0, -0.5});
        Rng init = new Rng(6);
        g.initialize(init);
        c.initialize(init);
        FGan gan = new FGan(div, g, c);
        double[] xp = randn(rng, NP * 2, 1.0);
        double[] z = randn(rng, NQ * 3, 1.0);
        ParamBuffer pc = c.params();
        pc.zeroGrad();
        g.params().zeroGrad();
        gan.criticStep(xp, NP, z, NQ);  // one power iteration, then the gradient at the new a, b
        double[] analytic = pc.grads().clone();
        // the weights and biases; the power-iteration vectors after them are constants of the gradient
        int weights = pc.slots().stream().filter(sl -> !sl.name().contains(".sn_")).mapToInt(ParamBuffer.Slot::size).sum();
        assertTrue(weights < pc.size(), "the vectors are in the buffer");
        double[] numeric = fd(pc, () -> -objective(gan, xp, z));
        assertClose(java.util.Arrays.copyOf(numeric, weights), java.util.Arrays.copyOf(analytic, weights),
                div.id() + " spectral critic ∂(−F̂)/∂ω");
        for (int k = weights; k < analytic.length; k++) {
            assertEquals(0.0, analytic[k], "no gradient on the power-iteration vectors");
        }
        for (double sigma : c.spectralNorms()) {
            assertTrue(sigma > 0, "σ > 0");
        }
        for (GeneratorLoss loss : GeneratorLoss.values()) {
            ParamBuffer pg = g.params();
            pg.zeroGrad();
            pc.zeroGrad();
            gan.generatorStep(z, NQ, loss);
            assertEquals(0.0, pc.gradNorm(), "the generator step must not touch the critic's gradient");
            assertClose(fd(pg, () -> generatorLoss(gan, z, loss)), pg.grads().clone(), div.id() + " " + loss.id()
                    + " bounded generator ∂L_G/∂θ");
        }
        double[] x = g.forward(randn(rng, 50 * 3, 3.0), 50);
        for (int i = 0; i < 50; i++) {
            assertTrue(x[2 * i] > -1.0 && x[2 * i] < 2.0 && x[2 * i + 1] > -0.5 && x[2 * i + 1] < 1.0, "inside the range");
        }
    }

    /** Power iteration finds the largest singular value: after it, every layer of W̄ has spectral norm 1. */
    @Test
    void spectralNormalisationMakesEachLayerOfNormOne() {
        Critic c = new Critic(5, 7, 2, Activation.RELU, true);
        c.initialize(new Rng(8));
        for (int r = 0; r < 200; r++) {
            c.powerIteration();
        }
        c.outputs(new double[5], 1);
        double[] sigma = c.spectralNorms();
        // compare with the largest singular value from the Gram matrix WᵀW by its own power iteration
        double[] v = c.params().values();
        int off = 0;
        int[][] shapes = {{5, 7}, {7, 7}, {7, 1}};
        for (int l = 0; l < 3; l++) {
            int in = shapes[l][0];
            int out = shapes[l][1];
            double[] x = new double[out];
            java.util.Arrays.fill(x, 1.0);
            double lambda = 0;
            for (int it = 0; it < 2000; it++) {
                double[] wx = new double[in];
                for (int i = 0; i < in; i++) {
                    for (int k = 0; k < out; k++) {
                        wx[i] += v[off + i * out + k] * x[k];
                    }
                }
                double[] y = new double[out];
                for (int i = 0; i < in; i++) {
                    for (int k = 0; k < out; k++) {
                        y[k] += v[off + i * out + k] * wx[i];
                    }
                }
                double n = 0;
                for (double t : y) {
                    n += t * t;
                }
                n = Math.sqrt(n);
                double xn = 0;
                for (double t : x) {
                    xn += t * t;
                }
                lambda = n / Math.sqrt(xn);
                for (int k = 0; k < out; k++) {
                    x[k] = y[k] / n;
                }
            }
            assertEquals(Math.sqrt(lambda), sigma[l], 1e-9 * Math.sqrt(lambda), "layer " + l);
            off += in * out + out;
        }
    }

    /** Algorithm 1's fused update computes the same two gradients as the separate halves. */
    @Test
    void singleStepEqualsTheTwoHalvesAtTheSameParameters() {
        for (Divergence div : Divergence.values()) {
            for (GeneratorLoss loss : GeneratorLoss.values()) {
                Rng rng = new Rng(14);
                FGan gan = smallGan(div, new MlpGenerator(3, 2, 5, 2, Activation.TANH), 4);
                double[] xp = randn(rng, NP * 2, 1.5);
                double[] z = randn(rng, NQ * 3, 1.0);
                ParamBuffer pc = gan.critic().params();
                ParamBuffer pg = gan.generator().params();
                pc.zeroGrad();
                pg.zeroGrad();
                double f = gan.criticStep(xp, NP, z, NQ);
                double[] gc = pc.grads().clone();
                pc.zeroGrad();
                double l = gan.generatorStep(z, NQ, loss);
                double[] gg = pg.grads().clone();
                pc.zeroGrad();
                pg.zeroGrad();
                double[] fl = gan.jointStep(xp, NP, z, NQ, loss);
                assertEquals(f, fl[0], 1e-13 * Math.max(1, Math.abs(f)));
                assertEquals(l, fl[1], 1e-13 * Math.max(1, Math.abs(l)));
                assertArrayEquals(gc, pc.grads(), 1e-12, div.id() + " critic gradient");
                assertArrayEquals(gg, pg.grads(), 1e-12, div.id() + " generator gradient");
            }
        }
    }

    /**
     * At the saturating loss the generator descends the same F̂ the critic ascends: ∂L_G/∂θ = ∂F̂/∂θ
     * (the data term does not depend on θ), checked by finite differences of F̂ itself.
     */
    @Test
    void saturatingGeneratorDescendsTheCriticsObjective() {
        Rng rng = new Rng(15);
        FGan gan = smallGan(Divergence.JENSEN_SHANNON, new MlpGenerator(3, 2, 5, 2, Activation.TANH), 5);
        double[] xp = randn(rng, NP * 2, 1.5);
        double[] z = randn(rng, NQ * 3, 1.0);
        ParamBuffer pg = gan.generator().params();
        pg.zeroGrad();
        gan.generatorStep(z, NQ, GeneratorLoss.SATURATING);
        assertClose(fd(pg, () -> objective(gan, xp, z)), pg.grads().clone(), "∂F̂/∂θ");
    }
}
