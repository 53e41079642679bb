package dgm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Capability;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.run.RunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private static final TrainingParams EPOCHS = TrainingParams.epochs(50, 1, "passes").batch(64, "batch").lr(1e-3)
            .schedule("cosine", List.of("cosine", "step", "constant")).clip(10, "clip").weightDecay()
            .patience(20, "patience").build();
    private static final TrainingParams STEPS = TrainingParams.steps(600, "updates").batch(64, "batch")
            .schedule("constant", List.of("constant", "cosine", "step")).clip(10, "clip").build();
    private static final ModelSpec DEEP = ModelSpec.trained("deep", "", Capability.EXACT_DENSITY,
            List.of(ParamSpec.integer("layers", 2, 1, 9, "")), EPOCHS, ctx -> null, st -> null);
    private static final ModelSpec GAN = ModelSpec.trained("gan", "", Capability.SAMPLES_ONLY, List.of(), STEPS,
            ctx -> null, st -> null);
    /** Declares parameters named like the training ones, but no TrainingParams: not gradient-trained. */
    private static final ModelSpec EM = new ModelSpec("em", "", Capability.EXACT_DENSITY,
            List.of(ParamSpec.integer("max_steps", 8, 1, 100, ""), ParamSpec.real("max_minutes", 1, 0, 9, "")),
            ctx -> null, st -> null);

    private static TrainingOptions options(ModelSpec spec, Map<String, String> user, Budget b) {
        return spec.training().options(Params.resolve(spec.id(), spec.params(), user), b);
    }

    @Test
    void aBudgetAppliesToWhatDeclaresTrainingParametersNotToParameterNames() {
        assertTrue(Budget.appliesTo(DEEP));
        assertTrue(Budget.appliesTo(GAN));
        assertFalse(Budget.appliesTo(EM));
        Budget steps = Budget.parse(Map.of("steps", "2000"));
        assertEquals("not_applicable", steps.record(EM, -1, 1.0).get("type"));
        assertEquals("gradient_steps", steps.record(DEEP, 2000, 1.0).get("type"));
        assertEquals(2000L, steps.record(DEEP, 2000, 1.0).get("gradient_steps_used"));
        assertEquals("model_settings", Budget.NONE.record(DEEP, 5, 1.0).get("type"));
    }

    @Test
    void stepsAndSecondsBecomeTypedTrainingOptions() {
        TrainingOptions own = options(DEEP, Map.of("patience", "7"), Budget.NONE);
        assertEquals(0, own.iterations());
        assertEquals(50, own.epochs());
        assertEquals(7, own.patience());
        assertEquals("cosine", own.schedule());
        assertFalse(own.wallClockLimited(), "no default stops training by wall-clock time");

        TrainingOptions steps = options(DEEP, Map.of(), Budget.parse(Map.of("steps", "2000")));
        assertEquals(2000, steps.iterations());
        assertEquals(0, steps.patience());
        assertEquals("cosine", steps.schedule(), "the schedule is planned over the budget's steps");
        assertFalse(steps.wallClockLimited());

        TrainingOptions secs = options(DEEP, Map.of(), Budget.parse(Map.of("seconds", "30")));
        assertEquals(30.0, secs.maxSeconds());
        assertEquals("constant", secs.schedule());
        assertEquals(0, secs.patience());
        assertEquals(TrainingParams.UNBOUNDED, secs.iterations());
        assertTrue(secs.wallClockLimited());
        assertTrue(secs.toMap().get("reproducible").toString().startsWith("no"));

        assertEquals(600, options(GAN, Map.of(), Budget.NONE).iterations(), "steps of an iteration-based family");
        assertEquals(40, options(GAN, Map.of("max_steps", "40"), Budget.NONE).iterations(), "max_steps overrides steps");
        assertEquals(90, options(GAN, Map.of(), Budget.parse(Map.of("steps", "90"))).iterations());
        assertEquals(120.0, options(GAN, Map.of("max_minutes", "2"), Budget.NONE).maxSeconds(), "a limit only when asked for");
    }

    @Test
    void badBudgetsAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("epochs", "3"))).getMessage()
                .contains("allowed: budget.steps"));
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("steps", "1", "seconds", "1"))).getMessage()
                .contains("not both"));
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("steps", "2.5"))).getMessage()
                .contains("integer"));
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("seconds", "-1"))).getMessage()
                .contains("budget.seconds"));
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("steps", "many"))).getMessage()
                .contains("must be a number"));
        assertTrue(assertThrows(InputException.class, () -> EPOCHS.checkBudget("deep", Budget.parse(Map.of("steps", "10")),
                Map.of("max_steps", "5"))).getMessage().contains("set by budget.steps"));
        assertTrue(assertThrows(InputException.class, () -> EPOCHS.checkBudget("deep", Budget.parse(Map.of("seconds", "10")),
                Map.of("schedule", "step"))).getMessage().contains("set by budget.seconds"));
        EPOCHS.checkBudget("deep", Budget.parse(Map.of("steps", "10")), Map.of("schedule", "step"));
        EPOCHS.checkBudget("deep", Budget.NONE, Map.of("max_steps", "5", "patience", "1"));
    }

    @Test
    void theRunSpecCarriesTheBudgetOnlyWhenGiven() {
        RunSpec plain = RunSpec.of("deep", "moons", 0, Map.of("k", "3"));
        assertTrue(!plain.toMap().containsKey("budget"), "old records hash the same");
        RunSpec b = RunSpec.of("deep", "moons", 0, Map.of("budget.steps", "10"));
        assertEquals(Map.of("steps", "10"), b.budget());
        assertTrue(b.toMap().containsKey("budget"));
        assertTrue(!b.sha256().equals(RunSpec.of("deep", "moons", 0, Map.of()).sha256()));
        assertEquals(b, RunSpec.fromMap(b.toMap(), "test"), "fromMap inverts toMap");
    }
}
