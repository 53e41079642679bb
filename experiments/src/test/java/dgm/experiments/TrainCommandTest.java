package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.model.DensityModel;
import dgm.core.model.Arrays2;
import dgm.core.rng.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    static final String[] SMALL = {"--set", "data.n_train=400", "--set", "data.n_val=100", "--set", "data.n_test=300",
        "--set", "eval.entropy_samples=2000", "--set", "eval.samples=300", "--set", "eval.metric_points=200",
        "--set", "eval.permutations=10"};

    static String[] args(String... head) {
        String[] a = new String[head.length + SMALL.length];
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(SMALL, 0, a, head.length, SMALL.length);
        return a;
    }

    @Test
    void trainsWritesAndTheSavedModelReloads() throws Exception {
        Path out = dir.resolve("run");
        CliTest.Run r = CliTest.run(args("train", "--model", "gaussian", "--dataset", "moons", "--seed", "4", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("dataset,model,seed,metric,value,stderr,kind", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("moons,gaussian,4,test_nll,") && l.endsWith(",exact")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("moons,gaussian,4,nll_gap,")));
        assertTrue(r.out().contains("test_nll") && r.out().contains("nats/example"));
        var model = (DensityModel) ModelRegistry.load().restore(ModelIO.read(out.resolve("model.bin")));
        assertEquals(2, model.dimension());
        assertTrue(Double.isFinite(Arrays2.toVector(model.logProb(model.sample(5, new Rng(1))))[0]));
    }

    /** A wall-clock budget: the run trains for about that long, says why it stopped, and records the budget. */
    @Test
    void aWallClockBudgetStopsTrainingAndIsRecorded() throws Exception {
        Path out = dir.resolve("timed");
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run(args("train", "--model", "realnvp", "--dataset", "moons", "--out", out.toString(),
                "--set", "budget.seconds=1.5", "--set", "layers=2", "--set", "hidden=8", "--set", "batch=64"));
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.err());
        java.util.Map<?, ?> run = dgm.core.run.Json.MAPPER.readValue(out.resolve("run.json").toFile(), java.util.Map.class);
        java.util.Map<?, ?> budget = (java.util.Map<?, ?>) run.get("budget");
        assertEquals("wall_clock", budget.get("type"));
        assertEquals(1.5, ((Number) budget.get("seconds")).doubleValue());
        double trained = ((Number) budget.get("train_seconds")).doubleValue();
        // the check is after every step: the budget is spent, and not much more
        assertTrue(trained >= 1.5 && trained < 1.5 + 5, "trained " + trained + " s");
        assertTrue(wall > 1.5);
        assertTrue(String.valueOf(run.get("detail")).contains("time budget"), String.valueOf(run.get("detail")));
        java.util.Map<?, ?> training = (java.util.Map<?, ?>) run.get("training");
        assertEquals("constant", training.get("schedule"));
        assertEquals(0, ((Number) training.get("patience")).intValue());
        assertEquals(1.5, ((Number) training.get("wall_clock_limit_seconds")).doubleValue());
        assertTrue(String.valueOf(training.get("reproducible")).contains("speed"), "the record says the result depends on speed");
    }

    @Test
    void badInputGetsExitTwoAndWritesNothing() {
        Path out = dir.resolve("never");
        CliTest.Run m = CliTest.run("train", "--model", "gpt", "--dataset", "moons", "--out", out.toString());
        assertEquals(2, m.code());
        assertTrue(m.err().contains("unknown model id 'gpt'") && m.err().contains("gmm-full"), m.err());
        CliTest.Run p = CliTest.run("train", "--model", "gmm-full", "--dataset", "moons", "--out", out.toString(), "--set", "k=zero");
        assertEquals(2, p.code());
        assertTrue(p.err().contains("'k'"), p.err());
        CliTest.Run u = CliTest.run("train", "--model", "gmm-full", "--dataset", "moons", "--out", out.toString(), "--set", "colour=red");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("unknown parameter 'colour'") && u.err().contains("allowed:"), u.err());
        CliTest.Run r = CliTest.run("train", "--model", "kde", "--dataset", "moons", "--out", out.toString(), "--set", "standardise=false");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("parameter 'standardise' was renamed to 'standardize'"), r.err());
        CliTest.Run e = CliTest.run("train", "--model", "gaussian", "--dataset", "moons", "--out", out.toString(), "--set", "eval.samples=-1");
        assertEquals(2, e.code());
        CliTest.Run s = CliTest.run("train", "--model", "gaussian", "--dataset", "moons", "--out", out.toString(), "--set", "nokey");
        assertEquals(2, s.code());
        assertFalse(Files.exists(out));
    }

    @Test
    void csvDataWithNaNIsRefusedNamingTheLine() throws Exception {
        Path csv = dir.resolve("mine.csv");
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(',').append(i == 17 ? "NaN" : String.valueOf(i * 0.5)).append('\n');
        }
        Files.writeString(csv, sb.toString());
        CliTest.Run r = CliTest.run("train", "--model", "gaussian", "--dataset", "csv", "--set", "data.path=" + csv,
                "--out", dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 19") && r.err().contains("column 1"), r.err());
    }

    /** An IDX set from data.path: run.json names the folder the files came from and the split sizes. */
    @Test
    void runJsonRecordsTheIdxSourceFolderAndTheSplit() throws Exception {
        Path idx = Files.createDirectories(dir.resolve("idx"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), idx(0x803, 90, 8));
        Files.write(idx.resolve("t10k-images-idx3-ubyte"), idx(0x803, 60, 8));
        Path out = dir.resolve("mnist-run");
        CliTest.Run r = CliTest.run("train", "--model", "gaussian", "--dataset", "mnist", "--seed", "0", "--out", out.toString(),
                "--set", "data.path=" + idx, "--set", "data.n_val=10", "--set", "eval.samples=100", "--set", "eval.metric_points=50",
                "--set", "eval.permutations=5");
        assertEquals(0, r.code(), r.err());
        java.util.Map<?, ?> run = dgm.core.run.Json.MAPPER.readValue(out.resolve("run.json").toFile(), java.util.Map.class);
        java.util.Map<?, ?> data = (java.util.Map<?, ?>) run.get("data");
        String source = String.valueOf(data.get("source"));
        assertTrue(source.startsWith("IDX files in " + idx.toAbsolutePath() + " (data.path)")
                && source.contains("validation = the last 10 of the 90 training images"), source);
        assertEquals(80, ((Number) data.get("n_train")).intValue());
        assertEquals(10, ((Number) data.get("n_validation")).intValue());
        assertEquals(60, ((Number) data.get("n_test")).intValue());
    }

    /** An IDX file of unsigned bytes: n items of 2 x (d / 2) pixels (d even), pixel values varying. */
    private static byte[] idx(int magic, int n, int d) throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(b);
        o.writeInt(magic);
        o.writeInt(n);
        o.writeInt(2);
        o.writeInt(d / 2);
        for (int i = 0; i < n * d; i++) {
            o.writeByte((i * 37 + i / d * 11) % 256);
        }
        return b.toByteArray();
    }
}
