package dgm.core.nn;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The state of the OpenBLAS library the layers call ({@link BlasTrace}'s {@code openblas_nolapack}
 * binding): its thread count and the core type whose kernels it loaded.
 *
 * <p>ND4J's CPU backend loads a second copy of the same OpenBLAS (libopenblas.so.0, besides the
 * binding's libopenblas_nolapack.so.0), with its own threads and core choice; what is read and set
 * here is the copy these layers call. JavaCPP resolves symbols ({@link Loader#addressof}) in that
 * copy first (checked against the process's memory map; the binding's own
 * {@code blas_set_num_threads} resolves the same way).
 *
 * <p>The binding does not expose {@code openblas_get_corename()}, so the core type is read from
 * OpenBLAS's exported globals: {@code gotoblas} points at the kernel table chosen at load (by
 * {@code OPENBLAS_CORETYPE} or by CPU detection), which is compared with the exported tables
 * {@code gotoblas_HASWELL}, {@code gotoblas_ZEN}, ... of the DYNAMIC_ARCH build. The thread count is
 * {@code blas_cpu_number}, what {@code openblas_get_num_threads()} returns.
 */
final class OpenBlas {
    private OpenBlas() {
    }

    /** The kernel tables of OpenBLAS 0.3.19's x86-64 DYNAMIC_ARCH build and their core names. */
    private static final String[][] CORES = {
        {"HASWELL", "Haswell"}, {"ZEN", "Zen"}, {"SKYLAKEX", "SkylakeX"}, {"COOPERLAKE", "Cooperlake"},
        {"SANDYBRIDGE", "Sandybridge"}, {"NEHALEM", "Nehalem"}, {"CORE2", "Core2"}, {"PRESCOTT", "Prescott"},
        {"BARCELONA", "Barcelona"}, {"BULLDOZER", "Bulldozer"}, {"PILEDRIVER", "Piledriver"},
        {"STEAMROLLER", "Steamroller"}, {"EXCAVATOR", "Excavator"}, {"ATHLON", "Athlon"}, {"BANIAS", "Banias"},
        {"KATMAI", "Katmai"}, {"COPPERMINE", "Coppermine"}, {"NORTHWOOD", "Northwood"},
    };

    private static void load() {
        Loader.load(openblas_nolapack.class);
    }

    /** Sets the library's BLAS threads (openblas_set_num_threads). */
    static void setThreads(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** The library's BLAS threads in force, or −1 when its thread count cannot be read. */
    static int threads() {
        load();
        Pointer p = Loader.addressof("blas_cpu_number");
        return p == null ? -1 : new IntPointer(p).get(0);
    }

    /**
     * The core type whose kernels the library runs (OpenBLAS's spelling, e.g. "Haswell", "Zen",
     * "SkylakeX"), or "unknown" when the build is not DYNAMIC_ARCH or the table is not one of
     * {@link #CORES}.
     */
    static String coreName() {
        load();
        Pointer g = Loader.addressof("gotoblas");
        if (g == null) {
            return "unknown";
        }
        long table = new LongPointer(g).get(0);
        for (String[] c : CORES) {
            Pointer t = Loader.addressof("gotoblas_" + c[0]);
            if (t != null && t.address() == table) {
                return c[1];
            }
        }
        return "unknown";
    }
}
