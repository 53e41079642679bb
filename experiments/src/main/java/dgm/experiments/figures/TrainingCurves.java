package dgm.experiments.figures;

import dgm.core.run.Json;
import dgm.core.train.HistoryPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training curves: one row per group of values (train_nll with val_nll, a divergence estimate on its
 * own), over gradient steps (left) and over wall-clock seconds (right). Values named {@code val_…} are
 * dashed; with several runs each run has its colour.
 */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /**
     * @param runs   run name → its history rows, in drawing order
     * @param groups the value names drawn together in each row (each row shares a y axis)
     */
    public static Figure figure(Style style, Map<String, List<HistoryPoint>> runs, List<List<String>> groups) {
        List<Axes> panels = new ArrayList<>();
        for (List<String> group : groups) {
            for (boolean overTime : new boolean[] {false, true}) {
                Axes a = new Axes().aspect(0.68).xLabel(overTime ? "time (s)" : "step").yLabel(unitLabel(group));
                int r = 0;
                int drawn = 0;
                for (Map.Entry<String, List<HistoryPoint>> run : runs.entrySet()) {
                    for (int k = 0; k < group.size(); k++) {
                        String key = group.get(k);
                        List<HistoryPoint> h = run.getValue();
                        double[] x = new double[h.size()];
                        double[] y = new double[h.size()];
                        int points = 0;
                        for (int i = 0; i < h.size(); i++) {
                            HistoryPoint p = h.get(i);
                            x[i] = overTime ? p.seconds() : p.step();
                            Double v = p.values().get(key);
                            y[i] = v == null ? Double.NaN : v;
                            if (v != null && Double.isFinite(v)) {
                                points++;
                            }
                        }
                        if (points < 2) {
                            continue;   // a single point is not a curve (e.g. a value logged once at the end)
                        }
                        drawn++;
                        String label = runs.size() > 1 ? run.getKey() + " " + key : key;
                        a.line(label, x, y, ColorMap.series(runs.size() > 1 ? r : k), key.startsWith("val"));
                    }
                    r++;
                }
                if (drawn > 0) {
                    panels.add(a);
                }
            }
        }
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no value was logged at two or more points: nothing to draw as curves");
        }
        return Figure.of(style, 2, panels);
    }

    /** All values, grouped by {@link #defaultGroups}, in the single-column style. */
    public static Figure figure(Map<String, List<HistoryPoint>> runs) {
        return figure(Style.column(), runs, defaultGroups(runs.values()));
    }

    /**
     * Value names grouped by what they measure, the part after the last underscore: {@code train_nll}
     * and {@code val_nll} share a row; a name without an underscore has its own.
     */
    public static List<List<String>> defaultGroups(Iterable<List<HistoryPoint>> histories) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (List<HistoryPoint> h : histories) {
            for (HistoryPoint p : h) {
                seen.addAll(p.values().keySet());
            }
        }
        for (String key : seen) {
            int u = key.lastIndexOf('_');
            String measure = u >= 0 ? key.substring(u + 1) : key;
            groups.computeIfAbsent(measure, m -> new ArrayList<>()).add(key);
        }
        return List.copyOf(groups.values());
    }

    static String unitLabel(List<String> group) {
        if (group.stream().allMatch(k -> k.endsWith("_nll") || k.equals("nll"))) {
            return "NLL (nats)";
        }
        if (group.stream().allMatch(k -> k.endsWith("_ll") || k.equals("ll"))) {
            return "log-likelihood (nats)";
        }
        return String.join(", ", group);
    }

    /** The {@code history} array of a run record (run.json): step, seconds and named values. */
    public static List<HistoryPoint> fromRunJson(Path runJson) {
        try {
            Map<?, ?> record = Json.MAPPER.readValue(runJson.toFile(), Map.class);
            Object h = record.get("history");
            return h instanceof List<?> rows ? fromRecord(rows) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + runJson + ": " + e.getMessage(), e);
        }
    }

    /** History rows as parsed from JSON: maps with "step", "seconds" and numeric (or "NaN") values. */
    public static List<HistoryPoint> fromRecord(List<?> rows) {
        List<HistoryPoint> out = new ArrayList<>();
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> row)) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : row.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!k.equals("step") && !k.equals("seconds")) {
                    Double v = number(e.getValue());
                    if (v != null) {
                        values.put(k, v);
                    }
                }
            }
            Double step = number(row.get("step"));
            Double seconds = number(row.get("seconds"));
            out.add(new HistoryPoint(step == null ? out.size() : step.longValue(), seconds == null ? Double.NaN : seconds, values));
        }
        return out;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s); // "NaN", "Infinity" as Json writes them
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
