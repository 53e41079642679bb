package dgm.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Capability;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private static final ModelSpec DEEP = new ModelSpec("deep", "", Capability.EXACT_DENSITY, List.of(
            ParamSpec.integer("patience", 20, 0, 100, ""), ParamSpec.choice("schedule", "cosine", List.of("cosine", "constant"), ""),
            ParamSpec.real("max_minutes", 10, 0, 1e6, ""), ParamSpec.integer("max_steps", 0, 0, 1_000_000_000, "")),
            ctx -> null, st -> null);
    private static final ModelSpec EM = new ModelSpec("em", "", Capability.EXACT_DENSITY,
            List.of(ParamSpec.integer("k", 8, 1, 100, "")), ctx -> null, st -> null);

    @Test
    void stepsAndSecondsTranslateIntoModelParameters() {
        Budget steps = Budget.parse(Map.of("steps", "2000"));
        assertEquals(Map.of("max_steps", "2000", "patience", "0"), steps.modelParams(DEEP, Map.of()));
        Budget secs = Budget.parse(Map.of("seconds", "30"));
        Map<String, String> p = secs.modelParams(DEEP, Map.of());
        assertEquals("0", p.get("patience"));
        assertEquals("constant", p.get("schedule"));
        assertEquals(0.5, Double.parseDouble(p.get("max_minutes")), 1e-12);
        assertEquals(Budget.UNBOUNDED_STEPS, Integer.parseInt(p.get("max_steps")));
        // not gradient-trained: nothing to set, and the record says the budget does not apply
        assertEquals(Map.of(), steps.modelParams(EM, Map.of()));
        assertEquals("not_applicable", steps.record(EM, -1, 1.0).get("type"));
        assertEquals("gradient_steps", steps.record(DEEP, 2000, 1.0).get("type"));
        assertEquals(2000L, steps.record(DEEP, 2000, 1.0).get("gradient_steps_used"));
        assertEquals(Map.of(), Budget.NONE.modelParams(DEEP, Map.of()));
        assertEquals("model_settings", Budget.NONE.record(DEEP, 5, 1.0).get("type"));
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
        assertTrue(assertThrows(InputException.class, () -> Budget.parse(Map.of("steps", "10"))
                .modelParams(DEEP, Map.of("max_steps", "5"))).getMessage().contains("set by budget.steps"));
    }

    @Test
    void theRunSpecCarriesTheBudgetOnlyWhenGiven() {
        RunSpec plain = RunSpec.of("deep", "moons", 0, Map.of("k", "3"));
        assertTrue(!plain.toMap().containsKey("budget"), "old records hash the same");
        RunSpec b = RunSpec.of("deep", "moons", 0, Map.of("budget.steps", "10"));
        assertEquals(Map.of("steps", "10"), b.budget());
        assertTrue(b.toMap().containsKey("budget"));
        assertTrue(!b.sha256().equals(RunSpec.of("deep", "moons", 0, Map.of()).sha256()));
    }
}
