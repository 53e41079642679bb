package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a comparison, then resume: the result equals an uninterrupted run. */
class ResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedComparisonResumesToTheSameResults() throws Exception {
        Path reference = dir.resolve("reference");
        assertEquals(0, CliTest.run("compare", "--preset", "smoke", "--out", reference.toString()).code());

        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "dgm.experiments.Workbench", "compare", "--preset", "smoke", "--out", killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        // Wait until at least two runs are complete, then kill -9 (SIGKILL: no shutdown hooks, no cleanup).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (completeRuns(killed) < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        long done = completeRuns(killed);
        assertTrue(done >= 2, "the child should have completed some runs before the kill; log: " + Files.readString(dir.resolve("child.log")));
        assertTrue(done < 8, "the kill must interrupt the comparison (it had " + done + " of 8 runs)");
        CliTest.Run r = CliTest.run("resume", killed.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), DiffCommand.diff(DiffCommand.read(reference), DiffCommand.read(killed), 0, false));
        assertEquals(8, completeRuns(killed));
        try (Stream<Path> s = Files.walk(killed)) {
            assertEquals(0, s.filter(x -> x.getFileName().toString().endsWith(".part")).count(), "no half-written files remain");
        }
        // reproduce a single run from its record
        Path one = killed.resolve("runs/moons/gmm-diag/seed-1");
        CliTest.Run rep = CliTest.run("reproduce", one.toString(), "--out", dir.resolve("rep").toString());
        assertEquals(0, rep.code(), rep.out() + rep.err());
        assertTrue(rep.out().contains("reproduced"));
        // and diff notices a changed number
        Path edited = dir.resolve("edited.csv");
        Files.writeString(edited, Files.readString(one.resolve("results.csv")).replaceFirst("test_nll,([0-9.]+)", "test_nll,999"));
        CliTest.Run diff = CliTest.run("diff", one.resolve("results.csv").toString(), edited.toString());
        assertEquals(1, diff.code());
        assertTrue(diff.out().contains("test_nll"), diff.out());
    }

    /**
     * A train run killed with kill -9 while it trains, after it has written a checkpoint, then
     * {@code resume DIR}: it continues from that checkpoint (not from step 0) and ends with the same
     * results.csv and model parameters, bit for bit, as the run that was never interrupted.
     */
    @Test
    void killedTrainRunResumesFromItsCheckpointToTheSameBits() throws Exception {
        String[] train = {"train", "--model", "realnvp", "--dataset", "moons", "--seed", "3", "--set", "layers=2",
            "--set", "hidden=16", "--set", "max_steps=3000", "--set", "batch=64", "--set", "eval.samples=500",
            "--set", "data.n_train=2000", "--set", "data.n_test=500", "--checkpoint-every", "0.2"};
        Path reference = dir.resolve("train-reference");
        assertEquals(0, CliTest.run(concat(train, "--out", reference.toString())).code());

        Path killed = dir.resolve("train-killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "dgm.experiments.Workbench"));
        cmd.addAll(List.of(concat(train, "--out", killed.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("train-child.log").toFile()).start();
        Path checkpoint = killed.resolve("checkpoint.bin");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("train-child.log"));
        assertTrue(Files.isRegularFile(checkpoint), "the child wrote no checkpoint before the kill; log: " + log);
        assertTrue(!Files.exists(killed.resolve("run.json")), "the kill must come before the run finished; log: " + log);

        CliTest.Run r = CliTest.run("resume", killed.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), DiffCommand.diff(DiffCommand.read(reference), DiffCommand.read(killed), 0, false));
        java.util.Map<?, ?> record = dgm.core.run.Json.MAPPER.readValue(killed.resolve("run.json").toFile(), java.util.Map.class);
        long from = ((Number) ((java.util.Map<?, ?>) record.get("checkpoint")).get("resumed_from_step")).longValue();
        assertTrue(from > 0 && from < 3000, "resumed from step " + from);
        dgm.core.model.ModelState a = dgm.core.model.ModelIO.read(reference.resolve("model.bin"));
        dgm.core.model.ModelState b = dgm.core.model.ModelIO.read(killed.resolve("model.bin"));
        for (String k : a.arrays().keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.arrays().get(k), b.arrays().get(k), 0.0, k);
        }
        CliTest.Run again = CliTest.run("resume", killed.toString());
        assertEquals(0, again.code());
        assertTrue(again.out().contains("nothing to resume"), again.out());
        CliTest.Run neither = CliTest.run("resume", dir.toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("neither a comparison folder") && neither.err().contains("run-spec.json"), neither.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long completeRuns(Path dir) throws Exception {
        if (!Files.isDirectory(dir.resolve("runs"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir.resolve("runs"))) {
            return s.filter(x -> x.getFileName().toString().equals("run.json")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // the child renamed a temporary file away while we walked: look again
        }
    }
}
