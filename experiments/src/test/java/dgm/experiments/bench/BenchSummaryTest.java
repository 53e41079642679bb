package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Summary rows from a small canned JMH JSON file: names, units, CPU counters, the PyTorch table. */
class BenchSummaryTest {

    static List<BenchSummary.Row> canned() throws Exception {
        try (InputStream in = BenchSummaryTest.class.getResourceAsStream("canned-jmh.json")) {
            return BenchSummary.parse(new ObjectMapper().readTree(in));
        }
    }

    @Test
    void rowsAreNamedByReferenceConfigurationAndTimesAreInMilliseconds() throws Exception {
        List<BenchSummary.Row> rows = canned();
        assertEquals(List.of("realnvp_step", "realnvp_step/batch=4096", "nsf_step", "flow_logprob_10k",
                "flow_logprob_10k/dim=784/model=maf", "Other.thing/n=3"), rows.stream().map(BenchSummary.Row::benchmark).toList());
        assertEquals(7.4, rows.get(0).msPerOp(), 1e-12);
        assertEquals(0.5, rows.get(0).msError(), 1e-12);
        assertEquals(52.0, rows.get(1).msPerOp(), 1e-9);           // us/op
        assertTrue(Double.isNaN(rows.get(1).msError()));            // JMH writes "NaN"
        assertEquals(20.0, rows.get(2).msPerOp(), 1e-9);            // s/op
        // CPU per op from the aux counters: 1.48e9 ns over 400 calls
        assertEquals(3.7, rows.get(0).cpuMsPerOp(), 1e-9);
        assertEquals(4.0, rows.get(0).processCpuMsPerOp(), 1e-9);
        assertTrue(Double.isNaN(rows.get(3).cpuMsPerOp()));
    }

    @Test
    void csvHasTheAgreedHeaderAndOnlyMeasuredRows() throws Exception {
        String csv = BenchSummary.csv(canned());
        String[] lines = csv.split("\n");
        assertEquals("benchmark,ms_per_op", lines[0]);
        assertEquals("realnvp_step,7.40000", lines[1]);
        assertEquals("flow_logprob_10k,20.8000", lines[4]);
        assertEquals(7, lines.length);
        assertFalse(csv.contains("vae_step"), "absent benchmarks must not be filled in");
        assertFalse(csv.contains("fgan_step"));
    }

    @Test
    void markdownComparesWithPyTorchAndSaysWhatWasNotMeasured() throws Exception {
        String md = BenchSummary.markdown(canned(), "context line");
        assertTrue(md.startsWith("context line"), md);
        assertTrue(md.contains("| realnvp_step | 7.40 | 0.500 | 3.70 | 4.00 | 3.70 | 2.00 | 1.00 |"), md);
        assertTrue(md.contains("| flow_logprob_10k | 20.8 | 1.00 | – | – | 10.4 | 2.00 | – |"), md);
        assertTrue(md.contains("| vae_step | not measured |"), md);
        assertTrue(md.contains("| fgan_step | not measured |"), md);
        assertTrue(md.contains("| realnvp_step/batch=4096 | 52.0 | – |"), md);
        // against PyTorch times measured in the session (--pytorch): only those rows get a ratio
        String measured = BenchSummary.markdown(canned(), "ctx", Map.of("realnvp_step/batch=4096", 26.0));
        assertTrue(measured.contains("| realnvp_step/batch=4096 | 52.0 | – |") && measured.contains("| 26.0 | 2.00 |"), measured);
        assertTrue(!measured.contains("vae_step | not measured"), measured);
    }

    @Test
    void rowNamesKeepOnlyParametersAwayFromTheReference() {
        assertEquals("glow_step", BenchSummary.rowName("dgm.experiments.bench.FlowStepBenchmark.step",
                Map.of("model", "glow", "batch", "256", "hidden", "64", "dim", "2")));
        assertEquals("maf_step/dim=784/hidden=512", BenchSummary.rowName("dgm.experiments.bench.FlowStepBenchmark.step",
                Map.of("model", "maf", "batch", "256", "hidden", "512", "dim", "784")));
        assertEquals("mmd_10k/dim=64", BenchSummary.rowName("dgm.experiments.bench.MetricsBenchmark.mmd10k",
                Map.of("dim", "64", "permutations", "0")));
        assertEquals("knn_two_sample_10k", BenchSummary.rowName("dgm.experiments.bench.MetricsBenchmark.knnTwoSample10k",
                Map.of("dim", "2")));
    }

