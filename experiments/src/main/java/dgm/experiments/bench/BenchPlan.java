package dgm.experiments.bench;

import dgm.core.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code bench} runs: a list of JMH runs, each a few benchmark methods with its own
 * {@code @Param} sweep (one axis varied at a time around the reference configuration, so the
 * sweeps do not multiply) and its own warm-up, measurement and fork counts.
 *
 * <p>Quick mode is a check that everything runs and a first look (a few minutes on two cores);
 * full mode is the measurement: more iterations, two forks, the whole sweeps.
 */
final class BenchPlan {
    private BenchPlan() {
    }

    enum Mode {
        QUICK, FULL;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String STEP = FlowStepBenchmark.class.getName() + ".step";
    static final String LOGPROB = FlowDensityBenchmark.class.getName() + ".logProb10k";
    static final String SAMPLE = FlowDensityBenchmark.class.getName() + ".sample10k";
    static final String MMD = MetricsBenchmark.class.getName() + ".mmd10k";
    static final String KNN = MetricsBenchmark.class.getName() + ".knnTwoSample10k";
    static final String PRDC = MetricsBenchmark.class.getName() + ".prdc10k";
    static final String VAE_STEP = VaeBenchmark.class.getName() + ".step";
    static final String VAE_IWAE = VaeBenchmark.class.getName() + ".iwaeK1000";
    static final String FGAN_STEP = FGanBenchmark.class.getName() + ".step";
    static final String DL4J_VAE_STEP = Dl4jVaeBenchmark.class.getName() + ".step";
    static final String SAMEDIFF_REALNVP_STEP = SameDiffRealNvpBenchmark.class.getName() + ".step";
    static final String GEMM_ONLY = GemmOnlyBenchmark.class.getName() + ".step";
    static final String ELEMENTWISE_FLOOR = ElementwiseFloorBenchmark.class.getName() + ".step";
    static final String BLAS_REPLAY = BlasReplayBenchmark.class.getName() + ".replay";
    static final String IMAGE_STEP = ImageStepBenchmark.class.getName() + ".step";
    static final String IMAGE_IWAE = ImageBoundBenchmark.class.getName() + ".iwae";

    /** Every benchmark method the plans use (for --include's error message). */
    static final List<String> ALL = List.of(STEP, VAE_STEP, FGAN_STEP, DL4J_VAE_STEP, SAMEDIFF_REALNVP_STEP, GEMM_ONLY, ELEMENTWISE_FLOOR, BLAS_REPLAY, IMAGE_STEP, IMAGE_IWAE, LOGPROB, SAMPLE,
            VAE_IWAE, MMD, KNN, PRDC);

