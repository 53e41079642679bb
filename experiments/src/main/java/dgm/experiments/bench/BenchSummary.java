package dgm.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result file and turns it into the workbench's rows: {@code summary.csv}
 * ({@code benchmark,ms_per_op}) and a markdown table against the PyTorch reference times of
 * docs/performance.md.
 *
 * <p>Row names: each benchmark method has a base name (e.g. {@code realnvp_step},
 * {@code flow_logprob_10k}) and a reference configuration; a parameter away from that
 * configuration is appended as {@code /name=value} (e.g. {@code realnvp_step/batch=4096}), so the
 * bare name always means the reference configuration of docs/performance.md and never a different one. Only what JMH
 * measured becomes a row: a missing benchmark is absent, never filled in.
 */
final class BenchSummary {
    private BenchSummary() {
    }

    /**
     * A benchmark method's row: {@code base} may name parameters in braces ({@code {model}_step});
     * {@code reference} is the parameter set that the bare name stands for.
     */
    record RowSpec(String base, Map<String, String> reference) {
    }

    /** Keyed by {@code SimpleClassName.method}. */
    static final Map<String, RowSpec> ROWS = Map.ofEntries(
            Map.entry("FlowStepBenchmark.step", new RowSpec("{model}_step", Map.of("batch", "256", "hidden", "64", "dim", "2"))),
            Map.entry("GemmOnlyBenchmark.step", new RowSpec("{model}_step_gemm_only",
                    Map.of("batch", "256", "hidden", "64", "dim", "2", "engine", "blas"))),
            Map.entry("ElementwiseFloorBenchmark.step", new RowSpec("{model}_step_elementwise_floor",
                    Map.of("batch", "256", "hidden", "64", "dim", "2"))),
            Map.entry("BlasReplayBenchmark.replay", new RowSpec("{model}_step_blas_replay", Map.of())),
            Map.entry("VaeBenchmark.step", new RowSpec("vae_step", Map.of("batch", "128"))),
            Map.entry("Dl4jVaeBenchmark.step", new RowSpec("dl4j_vae_step", Map.of("dtype", "float"))),
            Map.entry("SameDiffRealNvpBenchmark.step", new RowSpec("samediff_realnvp_step", Map.of("dtype", "float"))),
            Map.entry("ImageBoundBenchmark.iwae", new RowSpec("vae_iwae_k1000/dim=784", Map.of())),
            Map.entry("VaeBenchmark.iwaeK1000", new RowSpec("vae_iwae_k1000", Map.of())),
            Map.entry("FGanBenchmark.step", new RowSpec("fgan_step", Map.of("batch", "256", "hidden", "128"))),
            Map.entry("FlowDensityBenchmark.logProb10k", new RowSpec("flow_logprob_10k", Map.of("model", "realnvp", "hidden", "64", "dim", "2"))),
            Map.entry("FlowDensityBenchmark.sample10k", new RowSpec("flow_sample_10k", Map.of("model", "realnvp", "hidden", "64", "dim", "2"))),
            Map.entry("MetricsBenchmark.mmd10k", new RowSpec("mmd_10k", Map.of("dim", "2", "permutations", "0"))),
            Map.entry("MetricsBenchmark.knnTwoSample10k", new RowSpec("knn_two_sample_10k", Map.of("dim", "2"))),
            Map.entry("MetricsBenchmark.prdc10k", new RowSpec("prdc_10k", Map.of("dim", "2"))));

    /**
     * PyTorch 1.13, CPU, one thread, on this project's machine, in ms per op, for
     * the same work at the same sizes (session 1's figures; docs/performance.md, PyTorch reference times).
     */
    static final Map<String, Double> PYTORCH_MS = orderedOf(
            "realnvp_step", 3.7, "vae_step", 6.6, "fgan_step", 4.4, "flow_logprob_10k", 10.4);

    /**
     * One measured row: the mean wall-clock time per op in ms (JMH's score), JMH's 99.9% half-width
     * (NaN with one iteration), and the benchmark thread's CPU time per op in ms from
     * {@link CpuTime}'s counters (NaN when they are absent).
     */
    record Row(String benchmark, double msPerOp, double msError, double cpuMsPerOp, double processCpuMsPerOp,
               String jmhName, Map<String, String> params) {
    }

