package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plans: the required rows are in both modes, no row twice, quick stays quick, --include filters. */
class BenchPlanTest {

    /** The row names a plan will produce (each parameter not overridden keeps the reference value). */
    static Set<String> rows(List<BenchPlan.Run> plan) {
        Set<String> names = new HashSet<>();
        for (BenchPlan.Run r : plan) {
            for (String b : r.benchmarks()) {
                List<Map<String, String>> combos = List.of(Map.of());
                for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
                    List<Map<String, String>> next = new java.util.ArrayList<>();
                    for (Map<String, String> c : combos) {
                        for (String v : p.getValue()) {
                            Map<String, String> m = new java.util.HashMap<>(c);
                            m.put(p.getKey(), v);
                            next.add(m);
                        }
                    }
                    combos = next;
                }
                for (Map<String, String> c : combos) {
                    Map<String, String> full = new java.util.HashMap<>(Map.of("model", "realnvp", "batch", "256",
                            "hidden", "64", "dim", "2", "permutations", "0"));
                    full.putAll(c);
                    if (!b.endsWith(".step") && !b.endsWith(".replay")) {
                        full.remove("batch");
                    }
                    if (b.contains("Dl4jVae") || b.contains("SameDiff")) {
                        String dtype = full.getOrDefault("dtype", "float");
                        full.clear();
                        full.put("dtype", dtype);
                    } else if (b.contains("Vae")) {
                        String batch = full.get("batch");
                        full.clear();
                        if (b.endsWith(".step")) {
                            full.put("batch", batch.equals("256") ? "128" : batch);
                        }
                    }
                    if (b.contains("BlasReplay")) {
                        full.keySet().retainAll(Set.of("model", "batch"));
                    }
                    if (b.contains("FGan")) {
                        full.remove("model");
                        full.remove("dim");
                        full.putIfAbsent("hidden", "128");
                        if (full.get("hidden").equals("64")) {
                            full.put("hidden", "128");
                        }
                    }
                    if (b.contains("GemmOnly")) {
                        full.putIfAbsent("engine", "blas");
                    }
                    if (b.contains("Metrics")) {
                        full.remove("model");
                        full.remove("hidden");
                    }
                    if (!b.endsWith(".mmd10k")) {
                        full.remove("permutations");
                    }
                    assertTrue(names.add(BenchSummary.rowName(b, full)), "row twice: " + BenchSummary.rowName(b, full));
                }
            }
        }
        return names;
    }

    @Test
    void bothModesMeasureTheReferenceRowsAndTheSweeps() {
        for (BenchPlan.Mode mode : BenchPlan.Mode.values()) {
            Set<String> rows = rows(BenchPlan.plan(mode));
            for (String r : List.of("realnvp_step", "maf_step", "nsf_step", "glow_step", "flow_logprob_10k",
                    "flow_sample_10k", "mmd_10k", "knn_two_sample_10k", "prdc_10k", "realnvp_step/batch=64",
                    "realnvp_step/batch=4096", "realnvp_step/hidden=512", "realnvp_step/dim=784", "vae_step", "fgan_step",
                    "vae_iwae_k1000", "realnvp_step/batch=1024", "realnvp_step_gemm_only/batch=1024",
                    "realnvp_step_gemm_only/batch=4096",
                    "realnvp_step_elementwise_floor/batch=1024", "realnvp_step_elementwise_floor/batch=4096",
                    "vae_step/batch=1024", "fgan_step/batch=1024", "realnvp_step_blas_replay/batch=1024",
                    "vae_step_blas_replay/batch=1024", "fgan_step_blas_replay/batch=1024", "dl4j_vae_step", "samediff_realnvp_step")) {
                assertTrue(rows.contains(r), mode + " lacks " + r + ": " + rows);
            }
        }
        Set<String> full = rows(BenchPlan.plan(BenchPlan.Mode.FULL));
        assertTrue(full.contains("realnvp_step/hidden=32"));
        assertTrue(full.contains("dl4j_vae_step/dtype=double") && full.contains("samediff_realnvp_step/dtype=double"));
        assertTrue(full.contains("realnvp_step_gemm_only/batch=4096/engine=blas-per-layer"));
        // in full mode every family's step at 1024 and 4096 has its replay, so summary.md has every ratio
        for (String model : BlasReplayBenchmark.MODELS) {
            for (String batch : List.of("1024", "4096")) {
                String replay = model + "_step_blas_replay/batch=" + batch;
                assertTrue(full.contains(replay), "full lacks " + replay);
                String step = BenchSummary.replayedStep(new BenchSummary.Row(replay, 1, 0, 1, 1, "",
                        Map.of("model", model, "batch", batch)));
                assertTrue(full.contains(step), "full lacks " + step + ", the step of " + replay);
            }
        }
    }

    @Test
    void quickModeIsAFewMinutes() {
        double s = BenchPlan.plan(BenchPlan.Mode.QUICK).stream().mapToDouble(BenchPlan.Run::estimatedSeconds).sum();
        assertTrue(s < 300, "quick plan estimated at " + s + " s (a lower bound: 3 s to start each fork)");
        for (BenchPlan.Run r : BenchPlan.plan(BenchPlan.Mode.FULL)) {
            assertTrue(r.measurementIterations() >= 5 && r.warmupIterations() >= 1, r.toString());
        }
    }

    @Test
    void includeKeepsMatchingBenchmarksAndRejectsBadPatterns() {
        List<BenchPlan.Run> only = BenchPlan.filter(BenchPlan.plan(BenchPlan.Mode.QUICK), "logProb10k$");
        assertEquals(1, only.size());
        assertEquals(List.of(BenchPlan.LOGPROB), only.get(0).benchmarks());
        assertEquals(4, BenchPlan.filter(BenchPlan.plan(BenchPlan.Mode.QUICK), "FlowStep").size());
        InputException none = assertThrows(InputException.class, () -> BenchPlan.filter(BenchPlan.plan(BenchPlan.Mode.QUICK), "NoSuchBenchmark"));
        assertTrue(none.getMessage().contains("FlowStepBenchmark.step"), none.getMessage());
        assertThrows(InputException.class, () -> BenchPlan.filter(BenchPlan.plan(BenchPlan.Mode.QUICK), "(("));
    }
}
