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
