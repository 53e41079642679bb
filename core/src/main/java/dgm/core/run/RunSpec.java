package dgm.core.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run is: model id and its parameters, dataset id and its parameters, evaluation options
 * and the master seed. Its canonical JSON form (sorted keys) is hashed into the run record.
 */
public record RunSpec(String modelId, Map<String, String> modelParams, String datasetId,
                      Map<String, String> dataParams, Map<String, String> evalParams, Map<String, String> budget,
                      long seed) {

    public RunSpec {
        modelParams = Map.copyOf(modelParams);
        dataParams = Map.copyOf(dataParams);
        evalParams = Map.copyOf(evalParams);
        budget = Map.copyOf(budget);
    }

    /** A run with each model's own training settings (no common budget). */
    public RunSpec(String modelId, Map<String, String> modelParams, String datasetId,
                   Map<String, String> dataParams, Map<String, String> evalParams, long seed) {
        this(modelId, modelParams, datasetId, dataParams, evalParams, Map.of(), seed);
    }

    /** Canonical map (sorted parameter keys) for the record and the hash. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelId);
        m.put("model_params", new TreeMap<>(modelParams));
        m.put("dataset", datasetId);
        m.put("data_params", new TreeMap<>(dataParams));
        m.put("eval_params", new TreeMap<>(evalParams));
        if (!budget.isEmpty()) {
            m.put("budget", new TreeMap<>(budget));
        }
        m.put("seed", seed);
        return m;
    }

    /** The inverse of {@link #toMap()}. */
    @SuppressWarnings("unchecked")
    public static RunSpec fromMap(Map<String, Object> c, String source) {
        try {
            return new RunSpec((String) c.get("model"), (Map<String, String>) c.get("model_params"), (String) c.get("dataset"),
                    (Map<String, String>) c.get("data_params"), (Map<String, String>) c.get("eval_params"),
                    (Map<String, String>) c.getOrDefault("budget", Map.of()), ((Number) c.get("seed")).longValue());
        } catch (RuntimeException e) {
            throw new dgm.core.InputException(source + " does not hold a valid run config (model, model_params, dataset, "
                    + "data_params, eval_params, seed): " + e.getMessage());
        }
    }

    /** The run config in a {@code run.json} or {@code run-spec.json} (its {@code config} section). */
    @SuppressWarnings("unchecked")
    public static RunSpec read(java.nio.file.Path file) {
        Map<String, Object> r;
        try {
            r = Json.MAPPER.readValue(file.toFile(), Map.class);
        } catch (java.io.IOException e) {
            throw new dgm.core.InputException("cannot read " + file + ": " + e.getMessage());
        }
        Object c = r.get("config");
        if (!(c instanceof Map)) {
            throw new dgm.core.InputException(file + " has no config section");
        }
        return fromMap((Map<String, Object>) c, file.toString());
    }

    public String sha256() {
        return Json.sha256(Json.write(toMap()));
    }

    /**
     * Splits {@code --set} pairs by prefix: {@code data.KEY} and {@code eval.KEY} go to the dataset and
     * the evaluation, {@code budget.KEY} to the training budget ({@link Budget}); anything else
     * (optionally prefixed {@code model.}) to the model.
     */
    public static RunSpec of(String modelId, String datasetId, long seed, Map<String, String> sets) {
        Map<String, String> model = new LinkedHashMap<>();
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> eval = new LinkedHashMap<>();
        Map<String, String> budget = new LinkedHashMap<>();
        sets.forEach((k, v) -> {
            if (k.startsWith("data.")) {
                data.put(k.substring(5), v);
            } else if (k.startsWith("eval.")) {
                eval.put(k.substring(5), v);
            } else if (k.startsWith("budget.")) {
                budget.put(k.substring(7), v);
            } else if (k.startsWith("model.")) {
                model.put(k.substring(6), v);
            } else {
                model.put(k, v);
            }
        });
        return new RunSpec(modelId, model, datasetId, data, eval, budget, seed);
    }
}
