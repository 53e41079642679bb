package dgm.vae.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.ResumeContract;
import dgm.core.data.Dataset;
import dgm.core.rng.Rng;
import dgm.core.train.Checkpoints;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's NaN rule: a step whose score or parameters are not finite ends the run with the parameters from before it. */
class Dl4jVaeTrainerTest {
    @Test
    void aDivergingRunEndsDivergedWithFiniteParameters() {
        Dataset moons = ResumeContract.dataset("moons", Map.of("n_train", "300", "n_val", "100", "n_test", "100"));
        Dl4jVaeConfig c = new Dl4jVaeConfig(2, 2, 16, 2, "relu", "double");
        TrainingOptions o = TrainingOptions.iterations(200, 64, "constant", 0, 1);
        Dl4jVaeTrainer t = new Dl4jVaeTrainer(c, moons.train(), moons.validation(), new double[] {0, 0}, new double[] {1, 1},
                o, 1e8, new Rng(1), new Rng(2), new Rng(3));
        Dl4jVaeTrainer.Outcome out = t.fit(Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(RunStatus.DIVERGED, out.status(), out.detail());
        assertTrue(out.detail().contains("holds the parameters"), out.detail());
        assertTrue(out.history().get(out.history().size() - 1).values().get("diverged") == 1.0, out.history().toString());
        for (double v : Dl4jNetworks.parameters(t.network())) {
            assertTrue(Double.isFinite(v));
        }
    }
}
