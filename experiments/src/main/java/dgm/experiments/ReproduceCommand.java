package dgm.experiments;

import dgm.core.InputException;
import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.Json;
import dgm.core.run.Progress;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Re-run a run (a folder with run.json) or a whole comparison (a folder with config.json)",
            "from its records into --out, then diff the numbers against the original (timings ignored).",
            "Exit 0 when they agree, 1 when they differ."})
final class ReproduceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_OR_DIR")
    Path source;

    @Option(names = "--out", required = true, description = "where to write the re-run (new or empty unless --force)")
    Path out;

    @Option(names = "--jobs", description = "runs executed at once, sharing the cores (default: the number of cores, here "
            + "${DEFAULT-VALUE}); results do not depend on it, timings do")
    int jobs = ComparisonRunner.defaultJobs();

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Override
    public Integer call() {
        ComparisonRunner.checkJobs(jobs);
        PrintWriter o = spec.commandLine().getOut();
        if (Files.isRegularFile(source.resolve(ComparisonRunner.CONFIG_FILE))) {
            ExperimentConfig c = ComparisonRunner.readConfig(source);
            var runs = ComparisonRunner.prepare(c);
            OutputDir.prepare(out, force);
            ComparisonRunner.run(c, runs, out, false, new PrintWriter(PrintWriter.nullWriter()), jobs, TrainRun.Options.DEFAULT);
        } else if (Files.isRegularFile(source.resolve("run.json"))) {
            RunSpec rs = RunSpec.read(source.resolve("run.json"));
            TrainRun.Prepared p = TrainRun.prepare(rs, ModelRegistry.load(), DatasetRegistry.standard());
            OutputDir.prepare(out, force);
            TrainRun.execute(p, out, new Progress(System.err, "reproduce " + rs.modelId() + " on " + rs.datasetId(), 5000));
        } else {
            throw new InputException(source + " holds neither run.json (a run) nor config.json (a comparison)");
        }
        List<String> d = DiffCommand.diff(DiffCommand.read(source), DiffCommand.read(out), 0, false);
        if (d.isEmpty()) {
            o.println("reproduced: every number in " + out.resolve("results.csv") + " equals the original (timings ignored)");
            return Workbench.EXIT_OK;
        }
        o.println("NOT reproduced: " + d.size() + " difference(s):");
        d.forEach(x -> o.println("  " + x));
        return Workbench.EXIT_FAILURE;
    }
}
