package dgm.experiments;

import dgm.core.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison grid: datasets × models × seeds, with per-model and per-dataset parameters and
 * evaluation options.
 */
record Preset(String name, String description, List<String> datasets, List<String> models, List<Long> seeds,
              Map<String, Map<String, String>> modelParams, Map<String, Map<String, String>> dataParams,
              Map<String, String> evalParams) {

    static final List<String> TOYS = List.of("swissroll", "circles", "rings", "moons", "8gaussians", "pinwheel",
            "2spirals", "checkerboard");
    static final List<String> BASELINES = List.of("gaussian", "gmm-diag", "gmm-full", "histogram", "kde");

    static Preset byName(String name) {
        return switch (name) {
            case "default" -> new Preset("default",
                    "classical baselines on the eight toys and digits, three seeds",
                    concat(TOYS, List.of("digits")), BASELINES, List.of(0L, 1L, 2L),
                    Map.of(), Map.of(), Map.of());
            case "smoke" -> new Preset("smoke",
                    "a tiny grid for tests: two baselines on moons and digits, two seeds, small data",
                    List.of("moons", "digits"), List.of("gaussian", "gmm-diag"), List.of(0L, 1L),
                    Map.of("gmm-diag", Map.of("k", "3", "max_iter", "20")),
                    Map.of("moons", Map.of("n_train", "500", "n_val", "200", "n_test", "500")),
                    Map.of("entropy_samples", "5000", "samples", "500", "metric_points", "300", "permutations", "20"));
            default -> throw new InputException("unknown preset '" + name + "'; allowed: default, smoke");
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The --set map for one run (model params, then data.* and eval.*). */
    Map<String, String> setsFor(String dataset, String model) {
        Map<String, String> m = new LinkedHashMap<>(modelParams.getOrDefault(model, Map.of()));
        dataParams.getOrDefault(dataset, Map.of()).forEach((k, v) -> m.put("data." + k, v));
        evalParams.forEach((k, v) -> m.put("eval." + k, v));
        return m;
    }
}
