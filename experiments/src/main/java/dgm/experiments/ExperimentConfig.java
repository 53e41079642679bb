package dgm.experiments;

import dgm.core.InputException;
import dgm.core.run.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A comparison grid, datasets × models × seeds, with per-model and per-dataset parameters and
 * evaluation options. Built-in presets are YAML resources ({@code presets/NAME.yaml}); a user's own
 * experiment is a YAML file of the same shape ({@code --config FILE}); {@code --set path=value}
 * overrides any field. Unknown fields and ill-typed values are refused naming the field and what is
 * allowed; ids are checked against the registries before any training. {@code figures} holds options of
 * the report's figures ({@link #FIGURE_OPTIONS}); they change no result.
 */
record ExperimentConfig(String name, String description, List<String> datasets, List<String> models, List<Long> seeds,
                        Map<String, Map<String, String>> modelParams, Map<String, Map<String, String>> dataParams,
                        Map<String, String> evalParams, Map<String, String> budget,
                        Map<String, Map<String, String>> budgetPerDataset, EnergyFits energyFits, Map<String, String> figures) {

    /**
     * The options under {@code figures}: {@code baseline_traces} (true or false, default false) also
     * draws the baselines' fitting traces (EM, the KDE's bandwidth search), per dataset.
     */
    static final List<String> FIGURE_OPTIONS = List.of("baseline_traces");

    /** Whether the report draws the baselines' fitting traces ({@code figures.baseline_traces}). */
    boolean baselineTraces() {
        return Boolean.parseBoolean(figures.getOrDefault("baseline_traces", "false"));
    }

    /**
     * Optional variational fits of the energies U1–U4 by reverse KL (the experiment of flow/README.md), run
     * after the grid into {@code energy-fits/}: which energies, which flow, its parameters, Adam
     * steps (0: the model's default), the box and the seeds.
     */
    record EnergyFits(List<String> energies, String model, Map<String, String> params, int steps, double box, List<Long> seeds)
            implements java.io.Serializable {
        static final List<String> FIELDS = List.of("energies", "model", "params", "steps", "box", "seeds");

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("energies", energies);
            m.put("model", model);
            m.put("params", new TreeMap<>(params));
            m.put("steps", steps);
            m.put("box", box);
            m.put("seeds", seeds);
            return m;
        }
    }

    static final List<String> PRESETS = List.of("default", "smoke", "paper", "images", "images-smoke");
    static final List<String> FIELDS = List.of("name", "description", "seeds", "datasets", "models", "model_params",
            "data_params", "eval", "budget",
            "budget_per_dataset", "energy_fits", "figures");

    static ExperimentConfig preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new InputException("unknown preset '" + name + "'; allowed: " + String.join(", ", PRESETS));
        }
        try (InputStream in = ExperimentConfig.class.getResourceAsStream("/presets/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).transform(t -> parse("preset " + name, t, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExperimentConfig file(Path file, Map<String, String> sets) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), sets);
        } catch (NoSuchFileException e) {
            throw new InputException("config file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A preset with {@code --set} overrides applied. */
    static ExperimentConfig preset(String name, Map<String, String> sets) {
        if (sets.isEmpty()) {
            return preset(name);
        }
        return parse("preset " + name, preset(name).toYaml(), sets);
    }

    static ExperimentConfig parse(String source, String yamlText, Map<String, String> sets) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (YAMLException e) {
            throw new InputException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> rootMap)) {
            throw new InputException(source + ": expected a mapping with fields " + String.join(", ", FIELDS));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        rootMap.forEach((k, v) -> m.put(String.valueOf(k), v));
        sets.forEach((path, value) -> override(source, m, path, value));
        for (String k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new InputException(source + ": unknown field '" + k + "'; allowed: " + String.join(", ", FIELDS));
            }
        }
        String name = string(source, m, "name", "custom");
        String description = string(source, m, "description", "");
        List<String> datasets = stringList(source, m, "datasets");
        List<String> models = stringList(source, m, "models");
        List<Long> seeds = new ArrayList<>();
        for (Object s : list(source, m, "seeds")) {
            if (!(s instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new InputException(source + ": field 'seeds' must be a list of integers, got " + s);
            }
            seeds.add(n.longValue());
        }
        if (seeds.size() != seeds.stream().distinct().count()) {
            throw new InputException(source + ": field 'seeds' repeats a seed: " + seeds);
        }
        Map<String, String> budget = flat(source, m.get("budget"), "budget");
        Map<String, Map<String, String>> perDataset = nested(source, m, "budget_per_dataset");
        try {
            dgm.core.train.Budget.parse(budget);
            for (var e : perDataset.entrySet()) {
                dgm.core.train.Budget.parse(e.getValue());
            }
        } catch (InputException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
        Map<String, String> figures = flat(source, m.get("figures"), "figures");
        for (var e : figures.entrySet()) {
            if (!FIGURE_OPTIONS.contains(e.getKey())) {
                throw new InputException(source + ": unknown field 'figures." + e.getKey() + "'; allowed: "
                        + String.join(", ", FIGURE_OPTIONS));
            }
            if (!e.getValue().equals("true") && !e.getValue().equals("false")) {
                throw new InputException(source + ": 'figures." + e.getKey() + "' must be true or false, got " + e.getValue());
            }
        }
        return new ExperimentConfig(name, description, datasets, models, seeds,
                nested(source, m, "model_params"), nested(source, m, "data_params"),
                flat(source, m.get("eval"), "eval"), budget, perDataset, energyFits(source, m.get("energy_fits"), seeds), figures);
    }

    private static EnergyFits energyFits(String source, Object v, List<Long> gridSeeds) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new InputException(source + ": 'energy_fits' must be a mapping with fields " + String.join(", ", EnergyFits.FIELDS));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        map.forEach((k, x) -> m.put(String.valueOf(k), x));
        for (String k : m.keySet()) {
            if (!EnergyFits.FIELDS.contains(k)) {
                throw new InputException(source + ": unknown field 'energy_fits." + k + "'; allowed: " + String.join(", ", EnergyFits.FIELDS));
            }
        }
        List<String> energies = m.containsKey("energies") ? stringList(source, m, "energies") : List.of("U1", "U2", "U3", "U4");
        String model = string(source, m, "model", "nsf");
        Map<String, String> params = flat(source, m.get("params"), "energy_fits.params");
        int steps = (int) number(source, m, "steps", 0);
        double box = number(source, m, "box", 4);
        List<Long> seeds = new ArrayList<>();
        if (m.containsKey("seeds")) {
            for (Object s : list(source, m, "seeds")) {
                if (!(s instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new InputException(source + ": field 'energy_fits.seeds' must be a list of integers, got " + s);
                }
                seeds.add(n.longValue());
            }
        } else {
            seeds.add(gridSeeds.get(0));
        }
        EnergyFits e = new EnergyFits(energies, model, params, steps, box, seeds);
        // validate now, so a bad entry is refused before any training
        EnergyFitRunner.plan(e.energies(), e.model(), e.params(), e.seeds(), e.steps(), e.box());
        return e;
    }

    private static double number(String source, Map<String, Object> m, String key, double def) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n)) {
            throw new InputException(source + ": field 'energy_fits." + key + "' must be a number, got " + v);
        }
        return n.doubleValue();
    }

    /** Applies {@code a.b.c=value} to the tree; the value is parsed as YAML (so [0,1] is a list, 3 a number). */
    private static void override(String source, Map<String, Object> root, String path, String value) {
        String[] parts = path.split("\\.");
        if (!FIELDS.contains(parts[0])) {
            throw new InputException("--set " + path + ": unknown field '" + parts[0] + "'; allowed: " + String.join(", ", FIELDS));
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(value);
        } catch (YAMLException e) {
            throw new InputException("--set " + path + "=" + value + ": value is not valid YAML");
        }
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            if (!(child instanceof Map<?, ?>)) {
                throw new InputException("--set " + path + ": '" + parts[i] + "' is not a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            if (!(next instanceof LinkedHashMap)) {
                next = new LinkedHashMap<>(next);
                node.put(parts[i], next);
            }
            node = next;
        }
        node.put(parts[parts.length - 1], parsed);
    }

    private static String string(String source, Map<String, Object> m, String key, String def) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Map || v instanceof List) {
            throw new InputException(source + ": field '" + key + "' must be text");
        }
        return String.valueOf(v);
    }

    private static List<?> list(String source, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new InputException(source + ": field '" + key + "' must be a non-empty list, e.g. " + key + ": [a, b]");
        }
        return l;
    }

    private static List<String> stringList(String source, Map<String, Object> m, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(source, m, key)) {
            if (o instanceof Map || o instanceof List || o == null) {
                throw new InputException(source + ": field '" + key + "' must be a list of ids, got " + o);
            }
            out.add(String.valueOf(o));
        }
        if (out.size() != out.stream().distinct().count()) {
            throw new InputException(source + ": field '" + key + "' repeats an id: " + out);
        }
        return out;
    }

    private static Map<String, Map<String, String>> nested(String source, Map<String, Object> m, String key) {
        Object v = m.get(key);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new InputException(source + ": field '" + key + "' must map ids to parameter mappings");
        }
        for (var e : map.entrySet()) {
            // Entries for ids outside the grid are allowed (so `--set models=[...]` can narrow a preset);
            // ComparisonRunner.prepare checks that every id exists.
            String id = String.valueOf(e.getKey());
            out.put(id, flat(source, e.getValue(), key + "." + id));
        }
        return out;
    }

    private static Map<String, String> flat(String source, Object v, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new InputException(source + ": '" + where + "' must be a mapping of parameter: value");
        }
        for (var e : map.entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() == null) {
                throw new InputException(source + ": '" + where + "." + e.getKey() + "' must be a single value");
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return out;
    }

    /** The --set map for one run (model params, then data.* and eval.*). */
    Map<String, String> setsFor(String dataset, String model) {
        Map<String, String> m = new LinkedHashMap<>(modelParams.getOrDefault(model, Map.of()));
        dataParams.getOrDefault(dataset, Map.of()).forEach((k, v) -> m.put("data." + k, v));
        evalParams.forEach((k, v) -> m.put("eval." + k, v));
        budgetFor(dataset).forEach((k, v) -> m.put("budget." + k, v));
        return m;
    }

    /** The training budget on one dataset: its entry in budget_per_dataset, else budget. */
    Map<String, String> budgetFor(String dataset) {
        return budgetPerDataset.getOrDefault(dataset, budget);
    }

    /** One line for reports: the budget, with the per-dataset exceptions. */
    String describeBudget() {
        StringBuilder sb = new StringBuilder(dgm.core.train.Budget.parse(budget).describe());
        budgetPerDataset.forEach((d, b) -> {
            if (datasets.contains(d)) {
                sb.append("; on ").append(d).append(": ").append(dgm.core.train.Budget.parse(b).describe()
                        .replace(" for every gradient-trained model", ""));
            }
        });
        return sb + " (closed-form and EM baselines are not gradient-trained: they run to their own convergence)";
    }

    /** Canonical map, for records and for re-running. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("seeds", seeds);
        m.put("datasets", datasets);
        m.put("models", models);
        m.put("model_params", new TreeMap<>(modelParams));
        m.put("data_params", new TreeMap<>(dataParams));
        m.put("eval", new TreeMap<>(evalParams));
        if (!budget.isEmpty()) {
            m.put("budget", new TreeMap<>(budget));
        }
        if (!budgetPerDataset.isEmpty()) {
            m.put("budget_per_dataset", new TreeMap<>(budgetPerDataset));
        }
        if (energyFits != null) {
            m.put("energy_fits", energyFits.toMap());
        }
        if (!figures.isEmpty()) {
            m.put("figures", new TreeMap<>(figures));
        }
        return m;
    }

    /** JSON is YAML: the canonical form doubles as a config file. */
    String toYaml() {
        return Json.write(toMap());
    }
}
