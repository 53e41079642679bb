package dgm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine (a master and a worker in their own JVMs, the
 * executor in a third, started by the worker), the driver in the test: the grid's results through
 * the driver, and an executor JVM killed with SIGKILL in the middle of training. Spark retries the
 * lost tasks on a new executor; the sweep completes with the local pool's results.
 */
@Tag("slow")
class SparkStandaloneTest {
    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static final String[] GRID = {"--preset", "smoke", "--set", "datasets=[moons]", "--set", "models=[realnvp,vae]",
        "--set", "seeds=[0,1]", "--set", "budget.steps=1000"};

    @Test
    @SuppressWarnings("unchecked")
    void anExecutorKilledMidTrainingIsReplacedAndTheResultsEqualTheLocalPool() throws Exception {
        Path local = dir.resolve("local");
        SparkGridTest.Run l = SparkGridTest.workbench(args("compare", "--out", local.toString()));
        assertEquals(0, l.code(), l.err());

        String master = startCluster();
        Path spark = dir.resolve("spark");
        System.setProperty("spark.executor.memory", "2g");
        CompletableFuture<SparkGridTest.Run> run;
        try {
            run = CompletableFuture.supplyAsync(() -> SparkGridTest.workbench(args("compare", "--spark", master, "--out", spark.toString())));
            // wait until two runs are training on the executor, then kill its JVM
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            Path log = spark.resolve("compare.log");
            while (System.nanoTime() < deadline && !(Files.isRegularFile(log) && Files.readString(log).contains("start run 2/4"))) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            List<ProcessHandle> executors = daemons.stream().flatMap(Process::descendants)
                    .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
            assertEquals(1, executors.size(), "one executor JVM under the worker");
            executors.get(0).destroyForcibly();
            SparkGridTest.Run r = run.get(5, TimeUnit.MINUTES);
            assertEquals(0, r.code(), r.err());
        } finally {
            System.clearProperty("spark.executor.memory");
        }
        SparkGridTest.Run diff = SparkGridTest.workbench("diff", local.resolve("results.csv").toString(), spark.resolve("results.csv").toString());
        assertEquals(0, diff.code(), diff.out());
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> compare = json.readValue(spark.resolve("compare.json").toFile(), Map.class);
        assertTrue(((Number) compare.get("retried_attempts")).intValue() >= 1, "the killed executor's tasks were retried");
        assertTrue(((String) ((Map<String, Object>) compare.get("executor")).get("output")).startsWith("driver"));
        Map<String, Object> on = (Map<String, Object>) json.readValue(spark.resolve("runs/moons/realnvp/seed-0/run.json").toFile(),
                Map.class).get("executed_on");
        assertNotEquals("driver", on.get("executor"), "ran on an executor JVM, not in the driver");
        assertTrue(Files.readString(spark.resolve("compare.log")).contains("ExecutorLostFailure"));
    }

    private static String[] args(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(GRID));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A master and a worker (two cores) with this JVM's class path as Spark's jars; returns the master URL. */
    private String startCluster() throws Exception {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark for the workbench's tests\n");  // marks jars/ as the class path
        int k = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.createSymbolicLink(jars.resolve((k++) + "-" + p.getFileName()), p.toAbsolutePath());
            } else if (Files.isDirectory(p)) {
                jar(p, jars.resolve((k++) + "-classes.jar"));
            }
        }
        int port = freePort();
        int ui = freePort();
        String masterUrl = "spark://127.0.0.1:" + port;
        daemons.add(start(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)));
        daemons.add(start(home, "worker", "org.apache.spark.deploy.worker.Worker", "--cores", "2", "--memory", "4g",
                "--webui-port", Integer.toString(freePort()), "--work-dir", home.resolve("work").toString(), masterUrl));
        // the master's status page says when the worker has registered
        var http = java.net.http.HttpClient.newHttpClient();
        var status = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + ui + "/json/")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int alive = 0;
        while (System.nanoTime() < deadline && alive < 1) {
            Thread.sleep(500);
            try {
                Map<?, ?> m = new ObjectMapper().readValue(http.send(status, java.net.http.HttpResponse.BodyHandlers.ofString()).body(), Map.class);
                alive = m.get("aliveworkers") instanceof Number n ? n.intValue() : 0;
            } catch (IOException e) {
                // the master is not listening yet
            }
        }
        assertEquals(1, alive, "the worker registers with the master; logs in " + home);
        return masterUrl;
    }

    private Process start(Path home, String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(Files.readString(Path.of("target", "jvm.options")).trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + File.separator + "*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");   // the worker's launcher asks for it outside a Spark distribution
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A class-path folder as a jar, for the executors. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream z = new JarOutputStream(o); Stream<Path> w = Files.walk(classes)) {
            for (Path f : w.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }
}
