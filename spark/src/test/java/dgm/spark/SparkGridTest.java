package dgm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dgm.experiments.Workbench;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison grid on Spark ({@code local[N]} started inside the build) against the local pool:
 * the same results, the same folder, each run recorded once, retried tasks, resume, and refusals.
 */
class SparkGridTest {
    @TempDir
    Path dir;

    /** The smoke grid on the local pool with two jobs: the reference of the smoke tests. */
    @TempDir
    static Path shared;

    static Path local;

    @BeforeAll
    static void localPool() {
        local = shared.resolve("local");
        Run a = workbench("compare", "--preset", "smoke", "--jobs", "2", "--out", local.toString());
        assertEquals(0, a.code(), a.err());
    }

    record Run(int code, String out, String err) {
    }

    static Run workbench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Workbench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The smoke grid with a flow, the VAE and an f-GAN on two toys, two seeds, a few hundred steps each. */
    static final String[] TOY_GRID = {"--preset", "smoke", "--set", "datasets=[moons,8gaussians]",
        "--set", "models=[gaussian,realnvp,vae,fgan-js]", "--set", "seeds=[0,1]", "--set", "budget.steps=200",
        "--set", "data_params.8gaussians.n_train=500", "--set", "data_params.8gaussians.n_val=200",
        "--set", "data_params.8gaussians.n_test=500"};

