package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            name: mine
            seeds: [3, 4]
            datasets: [moons]
            models: [gmm-full, kde]
            model_params:
              gmm-full: {k: 4}
            data_params:
              moons: {n_train: 300}
            eval: {samples: 200}
            """;

    @Test
    void parsesAndAppliesOverrides() {
        ExperimentConfig c = ExperimentConfig.parse("t", GOOD, Map.of("seeds", "[7]", "model_params.gmm-full.k", "9", "eval.permutations", "5"));
        assertEquals(List.of(7L), c.seeds());
        assertEquals("9", c.modelParams().get("gmm-full").get("k"));
        assertEquals(Map.of("k", "9", "data.n_train", "300", "eval.samples", "200", "eval.permutations", "5"), c.setsFor("moons", "gmm-full"));
        // canonical JSON form parses back to the same config
        assertEquals(c, ExperimentConfig.parse("again", c.toYaml(), Map.of()));
    }

    @Test
    void figureOptionsAreOptionalCheckedAndRoundTrip() {
        ExperimentConfig plain = ExperimentConfig.parse("t", GOOD, Map.of());
        assertTrue(!plain.baselineTraces(), "the baselines' traces are drawn only when asked for");
        assertTrue(!plain.toMap().containsKey("figures"), "no figure options: the canonical form is as before");
        ExperimentConfig traces = ExperimentConfig.parse("t", GOOD + "figures: {baseline_traces: true}\n", Map.of());
        assertTrue(traces.baselineTraces());
        assertEquals(traces, ExperimentConfig.parse("again", traces.toYaml(), Map.of()));
        assertTrue(ExperimentConfig.parse("t", GOOD, Map.of("figures.baseline_traces", "true")).baselineTraces(), "--set");
        InputException unknown = assertThrows(InputException.class,
                () -> ExperimentConfig.parse("f", GOOD + "figures: {curves: all}\n", Map.of()));
        assertTrue(unknown.getMessage().contains("'figures.curves'") && unknown.getMessage().contains("baseline_traces"),
                unknown.getMessage());
        InputException notBoolean = assertThrows(InputException.class,
                () -> ExperimentConfig.parse("f", GOOD + "figures: {baseline_traces: 3}\n", Map.of()));
        assertTrue(notBoolean.getMessage().contains("true or false"), notBoolean.getMessage());
    }

    @Test
    void presetsParseAndValidateAgainstRegistries() {
        for (String p : ExperimentConfig.PRESETS) {
            ExperimentConfig c = ExperimentConfig.preset(p);
            assertTrue(!ComparisonRunner.prepare(c).isEmpty(), p);
        }
    }

    @Test
    void badConfigsAreRefusedNamingTheField() {
        InputException unknown = assertThrows(InputException.class, () -> ExperimentConfig.parse("f.yaml", GOOD + "epochs: 3\n", Map.of()));
        assertTrue(unknown.getMessage().contains("unknown field 'epochs'") && unknown.getMessage().contains("allowed: name"), unknown.getMessage());
        InputException seeds = assertThrows(InputException.class, () -> ExperimentConfig.parse("f", GOOD.replace("[3, 4]", "[a]"), Map.of()));
        assertTrue(seeds.getMessage().contains("'seeds'"), seeds.getMessage());
        InputException stray = assertThrows(InputException.class,
                () -> ComparisonRunner.prepare(ExperimentConfig.parse("f", GOOD.replace("gmm-full: {k: 4}", "gmmfull: {k: 4}"), Map.of())));
        assertTrue(stray.getMessage().contains("'gmmfull'") && stray.getMessage().contains("allowed"), stray.getMessage());
        // narrowing a preset's grid leaves its other parameter entries unused, not an error
        assertEquals(List.of("kde"), ExperimentConfig.parse("f", GOOD, Map.of("models", "[kde]")).models());
        assertThrows(InputException.class, () -> ExperimentConfig.parse("f", "[1, 2", Map.of()));
        assertThrows(InputException.class, () -> ExperimentConfig.parse("f", GOOD, Map.of("bogus.x", "1")));
        assertThrows(InputException.class, () -> ExperimentConfig.preset("nope"));
        // ids and parameters are checked against the registries before any training
        InputException model = assertThrows(InputException.class,
                () -> ComparisonRunner.prepare(ExperimentConfig.parse("f", GOOD.replace("kde]", "gpt]"), Map.of())));
        assertTrue(model.getMessage().contains("unknown model id 'gpt'"), model.getMessage());
        InputException param = assertThrows(InputException.class,
                () -> ComparisonRunner.prepare(ExperimentConfig.parse("f", GOOD.replace("{k: 4}", "{k: -4}"), Map.of())));
        assertTrue(param.getMessage().contains("'k'"), param.getMessage());
        // budgets and energy fits are checked at parse time too
        InputException budget = assertThrows(InputException.class, () -> ExperimentConfig.parse("f", GOOD, Map.of("budget.epochs", "3")));
        assertTrue(budget.getMessage().contains("allowed: budget.steps"), budget.getMessage());
        InputException perData = assertThrows(InputException.class,
                () -> ExperimentConfig.parse("f", GOOD, Map.of("budget_per_dataset.moons.steps", "-1")));
        assertTrue(perData.getMessage().contains("budget.steps"), perData.getMessage());
        InputException energy = assertThrows(InputException.class,
                () -> ExperimentConfig.parse("f", GOOD, Map.of("energy_fits", "{energies: [U9]}")));
        assertTrue(energy.getMessage().contains("'U9'") && energy.getMessage().contains("U1, U2, U3, U4"), energy.getMessage());
        InputException energyField = assertThrows(InputException.class,
                () -> ExperimentConfig.parse("f", GOOD, Map.of("energy_fits", "{energy: [U1]}")));
        assertTrue(energyField.getMessage().contains("'energy_fits.energy'"), energyField.getMessage());
        ExperimentConfig withBudget = ExperimentConfig.parse("f", GOOD, Map.of("budget.steps", "100", "budget_per_dataset.moons.seconds", "9"));
        assertEquals(Map.of("seconds", "9"), withBudget.budgetFor("moons"));
        assertEquals(Map.of("steps", "100"), withBudget.budgetFor("digits"));
        assertEquals(withBudget, ExperimentConfig.parse("round trip", withBudget.toYaml(), Map.of()), "the canonical form re-reads to the same config");
    }

    @Test
    void configFileThroughTheCommandLine() throws Exception {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, GOOD.replace("eval: {samples: 200}", "eval: {samples: 200, entropy_samples: 2000, metric_points: 150, permutations: 5}")
                .replace("[gmm-full, kde]", "[gmm-full]").replace("[3, 4]", "[3]").replace("{k: 4}", "{k: 4, max_iter: 10}"));
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("compare", "--config", f.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("### moons"));
        assertTrue(Files.readString(out.resolve("compare.log")).contains("run 1/1"));
        CliTest.Run missing = CliTest.run("compare", "--config", dir.resolve("none.yaml").toString(), "--out", dir.resolve("o2").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("config file not found"), missing.err());
    }
}
