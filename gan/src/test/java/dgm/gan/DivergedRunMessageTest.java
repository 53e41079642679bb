package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.train.GradientTrainer;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A diverged f-GAN run's record says what the critic did and, for the divergences known to fail so, why. */
class DivergedRunMessageTest {
    private static GradientTrainer.Outcome diverged(Map<String, Double> last) {
        return new GradientTrainer.Outcome(RunStatus.DIVERGED, "non-finite generator loss at step 812",
                List.of(new HistoryPoint(0, 0.1, Map.of("bound_hat", 0.01)), new HistoryPoint(750, 3.0, last)), 812, Double.NaN, -1);
    }

    @Test
    void theUnboundedAndOneSidedDivergencesSayWhyTheyDiverge() {
        GradientTrainer.Outcome out = diverged(Map.of("critic_real", 3.5, "critic_fake", 41.0, "outside_domain", 0.25));
        for (Divergence d : List.of(Divergence.KL, Divergence.PEARSON, Divergence.NEYMAN, Divergence.JEFFREY)) {
            String msg = FGanTrainer.explainDivergence(d, out);
            assertTrue(msg.contains("41 on generated rows") && msg.contains("3.5 on data"), msg);
            assertTrue(msg.contains("25.0% of generated rows outside dom f* = " + d.domain()), msg);
            assertTrue(msg.contains(d.modelId() + " can diverge where bounded divergences train"), msg);
            assertFalse(d.failureMode().isEmpty());
        }
        assertTrue(Divergence.NEYMAN.failureMode().contains("infinite for these supports"));
        assertTrue(Divergence.KL.failureMode().contains("exp(t − 1)"));
        assertTrue(Divergence.PEARSON.failureMode().contains("2σ_Q² ≤ σ_P²"), "the Gaussian condition of the closed form");
    }

    @Test
    void boundedDivergencesReportOnlyTheDiagnostics() {
        GradientTrainer.Outcome out = diverged(Map.of("critic_real", 0.5, "critic_fake", -0.25));
        for (Divergence d : List.of(Divergence.TOTAL_VARIATION, Divergence.JENSEN_SHANNON, Divergence.GAN,
                Divergence.HELLINGER, Divergence.REVERSE_KL)) {
            assertEquals("", d.failureMode(), d.id());
            String msg = FGanTrainer.explainDivergence(d, out);
            assertTrue(msg.startsWith("; at the last held-out check the critic's mean output was 0.5 on data and -0.25 on generated rows"), msg);
            assertFalse(msg.contains("can diverge"), msg);
        }
        GradientTrainer.Outcome nothingLogged = new GradientTrainer.Outcome(RunStatus.DIVERGED, "x", List.of(), 3, Double.NaN, -1);
        assertEquals("", FGanTrainer.explainDivergence(Divergence.GAN, nothingLogged));
    }

    /** The Pearson condition in the message is the closed form's: finite iff 2σ_Q² > σ_P² (here checked). */
    @Test
    void pearsonsConditionMatchesItsClosedForm() {
        Gaussian1D p = new Gaussian1D(0, 1);
        assertTrue(Double.isFinite(Divergences.closedForm(Divergence.PEARSON, p, new Gaussian1D(0, 0.8))));
        assertEquals(Double.POSITIVE_INFINITY, Divergences.closedForm(Divergence.PEARSON, p, new Gaussian1D(0, 0.7)));
    }
}
