package dgm.core.nn;

import dgm.core.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Which code computes the dense layers' matrix products: the one place that decides, for every
 * {@link Dense} layer, {@link Mlp} and {@link Gemm} product, whether Java loops or OpenBLAS run,
 * and so the last bits of every result.
 *
 * <p>The process's engine ({@link #current()}) is resolved once, on first use, from system
 * properties only (never from whether an environment variable happens to be set), so a test under
 * Maven, a benchmark fork and a run through {@code ./workbench} use the same engine unless told
 * otherwise:
 * <ul>
 *   <li>{@code -Ddgm.engine=blas|java} (default {@code blas}): {@code java} runs every product
 *       through the Java kernels of {@link Gemm}; {@code blas} sends the large ones to OpenBLAS.</li>
 *   <li>{@code -Ddgm.nn.nativeGemmMin=N} (blas only; default {@value #DEFAULT_NATIVE_MIN}): a
 *       layer or product with n·k·m ≥ N multiply-adds (batch n, k inputs, m outputs) goes to BLAS,
 *       smaller ones to Java, where the call and the copies would cost more than the product.</li>
 *   <li>{@code -Ddgm.nn.layerByLayer=true|false} (blas only; default {@code false}): {@code true}
 *       turns off the {@link Mlp}'s resident path (activations kept in native buffers between
 *       layers), for A/B measurements; same numbers bit for bit.</li>
 *   <li>{@code -Ddgm.threads=N|auto} (default {@code auto}): the threads that share a large matrix
 *       product ({@link TiledGemm}: tiles of the output whose layout depends only on the shape,
 *       each a single-threaded OpenBLAS call, so the bits do not depend on the count). {@code auto}
 *       is the machine's cores divided by the runs going on at once
 *       ({@link #declareConcurrentRuns}): every core for a single run, one each for as many runs
 *       as cores. OpenBLAS's own threads stay at one.</li>
 * </ul>
 * Any other value is refused with an {@link InputException} naming the allowed ones. The
 * defaults are what the launcher has always run (BLAS, 32,768 multiply-adds, resident path on,
 * threads on every core). Measured times for both engines and for the threshold are in docs/performance.md.
 *
 * <p>Run records carry {@link #describe()}: the kind, threshold, resident path, threads and the
 * OpenBLAS core type actually loaded (its kernels, and so its bits, differ between core types).
 */
public final class Engine {
    /** Java loops only, or OpenBLAS for products of at least {@link #nativeMin()} multiply-adds. */
    public enum Kind { BLAS, JAVA }

    public static final String ENGINE_PROPERTY = "dgm.engine";
    public static final String NATIVE_MIN_PROPERTY = "dgm.nn.nativeGemmMin";
    public static final String LAYER_BY_LAYER_PROPERTY = "dgm.nn.layerByLayer";
    public static final String THREADS_PROPERTY = "dgm.threads";
    /** The default BLAS threshold in multiply-adds (n·k·m), the launcher's since it was introduced. */
    public static final long DEFAULT_NATIVE_MIN = 32_768L;

    private static volatile Engine current;

    private final Kind kind;
    private final long nativeMin;
    private final boolean resident;
    /** The threads asked for, or 0 for auto. */
    private final int threads;
    /** Runs going on at once in this process (auto threads share the cores among them). */
    private static volatile int concurrentRuns = 1;
    /** The properties that were set, as given (for the record). */
    private final Map<String, String> settings;

    private Engine(Kind kind, long nativeMin, boolean resident, int threads, Map<String, String> settings) {
        this.kind = kind;
        this.nativeMin = kind == Kind.BLAS ? nativeMin : 0;
        this.resident = kind == Kind.BLAS && resident;
        this.threads = threads;
        this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (kind == Kind.BLAS) {
            OpenBlas.setThreads(1);
        }
    }

    /**
     * The process's engine, resolved from the system properties on the first call (a BLAS engine
     * then sets the BLAS threads). Throws {@link InputException} while a property is invalid.
     */
    public static Engine current() {
        Engine e = current;
        if (e == null) {
            synchronized (Engine.class) {
                if (current == null) {
                    current = parse(System::getProperty);
                }
                e = current;
            }
        }
        return e;
    }

    /** An engine from these property values ({@code property.apply(name)}, null when unset). */
    static Engine parse(UnaryOperator<String> property) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : List.of(ENGINE_PROPERTY, NATIVE_MIN_PROPERTY, LAYER_BY_LAYER_PROPERTY, THREADS_PROPERTY)) {
            String v = property.apply(name);
            if (v != null) {
                given.put(name, v);
            }
        }
        String kindValue = given.getOrDefault(ENGINE_PROPERTY, "blas").trim().toLowerCase(Locale.ROOT);
        Kind kind = switch (kindValue) {
            case "blas" -> Kind.BLAS;
            case "java" -> Kind.JAVA;
            default -> throw new InputException("-D" + ENGINE_PROPERTY + "=" + given.get(ENGINE_PROPERTY)
                    + " is not an engine; allowed: blas (the default: OpenBLAS for large products) or java (Java loops only)");
        };
        int threads = threads(given.get(THREADS_PROPERTY));
        if (kind == Kind.JAVA) {
            for (String blasOnly : List.of(NATIVE_MIN_PROPERTY, LAYER_BY_LAYER_PROPERTY)) {
                if (given.containsKey(blasOnly)) {
                    throw new InputException("-D" + blasOnly + " applies to -D" + ENGINE_PROPERTY
                            + "=blas only; with -D" + ENGINE_PROPERTY + "=java every product runs in Java: drop one of the two");
                }
            }
            return new Engine(Kind.JAVA, 0, false, threads, given);
        }
        long nativeMin = nativeMin(given.get(NATIVE_MIN_PROPERTY));
        boolean layerByLayer = layerByLayer(given.get(LAYER_BY_LAYER_PROPERTY));
        return new Engine(Kind.BLAS, nativeMin, !layerByLayer, threads, given);
    }

    private static long nativeMin(String value) {
        if (value == null) {
            return DEFAULT_NATIVE_MIN;
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1) {
            throw new InputException("-D" + NATIVE_MIN_PROPERTY + "=" + value + " is not a threshold; allowed: a whole "
                    + "number ≥ 1 of multiply-adds (default " + DEFAULT_NATIVE_MIN + "); for no BLAS at all use -D"
                    + ENGINE_PROPERTY + "=java");
        }
        return v;
    }

    private static boolean layerByLayer(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InputException("-D" + LAYER_BY_LAYER_PROPERTY + "=" + value
                    + " is not allowed; allowed: true (no resident MLP path) or false (the default)");
        };
    }

    private static int threads(String value) {
        if (value == null || value.trim().equalsIgnoreCase("auto")) {
            return 0;
        }
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1) {
            throw new InputException("-D" + THREADS_PROPERTY + "=" + value
                    + " is not a thread count; allowed: auto (the default: the cores shared among the runs going on at once) "
                    + "or a whole number ≥ 1");
        }
        return v;
    }

    /** A BLAS engine with this threshold and resident path, the process's thread count (for tests). */
    static Engine blas(long nativeMin, boolean resident) {
        if (nativeMin < 1) {
            throw new IllegalArgumentException("nativeMin must be ≥ 1, got " + nativeMin);
        }
        return new Engine(Kind.BLAS, nativeMin, resident, current().threads, Map.of());
    }

    /** The Java engine (for tests). */
    static Engine java() {
        return new Engine(Kind.JAVA, 0, false, current().threads, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The BLAS threshold in multiply-adds; 0 for the Java engine. */
    public long nativeMin() {
        return nativeMin;
    }

    /** Whether an {@link Mlp} large enough for BLAS keeps its activations in native buffers. */
    public boolean residentPath() {
        return resident;
    }

    /**
     * The threads a large matrix product is shared among ({@link TiledGemm}): the number asked for,
     * or for auto the available processors divided by the runs going on at once, at least one.
     * Results do not depend on it.
     */
    public int threads() {
        if (threads > 0) {
            return threads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / concurrentRuns);
    }

    /** Whether the thread count is auto (not asked for). */
    public boolean autoThreads() {
        return threads == 0;
    }

    /**
     * Declares how many runs this process executes at once (a comparison's workers), so that auto
     * threads share the cores among them; 1 for a single run.
     */
    public static void declareConcurrentRuns(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be ≥ 1, got " + runs);
        }
        concurrentRuns = runs;
    }

    /**
     * Whether a single product of n·k·m multiply-adds ({@link Gemm}) goes to BLAS: at least the
     * threshold, and not rank one (k = 1: the Java loop is a vectorised outer product and measured
     * faster than the call and the copies, n = 2048, 1→64: 0.10 against 0.15 ms).
     */
    boolean nativeProduct(int n, int k, int m) {
        return kind == Kind.BLAS && k > 1 && (long) n * k * m >= nativeMin;
    }

    /**
     * Whether a dense layer of n rows, k inputs and m outputs runs its whole forward or backward
     * pass in BLAS ({@link NativeGemm#affine}, {@link NativeGemm#layerBackward}), the bias and the
     * rank-one (k = 1) case included: GER and GEMV with the bias folded in measured faster than the
     * Java loops once the copies are shared.
     */
    boolean nativeLayer(int n, int k, int m) {
        return kind == Kind.BLAS && (long) n * k * m >= nativeMin;
    }

    /**
     * The JVM options that give another JVM (a benchmark fork) this engine: every setting explicit.
     */
    public List<String> jvmArguments() {
        List<String> a = new ArrayList<>();
        a.add("-D" + ENGINE_PROPERTY + "=" + kind.name().toLowerCase(Locale.ROOT));
        if (kind == Kind.BLAS) {
            a.add("-D" + NATIVE_MIN_PROPERTY + "=" + nativeMin);
            a.add("-D" + LAYER_BY_LAYER_PROPERTY + "=" + !resident);
        }
        a.add("-D" + THREADS_PROPERTY + "=" + (threads == 0 ? "auto" : Integer.toString(threads)));
        return a;
    }

    /**
     * For run records: {@code kind} (blas or java), {@code native_min_multiply_adds} (blas),
     * {@code resident_path}, {@code threads} (sharing the large products) and {@code threads_setting}
     * (auto or asked for), and for blas {@code blas_threads} (in force in the OpenBLAS library the
     * layers call: one, the tiles bring the parallelism) and {@code blas_core} (the kernels it loaded, e.g.
     * Haswell, Zen, SkylakeX), then {@code settings}: the properties given, or "defaults".
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name().toLowerCase(Locale.ROOT));
        if (kind == Kind.BLAS) {
            m.put("native_min_multiply_adds", nativeMin);
        }
        m.put("resident_path", resident);
        m.put("threads", threads());
        m.put("threads_setting", threads == 0 ? "auto (cores / runs at once)" : "asked for");
        if (kind == Kind.BLAS) {
            m.put("blas_threads", OpenBlas.threads());
            m.put("blas_core", OpenBlas.coreName());
        }
        m.put("settings", settings.isEmpty() ? "defaults" : new LinkedHashMap<>(settings));
        return m;
    }

    @Override
    public String toString() {
        return kind == Kind.BLAS
                ? "blas (≥ " + nativeMin + " multiply-adds, resident path " + (resident ? "on" : "off") + ", " + threads()
                        + " thread" + (threads() == 1 ? "" : "s") + (threads == 0 ? ", auto" : "") + ")"
                : "java";
    }
}
