package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static Engine parse(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Engine.parse(m::get);
    }

    @Test
    void theDefaultIsWhatTheLauncherRuns() {
        Engine e = parse();
        assertEquals(Engine.Kind.BLAS, e.kind());
        assertEquals(32_768L, e.nativeMin());
        assertTrue(e.residentPath());
        // auto threads: the cores, shared among the runs going on at once
        assertTrue(e.autoThreads());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, e.threads());
        try {
            Engine.declareConcurrentRuns(2);
            assertEquals(Math.max(1, cores / 2), e.threads());
            Engine.declareConcurrentRuns(cores + 1);
            assertEquals(1, e.threads());
        } finally {
            Engine.declareConcurrentRuns(1);
        }
        assertEquals("defaults", e.describe().get("settings"));
        // the threshold: n·k·m ≥ 32768; products skip rank one, layers do not
        assertTrue(e.nativeLayer(512, 64, 1));
        assertFalse(e.nativeLayer(511, 64, 1));
        assertTrue(e.nativeProduct(512, 2, 32));
        assertFalse(e.nativeProduct(32_768, 1, 1));
        assertTrue(e.nativeLayer(32_768, 1, 1));
    }

    @Test
    void explicitSettingsAreTaken() {
        Engine j = parse(Engine.ENGINE_PROPERTY, "java");
        assertEquals(Engine.Kind.JAVA, j.kind());
        assertFalse(j.residentPath());
        assertFalse(j.nativeLayer(1 << 20, 64, 64));
        assertFalse(j.nativeProduct(1 << 20, 64, 64));
        Engine b = parse(Engine.ENGINE_PROPERTY, " BLAS ", Engine.NATIVE_MIN_PROPERTY, "1000",
                Engine.LAYER_BY_LAYER_PROPERTY, "true", Engine.THREADS_PROPERTY, "2");
        assertEquals(1000, b.nativeMin());
        assertFalse(b.residentPath());
        assertEquals(2, b.threads());
        assertTrue(b.nativeLayer(10, 10, 10));
        assertFalse(b.nativeLayer(10, 10, 9));
        assertEquals(Map.of(Engine.ENGINE_PROPERTY, " BLAS ", Engine.NATIVE_MIN_PROPERTY, "1000",
                Engine.LAYER_BY_LAYER_PROPERTY, "true", Engine.THREADS_PROPERTY, "2"), b.describe().get("settings"));
        assertEquals(1, OpenBlas.threads(), "OpenBLAS's own threads stay at one (the tiles bring the parallelism)");
        assertFalse(b.autoThreads());
    }

    @Test
    void badValuesAreRefusedNamingTheAllowedOnes() {
        String m = assertThrows(InputException.class, () -> parse(Engine.ENGINE_PROPERTY, "cuda")).getMessage();
        assertTrue(m.contains("cuda") && m.contains("blas") && m.contains("java"), m);
        for (String bad : new String[] {"0", "-5", "lots", ""}) {
            m = assertThrows(InputException.class, () -> parse(Engine.NATIVE_MIN_PROPERTY, bad)).getMessage();
            assertTrue(m.contains("≥ 1") && m.contains("32768") && m.contains("dgm.engine=java"), m);
        }
        for (String bad : new String[] {"yes", "", "1"}) {
            m = assertThrows(InputException.class, () -> parse(Engine.LAYER_BY_LAYER_PROPERTY, bad)).getMessage();
            assertTrue(m.contains("true") && m.contains("false"), m);
        }
        for (String bad : new String[] {"0", "two"}) {
            m = assertThrows(InputException.class, () -> parse(Engine.THREADS_PROPERTY, bad)).getMessage();
            assertTrue(m.contains("dgm.threads") && m.contains("≥ 1") && m.contains("auto"), m);
        }
        m = assertThrows(InputException.class, () -> parse(Engine.ENGINE_PROPERTY, "java", Engine.NATIVE_MIN_PROPERTY,
                "100")).getMessage();
        assertTrue(m.contains("blas only"), m);
        assertThrows(InputException.class, () -> parse(Engine.ENGINE_PROPERTY, "java", Engine.LAYER_BY_LAYER_PROPERTY,
                "true"));
    }

    @Test
    void jvmArgumentsGiveTheSameEngine() {
        for (Engine e : List.of(parse(), parse(Engine.ENGINE_PROPERTY, "java"),
                parse(Engine.NATIVE_MIN_PROPERTY, "77", Engine.LAYER_BY_LAYER_PROPERTY, "TRUE"))) {
            Map<String, String> m = new HashMap<>();
            for (String a : e.jvmArguments()) {
                assertTrue(a.startsWith("-D"), a);
                String[] kv = a.substring(2).split("=", 2);
                m.put(kv[0], kv[1]);
            }
            assertEquals(e.toString(), Engine.parse(m::get).toString());
        }
    }

    @Test
    void theRecordNamesKindThresholdPathThreadsAndCore() {
        Map<String, Object> d = Engine.blas(Engine.DEFAULT_NATIVE_MIN, true).describe();
        assertEquals(List.of("kind", "native_min_multiply_adds", "resident_path", "threads", "threads_setting", "blas_threads",
                "blas_core",
                "settings"), List.copyOf(d.keySet()));
        assertEquals("blas", d.get("kind"));
        assertEquals(1, d.get("blas_threads"));
        String core = (String) d.get("blas_core");
        String forced = System.getenv("OPENBLAS_CORETYPE");
        if (forced != null && !forced.isBlank()) {
            assertTrue(core.equalsIgnoreCase(forced), core + " loaded, " + forced + " asked for");
        } else {
            assertFalse(core.equals("unknown"), "the detected core is one of the DYNAMIC_ARCH build's");
        }
        Map<String, Object> j = Engine.java().describe();
        assertEquals(List.of("kind", "resident_path", "threads", "threads_setting", "settings"), List.copyOf(j.keySet()));
    }

    @Test
    void blasThreadsAreSetAndReadInTheLibraryTheLayersCall() {
        int before = OpenBlas.threads();
        try {
            OpenBlas.setThreads(2);
            assertEquals(2, OpenBlas.threads());
            OpenBlas.setThreads(1);
            assertEquals(1, OpenBlas.threads());
        } finally {
            OpenBlas.setThreads(before);
        }
    }

    /** Runs {@link Child} in a new JVM with this environment change (null removes); its output lines. */
    private static List<String> child(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = List.of(out.split("\n"));
        return lines.subList(Math.max(0, lines.size() - 2), lines.size());
    }

    /**
     * Without OMP_NUM_THREADS and OPENBLAS_NUM_THREADS (a test run outside Maven, an IDE) the engine
     * is the one with them (the launcher's), and sets one BLAS thread itself; with
     * OPENBLAS_CORETYPE=Haswell (an AVX2 core) the core read is Haswell: what is loaded, not what is
     * detected.
     */
    @Test
    void theEnvironmentDecidesNeitherEngineNorThreadsAndTheCoreReadIsTheOneLoaded()
            throws IOException, InterruptedException {
        Map<String, String> without = new HashMap<>();
        without.put("OMP_NUM_THREADS", null);
        without.put("OPENBLAS_NUM_THREADS", null);
        List<String> bare = child(without);
        List<String> launcher = child(Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1", "OPENBLAS_CORETYPE",
                "Haswell"));
        assertEquals(parse().toString() + " blas_threads=1", bare.get(0));
        assertEquals(bare.get(0), launcher.get(0));
        assertEquals("Haswell", launcher.get(1));
    }

    /** Prints the process engine with the BLAS threads in force, then the loaded OpenBLAS core. */
    static final class Child {
        public static void main(String[] args) {
            Engine e = Engine.current();
            System.out.println(e + " blas_threads=" + OpenBlas.threads());
            System.out.println(OpenBlas.coreName());
        }
    }
}
