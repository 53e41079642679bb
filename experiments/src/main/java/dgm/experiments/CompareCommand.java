package dgm.experiments;

import dgm.core.InputException;
import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.AtomicFiles;
import dgm.core.run.Json;
import dgm.core.run.Progress;
import dgm.core.run.Provenance;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import dgm.core.train.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"The main job: train every model of a preset on every dataset over several seeds, on",
            "built-in data only, and write results.csv (all runs), summary.md and summary.csv (mean ± sd over",
            "seeds, each number marked exact, bound, estimate or measured), compare.json and one folder per run",
            "(runs/DATASET/MODEL/seed-S/ with run.json, results.csv, model.bin)."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", description = "output folder (default: results/compare-<timestamp>)")
    Path out;

    @Option(names = "--preset", defaultValue = "default", description = "default or smoke (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Preset p = Preset.byName(preset);
        ModelRegistry models = ModelRegistry.load();
        DatasetRegistry datasets = DatasetRegistry.standard();

        // Validate the whole grid before any training.
        List<TrainRun.Prepared> runs = new ArrayList<>();
        for (String d : p.datasets()) {
            for (String m : p.models()) {
                for (long s : p.seeds()) {
                    runs.add(TrainRun.prepare(RunSpec.of(m, d, s, p.setsFor(d, m)), models, datasets));
                }
            }
        }
        for (TrainRun.Prepared r : runs) {
            if (!r.dataset().builtIn()) {
                throw new InputException("preset '" + p.name() + "' uses dataset '" + r.dataset().id() + "', which is not built in");
            }
        }
        Path dir = out != null ? out
                : Path.of("results", "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        OutputDir.prepare(dir, force);
        o.printf("compare: preset '%s' (%s): %d runs -> %s%n", p.name(), p.description(), runs.size(), dir);

        Progress overall = new Progress(System.err, "compare", 0);
        List<ResultRow> all = new ArrayList<>();
        Map<String, String> statusByRun = new LinkedHashMap<>();
        List<Map<String, Object>> runIndex = new ArrayList<>();
        Instant started = Instant.now();
        for (int i = 0; i < runs.size(); i++) {
            TrainRun.Prepared r = runs.get(i);
            RunSpec rs = r.spec();
            Path runDir = dir.resolve("runs").resolve(rs.datasetId()).resolve(rs.modelId()).resolve("seed-" + rs.seed());
            overall.update((double) i / runs.size(), String.format("run %d/%d: %s on %s, seed %d", i + 1, runs.size(),
                    rs.modelId(), rs.datasetId(), rs.seed()));
            TrainRun.Outcome outcome = TrainRun.execute(r, runDir, new Progress(System.err, rs.modelId() + "/" + rs.datasetId(), 10_000));
            all.addAll(outcome.results());
            if (outcome.status() != RunStatus.COMPLETED) {
                statusByRun.merge(rs.datasetId() + "/" + rs.modelId(), outcome.status().label() + " seed " + rs.seed(),
                        (a, b) -> a + ", " + b);
                o.printf("  %s on %s seed %d: %s %s%n", rs.modelId(), rs.datasetId(), rs.seed(), outcome.status().label(), outcome.detail());
            }
            Map<String, Object> idx = new LinkedHashMap<>();
            idx.put("dataset", rs.datasetId());
            idx.put("model", rs.modelId());
            idx.put("seed", rs.seed());
            idx.put("status", outcome.status().label());
            idx.put("folder", dir.relativize(runDir).toString());
            runIndex.add(idx);
            // Keep the aggregate current, so an interrupted comparison still leaves consistent files.
            ResultsCsv.write(dir.resolve("results.csv"), all);
        }
        overall.update(1.0, "all runs done");
        String md = "# Comparison: preset `" + p.name() + "`\n\n" + p.description() + ". Seeds " + p.seeds() + ".\n\n"
                + ReportTables.markdown(all, statusByRun);
        AtomicFiles.writeString(dir.resolve("summary.md"), md);
        AtomicFiles.writeString(dir.resolve("summary.csv"), ReportTables.csv(all));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", "dgm-workbench comparison record v1");
        record.put("preset", p.name());
        record.put("datasets", p.datasets());
        record.put("models", p.models());
        record.put("seeds", p.seeds());
        record.put("started", started.toString());
        record.put("finished", Instant.now().toString());
        record.put("seconds", overall.elapsedSeconds());
        record.put("code", Provenance.codeVersion());
        record.put("environment", Provenance.environment());
        record.put("runs", runIndex);
        Json.write(dir.resolve("compare.json"), record);
        o.println();
        o.println(md);
        o.println("wrote " + dir.resolve("summary.md") + ", summary.csv, results.csv, compare.json and runs/");
        return Workbench.EXIT_OK; // failed or diverged runs are marked in the tables; the comparison itself succeeded
    }
}
