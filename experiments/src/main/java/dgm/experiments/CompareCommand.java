package dgm.experiments;

import dgm.core.InputException;
import dgm.core.run.TrainRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"The main job: train every model of a preset (or your --config) on every dataset over",
            "several seeds and write results.csv (all runs), summary.md and summary.csv (mean ± sd over",
            "seeds, each number marked exact, bound, estimate or measured), compare.json, compare.log,",
            "config.json and one folder per run (runs/DATASET/MODEL/seed-S/ with run.json, results.csv,",
            "model.bin). The default preset uses built-in data only.",
            "--set FIELD=VALUE overrides any config field, e.g. --set seeds=[0] or",
            "--set model_params.gmm-full.k=20 or --set eval.samples=2000 or --set budget.steps=3000",
            "(every gradient-trained model gets exactly 3000 updates; budget.seconds=S gives each S seconds)."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", description = "output folder (default: results/compare-<timestamp>)")
    Path out;

    @Option(names = "--preset", description = "built-in grid: ${COMPLETION-CANDIDATES} (default: default)",
            completionCandidates = Presets.class)
    String preset;

    @Option(names = "--config", description = "your own experiment as YAML (fields: name, description, seeds, datasets, models, model_params, data_params, eval, budget)")
    Path config;

    @Option(names = "--set", description = "FIELD=VALUE override of the config (repeatable)")
    List<String> sets;

    @Option(names = "--jobs", description = "runs executed at once (default: the number of cores, here "
            + "${DEFAULT-VALUE}); the cores are shared among them (DGM_THREADS=auto); results do not depend on it, timings do")
    int jobs = ComparisonRunner.defaultJobs();

    @CommandLine.Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "seconds of training between each run's "
            + "checkpoints (default ${DEFAULT-VALUE}; 0: only at the end of training); 'workbench resume DIR' continues "
            + "interrupted runs from them")
    double checkpointEvery = TrainRun.Options.DEFAULT_EVERY;

    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ExperimentConfig.PRESETS.iterator();
        }
    }

    @Override
    public Integer call() {
        ComparisonRunner.checkJobs(jobs);
        TrainRun.Options options = new TrainRun.Options(checkpointEvery, false);
        if (preset != null && config != null) {
            throw new InputException("give either --preset or --config, not both");
        }
        Map<String, String> overrides = SetOption.parse(sets);
        ExperimentConfig c = config != null ? ExperimentConfig.file(config, overrides)
                : ExperimentConfig.preset(preset == null ? "default" : preset, overrides);
        // The whole grid is validated before anything is written.
        List<TrainRun.Prepared> runs = ComparisonRunner.prepare(c);
        Path dir = out != null ? out
                : Path.of("results", "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try (GridExecutor executor = cluster.open(jobs, runs.size(), System.err)) {
            ClusterOptions.checkData(executor, runs);
            OutputDir.prepare(dir, force);
            spec.commandLine().getOut().printf("compare '%s' (%s): %d runs -> %s%n", c.name(), c.description(), runs.size(), dir);
            return ComparisonRunner.run(c, runs, dir, false, spec.commandLine().getOut(), executor, options);
        }
    }
}
