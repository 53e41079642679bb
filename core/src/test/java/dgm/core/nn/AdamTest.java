package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesEachParameterByLrAgainstTheGradientSign() {
        ParamBuffer p = new ParamBuffer();
        p.allocate("w", 3);
        p.grads()[0] = 5;
        p.grads()[1] = -0.001;
        p.grads()[2] = 0;
        new Adam().step(p, 0.1);
        // bias-corrected m̂/√v̂ = sign(g) on the first step
        assertEquals(-0.1, p.values()[0], 1e-6);
        assertEquals(0.1, p.values()[1], 1e-4);
        assertEquals(0.0, p.values()[2], 0.0);
    }

    @Test
    void minimisesAnIllConditionedQuadratic() {
        ParamBuffer p = new ParamBuffer();
        p.allocate("w", 2);
        p.values()[0] = 3;
        p.values()[1] = -2;
        Adam adam = new Adam();
        LrSchedule lr = LrSchedule.cosine(0.1, 2000, 50, 0.001);
        for (int t = 0; t < 2000; t++) {
            p.zeroGrad();
            double[] w = p.values();
            p.grads()[0] = 2 * 100 * (w[0] - 1); // f = 100 (w0 − 1)² + (w1 + 0.5)²
            p.grads()[1] = 2 * (w[1] + 0.5);
            adam.step(p, lr.lr(t));
        }
        assertEquals(1.0, p.values()[0], 1e-3);
        assertEquals(-0.5, p.values()[1], 1e-3);
    }

    @Test
    void clipGradNormRescalesToTheBoundAndReportsTheOriginalNorm() {
        ParamBuffer p = new ParamBuffer();
        p.allocate("a", 1);
        p.allocate("b", 1);
        p.grads()[0] = 3;
        p.grads()[1] = 4;
        assertEquals(5.0, p.clipGradNorm(1.0), 1e-12);
        assertEquals(1.0, p.gradNorm(), 1e-12);
        assertEquals(0.6, p.grads()[0], 1e-12);
        assertEquals(1.0, p.clipGradNorm(10.0), 1e-12);
        assertEquals(0.6, p.grads()[0], 1e-12);
    }

    @Test
    void schedules() {
        LrSchedule c = LrSchedule.cosine(1.0, 110, 10, 0.0);
        assertEquals(0.1, c.lr(0), 1e-12);
        assertEquals(1.0, c.lr(10), 1e-12);
        assertEquals(0.5, c.lr(60), 1e-12);
        assertEquals(0.0, c.lr(110), 1e-12);
        assertEquals(0.0, c.lr(500), 1e-12);
        LrSchedule s = LrSchedule.stepDecay(1.0, 10, 0.5);
        assertEquals(1.0, s.lr(9), 0);
        assertEquals(0.25, s.lr(25), 0);
        assertTrue(LrSchedule.named("constant", 0.3, 10).lr(9) == 0.3);
    }
}
