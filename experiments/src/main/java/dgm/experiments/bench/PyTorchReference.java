package dgm.experiments.bench;

import dgm.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch timed in the same session as the benchmarks ({@code bench --pytorch PYTHON}): the mirror
 * scripts of {@code experiments/reference/} ({@code pytorch_steps.py} at the reference sizes,
 * {@code pytorch_images.py} at image scale) run one after the other in float32 with one thread
 * (PyTorch's fastest setting on this project's machine, docs/performance.md), and their times keyed
 * by the workbench's row names. Nothing of PyTorch is in the build: the scripts need a Python with
 * {@code torch} (Debian: {@code apt-get install python3-torch libopenblas0-pthread}).
 */
final class PyTorchReference {
    private PyTorchReference() {
    }

    /** pytorch_steps.py's model names and batch sizes, and the rows they mirror. */
    private static final String[][] SMALL = {
        {"realnvp", "256", "realnvp_step"}, {"fgan", "256", "fgan_step"}, {"realnvp_logprob10k", "10000", "flow_logprob_10k"},
        {"vae", "128", "vae_step"},
    };

    /** The folder of the mirror scripts under the workbench's home (the launcher's {@code dgm.home}). */
    static Path scripts() {
        Path home = Path.of(System.getProperty("dgm.home", "."));
        Path dir = home.resolve("experiments").resolve("reference");
        if (!java.util.stream.Stream.of("pytorch_images.py", "pytorch_steps.py", "torch_bench.py")
                .allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            throw new InputException("--pytorch: the mirror scripts are not in " + dir
                    + " (run bench through ./workbench from the repository, which sets dgm.home)");
        }
        return dir;
    }

    /**
     * Refuses a Python that cannot import torch, naming it and how to get one; called before any
     * benchmark runs.
     */
    static String check(String python) {
        Run r = run(List.of(python, "-c", "import torch; print(torch.__version__)"), 120);
        if (r.exit != 0) {
            throw new InputException("--pytorch " + python + " cannot import torch (exit " + r.exit + "): "
                    + lastLine(r.output) + "; on Debian: apt-get install python3-torch libopenblas0-pthread, "
                    + "then --pytorch /usr/bin/python3");
        }
        return lastLine(r.output);
    }

    /** The measured rows (ms per op) and the scripts' raw output, for {@code pytorch.csv}. */
    record Times(Map<String, Double> ms, String version, String raw) {
    }

    /**
     * Runs the scripts for the rows in {@code wanted} (row names; the others are skipped) and
     * returns their times ({@link #check} the Python first). A script that fails is an error naming
     * it and its last output line.
     */
    static Times measure(String python, List<String> wanted, java.io.PrintWriter progress) {
        Path dir = scripts();
        Map<String, Double> ms = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder();
        for (String[] s : SMALL) {
            if (!wanted.contains(s[2])) {
                continue;
            }
            progress.println("pytorch: " + s[2] + " (pytorch_steps.py " + s[0] + ", float32, 1 thread)");
            progress.flush();
            String batch = s[0].equals("realnvp_logprob10k") ? "256" : s[1];
            Run r = script(python, dir.resolve("pytorch_steps.py"), List.of("float32", batch, s[0]));
            raw.append(r.output);
            Double t = parseSteps(r.output, s[0]);
            if (t != null) {
                ms.put(s[2], t);
            }
        }
        List<String> images = new ArrayList<>();
        for (String w : wanted) {
            if (w.endsWith("/dim=784") || w.endsWith("/dim=784,wide")) {
                images.add(w);
            }
        }
        if (!images.isEmpty()) {
            progress.println("pytorch: " + String.join(", ", images) + " (pytorch_images.py, float32, 1 thread)");
            progress.flush();
            Run r = script(python, dir.resolve("pytorch_images.py"), List.of("float32", "1"));
            raw.append(r.output);
            ms.putAll(parseImages(r.output, images));
        }
        return new Times(ms, version(raw.toString()), raw.toString());
    }

    /** The torch version the scripts print in their first line ("# torch 1.13.0a0 threads 1 ..."), or "?". */
    static String version(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^# torch (\\S+)").matcher(output);
        return m.find() ? m.group(1) : "?";
    }

    /** pytorch_steps.py's step time of {@code model} (rows model,batch,dtype,step_ms,...), or null. */
    static Double parseSteps(String output, String model) {
        for (String line : output.split("\n")) {
            String[] f = line.split(",");
            if (f.length >= 4 && f[0].equals(model)) {
                return Double.parseDouble(f[3]);
            }
        }
        return null;
    }

    /**
     * pytorch_images.py's rows {@code benchmark,float32,threads,ms_per_op} for the wanted row names
     * (the wide MAF's name has a comma of its own).
     */
    static Map<String, Double> parseImages(String output, List<String> wanted) {
        Map<String, Double> ms = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int at = line.indexOf(",float32,");
            if (line.startsWith("#") || at < 0) {
                continue;
            }
            String name = line.substring(0, at);
            if (wanted.contains(name)) {
                ms.put(name, Double.parseDouble(line.substring(line.lastIndexOf(',') + 1).trim()));
            }
        }
        return ms;
    }

    private static Run script(String python, Path script, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        Run r = run(cmd, 3600);
        if (r.exit != 0) {
            throw new IllegalStateException(script.getFileName() + " failed (exit " + r.exit + "): " + lastLine(r.output));
        }
        return r;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> cmd, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", "1");
        // keeps glibc from returning freed tensors to the kernel at every step (docs/performance.md)
        env.put("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(124, "timed out after " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PyTorch ran", e);
        }
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int i = t.lastIndexOf('\n');
        return i < 0 ? t : t.substring(i + 1);
    }

    /** {@code file} (pytorch.csv: row, ms per op) and beside it pytorch.log (the scripts' output). */
    static void write(Path file, Times t) {
        try {
            Files.writeString(file.resolveSibling("pytorch.log"), t.raw());
            Files.writeString(file, "# torch " + t.version() + ", float32, 1 thread, measured after the benchmarks\n"
                    + "benchmark,pytorch_ms_per_op\n" + csvRows(t.ms()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String csvRows(Map<String, Double> ms) {
        StringBuilder sb = new StringBuilder();
        ms.forEach((k, v) -> sb.append('"').append(k).append("\",").append(v).append('\n'));
        return sb.toString();
    }
}