    @Test
    void newRowsAndTheOverheadTable() {
        assertEquals("vae_step", BenchSummary.rowName("dgm.experiments.bench.VaeBenchmark.step", Map.of()));
        assertEquals("vae_iwae_k1000", BenchSummary.rowName("dgm.experiments.bench.VaeBenchmark.iwaeK1000", Map.of()));
        assertEquals("fgan_step", BenchSummary.rowName("dgm.experiments.bench.FGanBenchmark.step",
                Map.of("batch", "256", "hidden", "128")));
        Map<String, String> g = Map.of("model", "realnvp", "batch", "1024", "hidden", "64", "dim", "2", "engine", "blas");
        assertEquals("realnvp_step_gemm_only/batch=1024", BenchSummary.rowName("dgm.experiments.bench.GemmOnlyBenchmark.step", g));
        List<BenchSummary.Row> rows = List.of(
                new BenchSummary.Row("realnvp_step/batch=1024", 12.0, 0, 11.0, 11.0, "x", Map.of()),
                new BenchSummary.Row("realnvp_step_gemm_only/batch=1024", 10.0, 0, 10.0, 10.0, "y", Map.of()),
                new BenchSummary.Row("realnvp_step_gemm_only/batch=1024/engine=blas-per-layer", 11.0, 0, 11.0, 11.0,
                        "y", Map.of()),
                new BenchSummary.Row("realnvp_step_elementwise_floor/batch=1024", 2.5, 0, 2.5, 2.5, "z", Map.of()),
                new BenchSummary.Row("realnvp_step_gemm_only/batch=4096", 40.0, 0, 40.0, 40.0, "y", Map.of()),
                new BenchSummary.Row("realnvp_step/batch=2048", 30.0, 0, 30.0, 30.0, "x", Map.of()),
                new BenchSummary.Row("realnvp_step_gemm_only/batch=2048", 20.0, 0, 20.0, 20.0, "y", Map.of()));
        assertEquals("realnvp_step_gemm_only/batch=1024/engine=blas-per-layer", BenchSummary.rowName(
                "dgm.experiments.bench.GemmOnlyBenchmark.step", new java.util.HashMap<>(Map.of("model", "realnvp",
                        "batch", "1024", "hidden", "64", "dim", "2", "engine", "blas-per-layer"))));
        String md = BenchSummary.overhead(rows);
        assertTrue(md.contains("| realnvp_step/batch=1024 | 12.0 / 11.0 | 10.0 / 10.0 | 1.20 | 1.10 | 11.0 | 1.09 | 2.50 "
                + "| 1.25 |"), md);
        assertTrue(md.contains("| realnvp_step/batch=2048 | 30.0 / 30.0 | 20.0 / 20.0 | 1.50 | 1.50 | not measured | – "
                + "| not measured | – |"), md);
        assertEquals("realnvp_step_elementwise_floor/batch=1024", BenchSummary.rowName(
                "dgm.experiments.bench.ElementwiseFloorBenchmark.step", Map.of("model", "realnvp", "batch", "1024",
                        "hidden", "64", "dim", "2")));
        assertFalse(md.contains("batch=4096"), "no step row, no ratio: " + md);
        assertEquals("", BenchSummary.overhead(rows.subList(0, 1)));
    }

    @Test
    void replayRowsAndTheirRatioToTheStepTheyWereRecordedFrom() {
        String jmh = "dgm.experiments.bench.BlasReplayBenchmark.replay";
        assertEquals("vae_step_blas_replay/batch=1024", BenchSummary.rowName(jmh, Map.of("model", "vae", "batch", "1024")));
        assertEquals("maf_step_blas_replay/batch=256", BenchSummary.rowName(jmh, Map.of("model", "maf", "batch", "256")));
        assertEquals("vae_step/batch=1024", BenchSummary.rowName("dgm.experiments.bench.VaeBenchmark.step",
                Map.of("batch", "1024")));
        List<BenchSummary.Row> rows = List.of(
                new BenchSummary.Row("vae_step/batch=1024", 20.0, 0, 19.0, 19.0, "x", Map.of("batch", "1024")),
                new BenchSummary.Row("vae_step_blas_replay/batch=1024", 16.0, 0, 16.0, 16.0, jmh,
                        Map.of("model", "vae", "batch", "1024")),
                // the reference batch: the step's row has no suffix
                new BenchSummary.Row("fgan_step", 2.0, 0, 2.0, 2.0, "x", Map.of("batch", "256", "hidden", "128")),
                new BenchSummary.Row("fgan_step_blas_replay/batch=256", 1.0, 0, 1.0, 1.0, jmh,
                        Map.of("model", "fgan", "batch", "256")),
                new BenchSummary.Row("maf_step_blas_replay/batch=1024", 1.0, 0, 1.0, 1.0, jmh,
                        Map.of("model", "maf", "batch", "1024")));
        String md = BenchSummary.replayOverhead(rows);
        assertTrue(md.contains("| vae_step/batch=1024 | 20.0 / 19.0 | 16.0 / 16.0 | 1.25 | 1.19 | 80% |"), md);
        assertTrue(md.contains("| fgan_step | 2.00 / 2.00 | 1.00 / 1.00 | 2.00 | 2.00 | 50% |"), md);
        assertFalse(md.contains("maf"), "no maf step measured, no ratio: " + md);
        assertEquals("", BenchSummary.replayOverhead(rows.subList(0, 1)));
        assertTrue(BenchSummary.markdown(rows, "ctx").contains(md));
    }

    @Test
    void rejectsUnitsThatAreNotTimePerOp() {
        assertThrows(IllegalArgumentException.class, () -> BenchSummary.msPer("ops/ms"));
    }

    @Test
    void deeplearning4jsVaeStandsBesideTheWorkbenchs() {
        assertEquals("dl4j_vae_step", BenchSummary.rowName("dgm.experiments.bench.Dl4jVaeBenchmark.step", Map.of("dtype", "float")));
        assertEquals("dl4j_vae_step/dtype=double", BenchSummary.rowName("dgm.experiments.bench.Dl4jVaeBenchmark.step",
                Map.of("dtype", "double")));
        List<BenchSummary.Row> rows = List.of(
                new BenchSummary.Row("vae_step", 3.0, 0.1, 3.0, 3.0, "dgm.experiments.bench.VaeBenchmark.step", Map.of("batch", "128")),
                new BenchSummary.Row("dl4j_vae_step", 6.0, 0.2, 6.0, 6.0, "dgm.experiments.bench.Dl4jVaeBenchmark.step",
                        Map.of("dtype", "float")));
        String md = BenchSummary.jvmAlternatives(rows);
        assertTrue(md.contains("| dl4j_vae_step | DL4J float32 | 6.00 | vae_step | 3.00 | 0.50 |"), md);
        assertEquals("", BenchSummary.jvmAlternatives(rows.subList(0, 1)), "nothing to compare without DL4J's row");
    }
}