    static List<Row> read(Path jmhJson) {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(jmhJson)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read JMH results " + jmhJson + ": " + e.getMessage(), e);
        }
    }

    static List<Row> parse(JsonNode results) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String jmhName = r.path("benchmark").asText();
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode m = r.path("primaryMetric");
            double toMs = msPer(m.path("scoreUnit").asText());
            double score = number(m.path("score")) * toMs;
            double error = number(m.path("scoreError")) * toMs;
            JsonNode secondary = r.path("secondaryMetrics");
            double cpuNanos = number(secondary.path("cpuNanos").path("score"));
            double calls = number(secondary.path("calls").path("score"));
            double processNanos = number(secondary.path("processCpuNanos").path("score"));
            double cpuMs = calls > 0 ? cpuNanos / calls / 1e6 : Double.NaN;
            double processMs = calls > 0 ? processNanos / calls / 1e6 : Double.NaN;
            String name = rowName(jmhName, params);
            rows.put(name, new Row(name, score, error, cpuMs, processMs, jmhName, params));
        }
        return new ArrayList<>(rows.values());
    }

    /** JMH writes a number, or the string "NaN" when undefined (one iteration has no error). */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The row name of a JMH benchmark (fully qualified method name) run with these parameters. */
    static String rowName(String jmhName, Map<String, String> params) {
        String[] parts = jmhName.split("\\.");
        String key = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : jmhName;
        if (key.equals("ImageStepBenchmark.step") && params.containsKey("work")) {
            return ImageStepBenchmark.rowName(params.get("work"));
        }
        RowSpec spec = ROWS.get(key);
        String base = spec == null ? key : spec.base();
        Map<String, String> reference = spec == null ? Map.of() : spec.reference();
        StringBuilder sb = new StringBuilder();
        Map<String, String> rest = new TreeMap<>(params);
        int i = 0;
        while (i < base.length()) {
            int open = base.indexOf('{', i);
            if (open < 0) {
                sb.append(base, i, base.length());
                break;
            }
            int close = base.indexOf('}', open);
            String p = base.substring(open + 1, close);
            sb.append(base, i, open).append(rest.getOrDefault(p, p));
            rest.remove(p);
            i = close + 1;
        }
        for (Map.Entry<String, String> e : rest.entrySet()) {
            if (!e.getValue().equals(reference.get(e.getKey()))) {
                sb.append('/').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** Milliseconds per one unit of JMH's time-per-op units. */
    static double msPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-6;
            case "us/op" -> 1e-3;
            case "ms/op" -> 1;
            case "s/op" -> 1e3;
            case "min/op" -> 6e4;
            default -> throw new IllegalArgumentException("not a time-per-operation unit: '" + unit
                    + "' (the benchmarks run in AverageTime or SingleShotTime mode)");
        };
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("benchmark,ms_per_op\n");
        for (Row r : rows) {
            sb.append(r.benchmark()).append(',').append(String.format(Locale.ROOT, "%.6g", r.msPerOp())).append('\n');
        }
        return sb.toString();
    }

    /**
     * The markdown table: every measured row, and for each PyTorch reference its time and the ratio
     * workbench / PyTorch (below 1: faster); reference rows with no benchmark yet are listed as
     * not measured.
     */
    static String markdown(List<Row> rows, String context) {
        return markdown(rows, context, PYTORCH_MS);
    }

    /**
     * As {@link #markdown(List, String)} against these PyTorch times (row name → ms per op): the
     * ones measured in this session by {@code --pytorch}, or {@link #PYTORCH_MS}.
     */
    static String markdown(List<Row> rows, String context, Map<String, Double> pytorchMs) {
        StringBuilder sb = new StringBuilder();
        sb.append(context).append("\n\n");
        sb.append("| benchmark | ms/op (wall) | ± (99.9% CI) | CPU ms/op (thread) | CPU ms/op (process) | PyTorch ms/op "
                + "| ratio wall / PyTorch | ratio CPU / PyTorch |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Row> byName = byName(rows);
        for (Map.Entry<String, Double> ref : pytorchMs.entrySet()) {
            Row r = byName.get(ref.getKey());
            if (r == null) {
                sb.append(String.format(Locale.ROOT, "| %s | not measured | | | | %s | | |%n", ref.getKey(), fmt(ref.getValue())));
            } else {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.benchmark(),
                        fmt(r.msPerOp()), fmt(r.msError()), fmt(r.cpuMsPerOp()), fmt(r.processCpuMsPerOp()), fmt(ref.getValue()),
                        ratio(r.msPerOp() / ref.getValue()), ratio(r.cpuMsPerOp() / ref.getValue())));
            }
        }
        for (Row r : rows) {
            if (!pytorchMs.containsKey(r.benchmark())) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | | | |%n", r.benchmark(), fmt(r.msPerOp()),
                        fmt(r.msError()), fmt(r.cpuMsPerOp()), fmt(r.processCpuMsPerOp())));
            }
        }
        sb.append(jvmAlternatives(rows));
        sb.append(replayOverhead(rows));
        sb.append(overhead(rows));
        return sb.toString();
    }

    /** Each workbench row beside the same work done by what a JVM user would pick instead. */
    static final List<Map.Entry<String, String>> ALTERNATIVES = List.of(Map.entry("dl4j_vae_step", "vae_step"),
            Map.entry("dl4j_vae_step/dtype=double", "vae_step"), Map.entry("samediff_realnvp_step", "realnvp_step"),
            Map.entry("samediff_realnvp_step/dtype=double", "realnvp_step"));

    /**
     * The rows of {@link #ALTERNATIVES} that were measured, beside the workbench's row of the same
     * work (its time over theirs: below 1, the workbench is faster). Empty when none was measured.
     */
    static String jvmAlternatives(List<Row> rows) {
        Map<String, Row> byName = byName(rows);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : ALTERNATIVES) {
            Row alt = byName.get(e.getKey());
            Row ours = byName.get(e.getValue());
            if (alt == null || ours == null) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append("\nThe same work by what a JVM user would pick instead (Deeplearning4j's own VAE layer, the same "
                        + "RealNVP as a SameDiff graph; each trained by its own fit; the workbench in float64): the "
                        + "workbench's time / theirs:\n\n");
                sb.append("| work | theirs | ms/op (wall) | workbench row | ms/op (wall) | ratio workbench / theirs |\n");
                sb.append("|---|---|---:|---|---:|---:|\n");
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", e.getKey(), (e.getKey().startsWith("samediff") ? "SameDiff " : "DL4J ")
                    + (e.getKey().contains("double") ? "float64" : "float32"), fmt(alt.msPerOp()), ours.benchmark(), fmt(ours.msPerOp()),
                    ratio(ours.msPerOp() / alt.msPerOp())));
        }
        return sb.toString();
    }

    /**
     * The step row a BLAS replay row ({@link BlasReplayBenchmark}, parameters model and batch) was
     * recorded from: the same model's step benchmark at the same batch, other parameters at their
     * reference values.
     */
    static String replayedStep(Row replay) {
        String model = replay.params().get("model");
        String batch = replay.params().get("batch");
        if (model == null || batch == null) {
            return null;
        }
        return switch (model) {
            case "vae" -> rowName("VaeBenchmark.step", Map.of("batch", batch));
            case "fgan" -> rowName("FGanBenchmark.step", Map.of("batch", batch));
            default -> rowName("FlowStepBenchmark.step", Map.of("model", model, "batch", batch));
        };
    }

    /**
     * For every BLAS replay row whose step was measured too: the step's time over the time its own
     * recorded BLAS calls take when made alone (the target at batch ≥ 1024, docs/performance.md: at most 1.10).
     * Empty when no pair was measured.
     */
    static String replayOverhead(List<Row> rows) {
        Map<String, Row> byName = byName(rows);
        StringBuilder sb = new StringBuilder();
        for (Row g : rows) {
            if (!g.benchmark().contains("_step_blas_replay")) {
                continue;
            }
            String stepName = replayedStep(g);
            Row s = stepName == null ? null : byName.get(stepName);
            if (s == null) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append("\nOverhead of each training step over its BLAS calls: the step's time / the time of the "
                        + "same calls (recorded from one step: routines, shapes, order, buffer sharing) made alone "
                        + "on buffers of their own (target at batch ≥ 1024: ≤ 1.10); BLAS share = "
                        + "1 / ratio:\n\n");
                sb.append("| step | step ms (wall / CPU) | its BLAS calls alone ms (wall / CPU) | ratio wall | ratio CPU "
                        + "| BLAS share of the step |\n");
                sb.append("|---|---:|---:|---:|---:|---:|\n");
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s / %s | %s / %s | %s | %s | %s |%n", stepName,
                    fmt(s.msPerOp()), fmt(s.cpuMsPerOp()), fmt(g.msPerOp()), fmt(g.cpuMsPerOp()),
                    ratio(s.msPerOp() / g.msPerOp()), ratio(s.cpuMsPerOp() / g.cpuMsPerOp()),
                    percent(g.msPerOp() / s.msPerOp())));
        }
        return sb.toString();
    }

    /** The rows by row name. */
    private static Map<String, Row> byName(List<Row> rows) {
        Map<String, Row> byName = new LinkedHashMap<>();
        for (Row r : rows) {
            byName.put(r.benchmark(), r);
        }
        return byName;
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : "–";
    }

    /** Suffix of the BLAS-only rows run on the step's own per-layer buffers. */
    static final String PER_LAYER = "/engine=blas-per-layer";

    /**
     * For every BLAS-only baseline row ({@code X_gemm_only/…} with engine blas) whose step row
     * {@code X/…} was measured too: the step's time over the time of its matrix products alone
     * (the target at batch ≥ 1024, docs/performance.md: at most 1.10); when measured, the same over the products
     * on per-layer buffers ({@code …/engine=blas-per-layer}, the memory the step touches), and the
     * floor (BLAS + the unavoidable elementwise passes, {@code X_elementwise_floor/…}) over the BLAS
     * time: the smallest ratio any implementation with unfused elementwise passes can reach. Empty
     * when no pair was measured.
     */
    static String overhead(List<Row> rows) {
        Map<String, Row> byName = byName(rows);
        StringBuilder sb = new StringBuilder();
        for (Row g : rows) {
            int at = g.benchmark().indexOf("_gemm_only");
            if (at < 0 || g.benchmark().contains("engine=")) {
                continue;
            }
            String stepName = g.benchmark().substring(0, at) + g.benchmark().substring(at + "_gemm_only".length());
            Row s = byName.get(stepName);
            if (s == null) {
                continue;
            }
            Row p = byName.get(g.benchmark() + PER_LAYER);
            Row e = byName.get(g.benchmark().replace("_gemm_only", "_elementwise_floor"));
            if (sb.length() == 0) {
                sb.append("\nOverhead over the matrix products alone: the step's time / the time of the same BLAS calls "
                        + "(same routines, shapes and order) with nothing in between, on native buffers shared by all "
                        + "layers (operands as warm as they can be; target at batch ≥ 1024: ≤ 1.10) and on one buffer "
                        + "per layer and coupling (the memory the step itself must touch). Floor: (BLAS, shared + the "
                        + "elementwise passes no unfused implementation avoids: bias fill, ReLU, ReLU derivative) / "
                        + "BLAS, shared; the lowest ratio reachable without fusing those passes into the products:\n\n");
                sb.append("| step | step ms (wall / CPU) | BLAS alone, shared buffers ms (wall / CPU) | ratio wall | "
                        + "ratio CPU | BLAS alone, per-layer buffers ms (wall) | ratio wall | elementwise floor ms (wall) "
                        + "| floor ratio |\n");
                sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | %s |%n", stepName,
                    fmt(s.msPerOp()), fmt(s.cpuMsPerOp()), fmt(g.msPerOp()), fmt(g.cpuMsPerOp()),
                    ratio(s.msPerOp() / g.msPerOp()), ratio(s.cpuMsPerOp() / g.cpuMsPerOp()),
                    p == null ? "not measured" : fmt(p.msPerOp()), p == null ? "–" : ratio(s.msPerOp() / p.msPerOp()),
                    e == null ? "not measured" : fmt(e.msPerOp()),
                    e == null ? "–" : ratio((g.msPerOp() + e.msPerOp()) / g.msPerOp())));
        }
        return sb.toString();
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }

    private static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static Map<String, Double> orderedOf(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
