package dgm.experiments;

import dgm.core.InputException;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare the results.csv of two result folders (a run or a comparison): rows present in",
            "one only, and values that differ by more than the tolerance. Timings are ignored unless",
            "--timings. Exit 0 when they agree, 1 when they differ."})
final class DiffCommand implements Callable<Integer> {
    static final Set<String> TIMINGS = Set.of("train_seconds", "samples_per_second");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A")
    Path a;

    @Parameters(index = "1", paramLabel = "B")
    Path b;

    @Option(names = "--tolerance", defaultValue = "0", description = "relative tolerance (default ${DEFAULT-VALUE}: bit-identical)")
    double tolerance;

    @Option(names = "--timings", description = "also compare timing metrics")
    boolean timings;

    @Override
    public Integer call() {
        List<String> differences = diff(read(a), read(b), tolerance, timings);
        PrintWriter out = spec.commandLine().getOut();
        if (differences.isEmpty()) {
            out.println("identical" + (timings ? "" : " (timings ignored)") + (tolerance > 0 ? " within relative tolerance " + tolerance : ""));
            return Workbench.EXIT_OK;
        }
        out.println(differences.size() + " difference(s):");
        differences.forEach(d -> out.println("  " + d));
        return Workbench.EXIT_FAILURE;
    }

    static Map<String, ResultRow> read(Path dir) {
        Path f = Files.isDirectory(dir) ? dir.resolve("results.csv") : dir;
        if (!Files.isRegularFile(f)) {
            throw new InputException("no results.csv in " + dir);
        }
        Map<String, ResultRow> m = new LinkedHashMap<>();
        for (ResultRow r : ResultsCsv.read(f)) {
            m.put(r.dataset() + "," + r.model() + "," + r.seed() + "," + r.metric(), r);
        }
        return m;
    }

    static List<String> diff(Map<String, ResultRow> x, Map<String, ResultRow> y, double tol, boolean timings) {
        List<String> out = new ArrayList<>();
        for (var e : x.entrySet()) {
            if (!timings && TIMINGS.contains(e.getValue().metric())) {
                continue;
            }
            ResultRow o = y.get(e.getKey());
            if (o == null) {
                out.add("only in A: " + e.getKey());
                continue;
            }
            double u = e.getValue().value();
            double v = o.value();
            boolean same = Double.compare(u, v) == 0 || Math.abs(u - v) <= tol * Math.max(Math.abs(u), Math.abs(v));
            if (!same || e.getValue().kind() != o.kind()) {
                out.add(e.getKey() + ": " + u + " (" + e.getValue().kind().label() + ") vs " + v + " (" + o.kind().label() + ")");
            }
        }
        for (String k : y.keySet()) {
            if (!x.containsKey(k) && (timings || !TIMINGS.contains(y.get(k).metric()))) {
                out.add("only in B: " + k);
            }
        }
        return out;
    }
}