    /**
     * One JMH run.
     *
     * @param benchmarks fully qualified benchmark method names
     * @param params     {@code @Param} overrides; parameters not named keep their annotated default
     */
    record Run(String name, List<String> benchmarks, Map<String, List<String>> params, int warmupIterations,
               double warmupSeconds, int measurementIterations, double measurementSeconds, int forks) {
        Run {
            benchmarks = List.copyOf(benchmarks);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** Benchmark × parameter combinations, i.e. forked trials per fork. */
        int configurations() {
            int c = benchmarks.size();
            for (List<String> v : params.values()) {
                c *= v.size();
            }
            return c;
        }

        /** A rough lower bound on the wall time, assuming ~3 s to start and set up each fork. */
        double estimatedSeconds() {
            return configurations() * forks * (3 + warmupIterations * warmupSeconds + measurementIterations * measurementSeconds);
        }

        Run withBenchmarks(List<String> b) {
            return new Run(name, b, params, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, forks);
        }
    }

    static List<Run> plan(Mode mode) {
        boolean full = mode == Mode.FULL;
        // iterations × seconds for the millisecond-scale benchmarks and for the second-scale metrics
        int wi = full ? 5 : 2;
        double ws = 1;
        int mi = full ? 5 : 3;
        double ms = full ? 2 : 1;
        int forks = full ? 2 : 1;
        List<String> flows = full ? List.of("realnvp", "maf", "nsf", "glow") : List.of("realnvp");
        List<Run> runs = new ArrayList<>();
        runs.add(new Run("flow training steps", List.of(STEP),
                Map.of("model", List.of("realnvp", "maf", "nsf", "glow")), wi, ws, mi, ms, forks));
        runs.add(new Run("vae and f-gan training steps", List.of(VAE_STEP, FGAN_STEP), Map.of(), wi, ws, mi, ms, forks));
        // the same VAE step by Deeplearning4j's own VariationalAutoencoder layer, the same RealNVP step as a
        // SameDiff graph (float32; full: also float64)
        runs.add(new Run("deeplearning4j's VAE layer and a SameDiff RealNVP, the reference sizes", List.of(DL4J_VAE_STEP, SAMEDIFF_REALNVP_STEP),
                Map.of("dtype", full ? List.of("float", "double") : List.of("float")), full ? wi : 1, ws, full ? mi : 2, ms, forks));
        List<String> batches = full ? List.of("64", "128", "512", "1024", "2048", "4096") : List.of("64", "1024", "4096");
        runs.add(new Run("realnvp step, batch sweep", List.of(STEP), Map.of("batch", batches), wi, ws, mi, ms, forks));
        // the BLAS-only baseline of the large batches: summary.md divides the step by it
        runs.add(new Run("realnvp step's matrix products alone", List.of(GEMM_ONLY),
                Map.of("batch", List.of("1024", "4096"), "engine",
                        full ? List.of("blas", "blas-per-layer") : List.of("blas")),
                wi, ws, mi, ms, forks));
        // the elementwise passes no unfused implementation avoids: with the BLAS time, a floor for the step
        runs.add(new Run("realnvp step's unavoidable elementwise passes", List.of(ELEMENTWISE_FLOOR),
                Map.of("batch", List.of("1024", "4096")), wi, ws, mi, ms, forks));
        // every family's step at large batches, over the same step's BLAS calls made alone
        List<String> large = full ? List.of("1024", "4096") : List.of("1024");
        runs.add(new Run("vae and f-gan steps, large batches", List.of(VAE_STEP, FGAN_STEP), Map.of("batch", large),
                wi, ws, mi, ms, forks));
        if (full) {
            runs.add(new Run("maf, nsf and glow steps, large batches", List.of(STEP),
                    Map.of("model", List.of("maf", "nsf", "glow"), "batch", large), wi, ws, mi, ms, forks));
        }
        runs.add(new Run("each step's recorded BLAS calls made alone", List.of(BLAS_REPLAY),
                Map.of("model", full ? BlasReplayBenchmark.MODELS : List.of("realnvp", "vae", "fgan"), "batch", large),
                wi, ws, mi, ms, forks));
        runs.add(new Run("realnvp step, hidden-width sweep", List.of(STEP),
                Map.of("hidden", full ? List.of("32", "128", "256", "512") : List.of("512")), wi, ws, mi, ms, forks));
        runs.add(new Run("realnvp step, dimension sweep", List.of(STEP),
                Map.of("dim", full ? List.of("8", "32", "64", "256", "784") : List.of("784")), wi, ws, mi, ms, forks));
        runs.add(new Run("flow log-density and sampling, 10,000 points", List.of(LOGPROB, SAMPLE),
                Map.of("model", flows), wi, ws, mi, ms, forks));
        if (full) {
            runs.add(new Run("realnvp log-density and sampling, dimension sweep", List.of(LOGPROB, SAMPLE),
                    Map.of("dim", List.of("64", "784")), wi, ws, mi, ms, forks));
        }
        // image scale (784-D) at the sizes of experiments/reference/pytorch_images.py: steps of 20-200 ms
        runs.add(new Run("training steps at image scale, 784 dimensions", List.of(IMAGE_STEP),
                Map.of("work", ImageStepBenchmark.WORKS), wi, ws, mi, ms, forks));
        runs.add(new Run("vae IWAE bound at image scale, k = 1000, 100 points", List.of(IMAGE_IWAE), Map.of(),
                1, 2, full ? 5 : 2, 2, 1));
        // one IWAE bound is ~a second: an iteration is one call
        runs.add(new Run("vae IWAE bound, k = 1000, 359 digits", List.of(VAE_IWAE), Map.of(), 1, 1, full ? 5 : 2, 1, 1));
        // a metric call takes seconds (an iteration is one call): quick mode measures one call after one warm-up call
        runs.add(new Run("sample metrics, n = 10,000", List.of(MMD, KNN, PRDC),
                Map.of("dim", full ? List.of("2", "64") : List.of("2")), 1, 1, full ? 5 : 1, 1, 1));
        return runs;
    }

    /**
     * Keeps the benchmarks whose fully qualified method name matches {@code include} (found
     * anywhere in it, as JMH's own include does); drops the runs left empty.
     */
    static List<Run> filter(List<Run> runs, String include) {
        if (include == null) {
            return runs;
        }
        Pattern p;
        try {
            p = Pattern.compile(include);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new InputException("--include " + include + " is not a valid regular expression: " + e.getDescription());
        }
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            List<String> kept = r.benchmarks().stream().filter(b -> p.matcher(b).find()).toList();
            if (!kept.isEmpty()) {
                out.add(r.withBenchmarks(kept));
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--include " + include + " matches no benchmark; the benchmarks are: "
                    + String.join(", ", ALL));
        }
        return out;
    }
}
