package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** max_steps: exactly that many gradient updates, the last epoch partial, whatever epochs says. */
class StepBudgetTest {
    @Test
    void maxStepsGivesExactlyThatManyUpdates() {
        Rng rng = new Rng(1);
        double[][] train = new double[100][2];
        for (double[] r : train) {
            r[0] = rng.gaussian();
            r[1] = rng.gaussian();
        }
        double[][] val = java.util.Arrays.copyOf(train, 20);
        for (long budget : new long[] {1, 7, 8, 9}) {
            FlowModel m = Architectures.build("realnvp", FlowModelTest.config("realnvp", Map.of("layers", "2", "hidden", "4")),
                    2, new Rng(4)).model();
            // 100 rows, batch 30: 4 steps per epoch; epochs=1 would give 4 steps; the budget overrides it
            GradientTrainer.Outcome o = FlowTrainer.fit(m, train, val, new TrainingOptions(budget, 1, 30, "cosine", 10, 0, 0, 0, 1),
                    1e-3, new Rng(6), h -> { });
            assertEquals(budget, o.steps(), "steps taken");
            assertEquals(budget, o.history().get(o.history().size() - 1).step());
            assertEquals((budget + 3) / 4, o.history().size(), "one history row per (possibly partial) epoch");
            assertTrue(o.detail().startsWith("ran all " + budget + " steps"), o.detail());
        }
        FlowModel m = Architectures.build("realnvp", FlowModelTest.config("realnvp", Map.of("layers", "2", "hidden", "4")),
                2, new Rng(4)).model();
        assertEquals(8, FlowTrainer.fit(m, train, val, new TrainingOptions(0, 2, 30, "cosine", 10, 0, 0, 0, 1),
                1e-3, new Rng(6), h -> { }).steps(), "without a budget: epochs × steps per epoch");
    }
}
