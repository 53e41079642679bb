package dgm.experiments;

import dgm.core.InputException;
import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue an interrupted comparison or train run (even one killed by kill -9).",
            "A comparison folder (config.json): runs whose run.json exists are kept, the others continue from",
            "their checkpoint.bin (or start again if they have none), and the summaries are rewritten.",
            "A train folder (run-spec.json): the run continues from its checkpoint.",
            "Either way the results equal those of an uninterrupted run, bit for bit (timings aside)."})
final class ResumeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a comparison folder (holds config.json) or a train "
            + "folder (holds run-spec.json)")
    Path dir;

    @Option(names = "--jobs", description = "runs executed at once, sharing the cores (default: the number of cores, here "
            + "${DEFAULT-VALUE}); results do not depend on it, timings do; a train folder always runs here")
    int jobs = ComparisonRunner.defaultJobs();

    @CommandLine.Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "seconds of training between checkpoints "
            + "(default ${DEFAULT-VALUE}; 0: only at the end of training)")
    double checkpointEvery = TrainRun.Options.DEFAULT_EVERY;

    @Override
    public Integer call() {
        ComparisonRunner.checkJobs(jobs);
        TrainRun.Options options = new TrainRun.Options(checkpointEvery, true);
        if (Files.isRegularFile(dir.resolve(ComparisonRunner.CONFIG_FILE))) {
            ExperimentConfig c = ComparisonRunner.readConfig(dir);
            var runs = ComparisonRunner.prepare(c);
            try (GridExecutor executor = cluster.open(jobs, runs.size(), System.err)) {
                ClusterOptions.checkData(executor, runs);
                return ComparisonRunner.run(c, runs, dir, true, spec.commandLine().getOut(), executor, options);
            }
        }
        if (cluster.spark != null) {
            throw new InputException("--spark resumes comparison folders (with " + ComparisonRunner.CONFIG_FILE + ") only; "
                    + dir + " is not one");
        }
        Path specFile = dir.resolve(TrainRun.SPEC_FILE);
        if (!Files.isRegularFile(specFile)) {
            throw new InputException(dir + " is neither a comparison folder (no " + ComparisonRunner.CONFIG_FILE
                    + ") nor a train folder (no " + TrainRun.SPEC_FILE + ")");
        }
        if (Files.isRegularFile(dir.resolve("run.json")) && Files.isRegularFile(dir.resolve("results.csv"))) {
            spec.commandLine().getOut().println(dir + " is complete (run.json is written); nothing to resume");
            return Workbench.EXIT_OK;
        }
        ComparisonRunner.removeStaleParts(dir);
        TrainRun.Prepared p = TrainRun.prepare(RunSpec.read(specFile), ModelRegistry.load(), DatasetRegistry.standard());
        return TrainCommand.execute(p, dir, options, spec.commandLine().getOut());
    }
}
