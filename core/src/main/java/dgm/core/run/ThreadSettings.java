package dgm.core.run;

import dgm.core.nn.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.linalg.api.blas.Blas;

/**
 * The workbench chooses its own native thread settings: on a small machine ND4J's OpenMP pool and
 * OpenBLAS's pool oversubscribe the cores and small ops become ~10× slower (docs/performance.md),
 * so by default both are set to one thread. The launcher also exports
 * OMP_NUM_THREADS/OPENBLAS_NUM_THREADS before the native libraries load (the Maven build does the
 * same for its test forks); this class enforces the setting from inside the JVM for library users,
 * and reports what is in force for the run record. The OpenBLAS that the layers call sets its
 * threads itself when the {@link Engine} is made; this class covers ND4J's side.
 */
public final class ThreadSettings {
    private static volatile int configured = -1;

    private ThreadSettings() {
    }

    /** Sets ND4J's OpenMP threads and the BLAS threads to {@code threads}. Idempotent. */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        Nd4j.getBackend(); // loads the backend's properties, which NativeOpsHolder reads on first use
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Blas blas = Nd4j.factory().blas();
        blas.setMaxThreads(threads);
        configured = threads;
    }

    /**
     * Resolves the {@link Engine} (so an invalid setting is refused here) and sets ND4J's pools to
     * one thread: the workbench's own parallelism is the engine's tiled matrix products
     * ({@link Engine#threads()}), whose results do not depend on the thread count; ND4J's threads
     * would add oversubscription and reductions whose order depends on them.
     */
    public static void configureDefault() {
        Engine.current();
        if (configured < 0) {
            configure(1);
        }
    }

    /** What is in force, for run records. */
    public static Map<String, Object> describe() {
        Nd4j.getBackend();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured_threads", configured);
        m.put("omp_threads", NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        m.put("blas_threads", Nd4j.factory().blas().getMaxThreads());
        m.put("env_OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("env_OPENBLAS_NUM_THREADS", String.valueOf(System.getenv("OPENBLAS_NUM_THREADS")));
        m.put("env_OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        m.put("openblas_coretype_source", System.getProperty("dgm.openblas.coretype.source", "not set by the launcher"));
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        return m;
    }
}
