package dgm.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dgm.core.nn.Engine;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run happened: code version, JVM, OS, ND4J backend, data type, thread settings and the
 * dense layers' engine ({@link Engine#describe()}: BLAS or Java, threshold, resident path, BLAS
 * threads and core type).
 */
public final class Provenance {
    private Provenance() {
    }

    /** The project directory: the launcher passes it as {@code -Ddgm.home}; otherwise the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("dgm.home", System.getProperty("user.dir")));
    }

    /** git commit and dirty flag of {@link #home()}, or "unknown" when git or the repository is absent. */
    public static Map<String, Object> codeVersion() {
        Map<String, Object> m = new LinkedHashMap<>();
        String commit = git("rev-parse", "HEAD");
        m.put("git_commit", commit == null ? "unknown" : commit.trim());
        String status = git("status", "--porcelain", "--untracked-files=no");
        m.put("git_dirty", status == null ? "unknown" : !status.isBlank());
        m.put("version", Provenance.class.getPackage().getImplementationVersion() == null
                ? "0.1.0-SNAPSHOT" : Provenance.class.getPackage().getImplementationVersion());
        return m;
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = home().toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("nd4j_default_dtype", String.valueOf(Nd4j.dataType()));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("threads", ThreadSettings.describe());
        m.put("engine", Engine.current().describe());
        return m;
    }
}
