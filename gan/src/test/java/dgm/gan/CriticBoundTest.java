package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Estimate;
import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With the generator held fixed at Q = N(1, 1.2²) and data P = N(0, 1), a trained critic's F̂
 * must approach D_f(P‖Q) from below: D_f by closed form (or quadrature for JS and GAN), F̂ on 10⁵
 * held-out rows of each, required to lie in [D_f − 5%·|D_f|, D_f + 3 SE]. For Neyman χ² the roles
 * are mirrored (P = N(0, 1.2²), Q = N(1, 1)): with Q wider than P its F̂ has a barely finite variance
 * (∫q³/p² converges only for σ_Q² &lt; 1.5σ_P²), the same reason Pearson χ² needs Q wider than P.
 */
class CriticBoundTest {
    static Gaussian1D p(Divergence d) {
        return d == Divergence.NEYMAN ? new Gaussian1D(0.0, 1.2) : new Gaussian1D(0.0, 1.0);
    }

    static Gaussian1D q(Divergence d) {
        return d == Divergence.NEYMAN ? new Gaussian1D(1.0, 1.0) : new Gaussian1D(1.0, 1.2);
    }

    static double truth(Divergence d) {
        double c = Divergences.closedForm(d, p(d), q(d));
        return Double.isNaN(c) ? Divergences.divergence(d, p(d), q(d)) : c;
    }

    /** Trains only the critic (the generator's learning rate is 0) and returns the held-out F̂. */
    static Estimate trainedBound(Divergence d, int steps, long seed) {
        Rng init = new Rng(seed);
        Gaussian1D P = p(d);
        Gaussian1D Q = q(d);
        AffineGenerator g = new AffineGenerator(new double[] {Q.mu()}, new double[] {Q.sigma()});
        Critic c = new Critic(1, 32, 2, Activation.TANH);
        c.initialize(init);
        FGan gan = new FGan(d, g, c);
        FGanTrainer.Options o = new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING, GeneratorLoss.SATURATING, steps, 256,
                1, 0.0, 3e-3, 0.9, "cosine", 0.0, Math.max(1, steps), 1000, 600);
        dgm.core.train.GradientTrainer.Outcome out = FGanTrainer.fit(gan, BatchSource.density(P, new Rng(seed + 1)),
                BatchSource.density(P, new Rng(seed + 2)), o, new Rng(seed + 3), new Rng(seed + 4), TrainingListener.NONE);
        assertEquals(RunStatus.COMPLETED, out.status(), out.detail());
        assertEquals(Q.mu(), g.mu(0), 0.0, "the generator must not move");
        return FGanTrainer.heldOutBound(gan, BatchSource.density(P, new Rng(seed + 5)), new Rng(seed + 6), 100_000);
    }

    static void assertBelowAndClose(Divergence d, Estimate f) {
        double t = truth(d);
        System.out.printf("RESULT critic bound %-9s F̂ = %.5f ± %.5f, D_f = %.5f (%.2f%%)%n", d.id(), f.value(),
                f.standardError(), t, 100 * (f.value() - t) / Math.abs(t));
        assertTrue(f.value() <= t + 3 * f.standardError(), d.id() + ": F̂ " + f + " above D_f " + t);
        assertTrue(f.value() >= t - 0.05 * Math.abs(t), d.id() + ": F̂ " + f.value() + " not within 5% of D_f " + t);
    }

    @Test
    void klCriticApproachesTheDivergenceFromBelow() {
        assertBelowAndClose(Divergence.KL, trainedBound(Divergence.KL, 1000, 1));
    }

    @Test
    void untrainedCriticIsFarBelow() {
        Estimate f = trainedBound(Divergence.KL, 0, 1);
        assertTrue(f.value() < 0.5 * truth(Divergence.KL), "an untrained critic should give a loose bound, got " + f);
    }

    @Tag("slow")
    @ParameterizedTest
    @EnumSource(Divergence.class)
    void everyCriticApproachesTheDivergenceFromBelow(Divergence d) {
        assertBelowAndClose(d, trainedBound(d, 2000, 7));
    }
}
