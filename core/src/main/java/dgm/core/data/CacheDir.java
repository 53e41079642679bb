package dgm.core.data;

import dgm.core.InputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The workbench's cache folder, for files it can fetch or recompute (downloaded datasets, reference
 * classifiers): {@code $DGM_CACHE} when set, else {@code $XDG_CACHE_HOME/dgm-workbench}, else
 * {@code ~/.cache/dgm-workbench}. Nothing in it is needed for a result to be read: deleting it costs
 * only a fetch or a recomputation.
 */
public final class CacheDir {
    public static final String ENV = "DGM_CACHE";

    private CacheDir() {
    }

    public static Path root() {
        return root(System.getenv(), System.getProperty("user.home"));
    }

    static Path root(Map<String, String> env, String home) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "dgm-workbench").toAbsolutePath();
        }
        if (home == null || home.isBlank()) {
            throw new InputException("no cache folder: set " + ENV + "=DIR (neither XDG_CACHE_HOME nor a home directory is known)");
        }
        return Path.of(home, ".cache", "dgm-workbench").toAbsolutePath();
    }

    /** {@code root()/part/...}, e.g. {@code resolve("datasets", "fashion-mnist")}. */
    public static Path resolve(String first, String... more) {
        Path p = root().resolve(first);
        for (String m : more) {
            p = p.resolve(m);
        }
        return p;
    }
}
