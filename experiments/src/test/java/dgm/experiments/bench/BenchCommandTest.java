package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a user meets it: bad arguments exit 2 with a message, and one tiny benchmark goes
 * through the whole path (JMH runner, forked JVM, JSON, summary files) in a few seconds.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badArgumentsExitTwoWithAMessage() throws Exception {
        Result both = run("--quick", "--full", "--out", dir.resolve("a").toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--quick and --full exclude each other"), both.err());

        Result regex = run("--include", "(", "--out", dir.resolve("b").toString());
        assertEquals(2, regex.code());
        assertTrue(regex.err().contains("not a valid regular expression"), regex.err());

        Result nothing = run("--include", "vae_step", "--out", dir.resolve("c").toString());
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("matches no benchmark"), nothing.err());

        Path file = Files.writeString(dir.resolve("file"), "x");
        Result isFile = run("--quick", "--out", file.toString());
        assertEquals(2, isFile.code());
        assertTrue(isFile.err().contains("is a file"), isFile.err());

        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        Result notEmpty = run("--quick", "--out", full.toString());
        assertEquals(2, notEmpty.code());
        assertTrue(notEmpty.err().contains("not empty"), notEmpty.err());

        assertEquals(2, run("--quick").code()); // --out is required
        assertEquals(2, run("--out", dir.toString(), "--frobnicate").code());
    }

    @Test
    void listPrintsThePlanWithoutRunning() {
        Result r = run("--quick", "--list", "--include", "step", "--out", dir.resolve("never").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("batch=[64, 1024, 4096]"), r.out());
        assertTrue(!Files.exists(dir.resolve("never")));
    }

    /** One forked trial of the smallest step: the same runner, JSON and summary code as the real runs. */
    @Test
    void oneTinyBenchmarkEndToEnd() throws Exception {
        BenchPlan.Run tiny = new BenchPlan.Run("tiny", List.of(BenchPlan.STEP), Map.of("batch", List.of("64")),
                0, 0.1, 1, 0.3, 1);
        // JMH refuses to start while another JMH run holds /tmp/jmh.lock (a real `bench` on this
        // machine); this trial measures nothing that matters, so it may run beside one.
        System.setProperty("jmh.ignoreLock", "true");
        Path out = dir.resolve("out");
        BenchCommand.prepare(out, false);
        StringWriter o = new StringWriter();
        int code = BenchCommand.execute(List.of(tiny), "test", out, new PrintWriter(o, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code, o.toString());
        List<BenchSummary.Row> rows = BenchSummary.read(out.resolve("jmh.json"));
        assertEquals(1, rows.size());
        BenchSummary.Row r = rows.get(0);
        assertEquals("realnvp_step/batch=64", r.benchmark());
        assertTrue(r.msPerOp() > 0 && r.msPerOp() < 1000, r.toString());
        assertTrue(r.cpuMsPerOp() > 0 && r.cpuMsPerOp() <= r.msPerOp() * 1.5, r.toString());
        assertTrue(r.processCpuMsPerOp() >= r.cpuMsPerOp() * 0.99, r.toString());
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("benchmark,ms_per_op", csv.get(0));
        assertTrue(csv.get(1).startsWith("realnvp_step/batch=64,"), csv.toString());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| realnvp_step | not measured |"), md);
        assertTrue(Files.readString(out.resolve("jmh.json")).contains("\"jmhVersion\""));
    }
}