    private static String[] with(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(more[0]));
        a.addAll(List.of(base));
        a.addAll(List.of(more).subList(1, more.length));
        return a.toArray(String[]::new);
    }

    private void assertIdentical(Path a, Path b) {
        Run diff = workbench("diff", a.resolve("results.csv").toString(), b.resolve("results.csv").toString());
        assertEquals(0, diff.code(), diff.out() + diff.err());
        assertTrue(diff.out().startsWith("identical"), diff.out());
    }

    /** Every file's path below the folder. */
    private static Set<String> layout(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return new TreeSet<>(s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path f) throws Exception {
        return new ObjectMapper().readValue(f.toFile(), Map.class);
    }

    private static List<Path> runRecords(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().equals("run.json")).sorted().toList();
        }
    }

    @Test
    void smokeGridOnLocalSparkEqualsTheLocalPool() throws Exception {
        Path spark = dir.resolve("spark");
        Run b = workbench("compare", "--preset", "smoke", "--spark", "local[2]", "--out", spark.toString());
        assertEquals(0, b.code(), b.err());
        assertIdentical(spark, local);
        assertEquals(layout(local), layout(spark), "the same files: records, report, figures");
        String timings = "(?m)^.*(train_seconds|samples_per_second).*$";
        assertEquals(Files.readString(local.resolve("summary.csv")).replaceAll(timings, ""),
                Files.readString(spark.resolve("summary.csv")).replaceAll(timings, ""));
        Map<String, Object> compare = json(spark.resolve("compare.json"));
        Map<String, Object> executor = (Map<String, Object>) compare.get("executor");
        assertEquals("spark", executor.get("kind"));
        assertEquals("local[2]", executor.get("master"));
        List<Path> records = runRecords(spark);
        assertEquals(8, records.size());
        for (Path r : records) {
            Map<String, Object> on = (Map<String, Object>) json(r).get("executed_on");
            assertEquals("driver", on.get("executor"), r + ": local mode's executor is the driver");
            assertEquals("0", on.get("attempt"));
            assertFalse(((String) on.get("host")).isBlank());
        }
        assertTrue(Files.readString(spark.resolve("report.md")).contains("- Runs executed as an Apache Spark job (Spark 4.0.1, master "
                + "`local[2]`, 2 task slots; outputs: shared"), "the report says what executed the grid");
        assertTrue(Files.readString(local.resolve("report.md")).contains("- Runs executed 2 at a time on this machine"));
        Map<String, Object> onLocal = (Map<String, Object>) json(runRecords(local).get(0)).get("executed_on");
        assertEquals("local", onLocal.get("executor"));
    }

    /** About a minute on two cores: in the slow profile. */
    @Test
    @Tag("slow")
    void flowVaeAndFganGridShippedThroughTheDriverEqualsTheLocalPool() throws Exception {
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        Run a = workbench(with(TOY_GRID, "compare", "--jobs", "2", "--out", local.toString()));
        assertEquals(0, a.code(), a.err());
        Run b = workbench(with(TOY_GRID, "compare", "--spark", "local[2]", "--spark-output", "driver", "--out", spark.toString()));
        assertEquals(0, b.code(), b.err());
        assertIdentical(spark, local);
        assertEquals(layout(local), layout(spark));
        assertEquals(16, runRecords(spark).size());
        try (Stream<Path> s = Files.walk(spark)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(FolderArchive.INCOMING)).count());
        }
        assertTrue(((String) ((Map<String, Object>) json(spark.resolve("compare.json")).get("executor")).get("output"))
                .startsWith("driver"));
    }

    @Test
    void aTaskThatFailsItsFirstAttemptIsRetriedAndRecordedOnce() throws Exception {
        Path spark = dir.resolve("spark");
        System.setProperty(SparkGrid.FAIL_FIRST_ATTEMPT, "1,6");
        Run r;
        try {
            // local[2,2]: two task slots, two attempts per task
            r = workbench("compare", "--preset", "smoke", "--spark", "local[2,2]", "--out", spark.toString());
        } finally {
            System.clearProperty(SparkGrid.FAIL_FIRST_ATTEMPT);
        }
        assertEquals(0, r.code(), r.err());
        assertIdentical(spark, local);
        assertEquals(layout(local), layout(spark), "no duplicate and no half-written file");
        assertEquals(2, ((Number) json(spark.resolve("compare.json")).get("retried_attempts")).intValue());
        assertTrue(Files.readString(spark.resolve("compare.log")).contains("injected failure"));
        List<Path> records = runRecords(spark);
        assertEquals(8, records.size());
        long retried = 0;
        for (Path p : records) {
            retried += "1".equals(((Map<String, Object>) json(p).get("executed_on")).get("attempt")) ? 1 : 0;
        }
        assertEquals(2, retried, "the two failed runs' records say they ran at the second attempt");
    }

    @Test
    void resumeOnSparkRedoesOnlyWhatIsMissing() throws Exception {
        Path spark = dir.resolve("spark");
        assertEquals(0, workbench("compare", "--preset", "smoke", "--spark", "local[2]", "--out", spark.toString()).code());
        assertIdentical(spark, local);
        // as a driver killed mid-grid leaves it: two runs without their final record, one half-written file
        Path lost = spark.resolve("runs/digits/gmm-diag/seed-1");
        Files.delete(lost.resolve("run.json"));
        Files.delete(spark.resolve("runs/moons/gaussian/seed-0/run.json"));
        Files.writeString(lost.resolve(".model.bin.part"), "half");
        Path kept = spark.resolve("runs/moons/gmm-diag/seed-0/run.json");
        FileTime before = Files.getLastModifiedTime(kept);
        Run r = workbench("resume", spark.toString(), "--spark", "local[2]");
        assertEquals(0, r.code(), r.err());
        String log = Files.readString(spark.resolve("compare.log"));
        assertTrue(log.contains("6 complete run(s) kept, 2 to run"), log);
        assertEquals(before, Files.getLastModifiedTime(kept), "a finished run is not run again");
        assertTrue(Files.isRegularFile(lost.resolve("run.json")));
        assertFalse(Files.exists(lost.resolve(".model.bin.part")));
        assertIdentical(spark, local);
    }

    @Test
    void refusesABadMasterAnOutputModeAndUnreachableData() throws Exception {
        Path out = dir.resolve("never");
        Run bad = workbench("compare", "--preset", "smoke", "--spark", "lokal[2]", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not a Spark master URL") && bad.err().contains("spark://HOST:PORT"), bad.err());
        Run mode = workbench("compare", "--preset", "smoke", "--spark", "local[2]", "--spark-output", "nfs", "--out", out.toString());
        assertEquals(2, mode.code());
        assertTrue(mode.err().contains("shared, driver, auto"), mode.err());
        Run noSpark = workbench("compare", "--preset", "smoke", "--spark-output", "driver", "--out", out.toString());
        assertEquals(2, noSpark.code());
        Path missing = dir.resolve("nowhere.csv");
        Run data = workbench("compare", "--preset", "smoke", "--set", "datasets=[csv]", "--set", "data_params.csv.path=" + missing,
                "--spark", "local[2]", "--out", out.toString());
        assertEquals(2, data.code(), data.err());
        assertTrue(data.err().contains("not reachable") && data.err().contains(missing.toString())
                && data.err().contains("driver"), data.err());
        assertFalse(Files.exists(out), "nothing is written before the grid is known to run");
    }

    /** Bad data found when a run loads it (NaN in a CSV): recorded as failed, the sweep goes on, exit 2, as on the local pool. */
    @Test
    @SuppressWarnings("unchecked")
    void aRunWithBadDataIsRecordedAsFailedAndTheSweepGoesOn() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x0,x1\n0.1,0.2\nNaN,0.3\n");
        String[] grid = {"--preset", "smoke", "--set", "datasets=[moons,csv]", "--set", "models=[gaussian]", "--set", "seeds=[0]",
            "--set", "data_params.csv.path=" + csv};
        Path here = dir.resolve("here");
        Path spark = dir.resolve("spark");
        Run a = workbench(with(grid, "compare", "--jobs", "2", "--out", here.toString()));
        Run b = workbench(with(grid, "compare", "--spark", "local[2,2]", "--out", spark.toString()));
        assertEquals(2, a.code(), a.err());
        assertEquals(2, b.code(), b.err());
        assertTrue(b.out().contains("1 run(s) could not read their data") && b.out().contains("NaN"), b.out());
        assertIdentical(spark, here);
        Map<String, Object> rec = json(spark.resolve("runs/csv/gaussian/seed-0/run.json"));
        assertEquals("failed", rec.get("status"));
        assertEquals("0", ((Map<String, Object>) rec.get("executed_on")).get("attempt"), "bad data is not retried: it is a result");
        assertTrue(Files.isRegularFile(spark.resolve("runs/moons/gaussian/seed-0/run.json")));
    }
}
