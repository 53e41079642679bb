package dgm.experiments;

import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelRegistry;
import dgm.core.run.Progress;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import dgm.core.train.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one model on one dataset, evaluate it on the test split, and write",
            "DIR/results.csv (dataset,model,seed,metric,value,stderr,kind), DIR/run.json (the full record)",
            "and DIR/model.bin (the fitted model).",
            "--set KEY=VALUE sets a model parameter; data.KEY=VALUE a dataset parameter; eval.KEY=VALUE an",
            "evaluation option ('workbench list --params' shows them all); budget.steps=N or budget.seconds=S",
            "a common training budget (exactly N gradient updates, or S seconds, early stopping off).",
            "While it trains, DIR/checkpoint.bin is written every --checkpoint-every seconds and at the end;",
            "'workbench resume DIR' continues an interrupted run (even after kill -9) to the same results."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "model id (see 'workbench list')")
    String model;

    @Option(names = "--dataset", required = true, description = "dataset id (see 'workbench list')")
    String dataset;

    @Option(names = "--seed", defaultValue = "0", description = "master seed; all others derive from it by name (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output folder (must be new or empty unless --force)")
    Path out;

    @Option(names = "--set", description = "KEY=VALUE (repeatable)")
    List<String> sets;

    @Option(names = "--force", description = "write into an existing non-empty folder")
    boolean force;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "seconds of training between checkpoints "
            + "(default ${DEFAULT-VALUE}; 0: only at the end of training)")
    double checkpointEvery = TrainRun.Options.DEFAULT_EVERY;

    @Override
    public Integer call() {
        TrainRun.Options options = new TrainRun.Options(checkpointEvery, false);
        RunSpec rs = RunSpec.of(model, dataset, seed, SetOption.parse(sets));
        TrainRun.Prepared p = TrainRun.prepare(rs, ModelRegistry.load(), DatasetRegistry.standard());
        OutputDir.prepare(out, force);
        return execute(p, out, options, spec.commandLine().getOut());
    }

    /** Runs a prepared run into {@code out} and prints its outcome (also for {@code resume} of a train folder). */
    static int execute(TrainRun.Prepared p, Path out, TrainRun.Options options, PrintWriter o) {
        RunSpec rs = p.spec();
        Progress progress = new Progress(System.err, rs.modelId() + " on " + rs.datasetId(), 2000);
        TrainRun.Outcome outcome = TrainRun.execute(p, out, progress, options);
        o.printf("%s on %s, seed %d: %s%s%n", rs.modelId(), rs.datasetId(), rs.seed(), outcome.status().label(),
                outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
        o.println(ReportTables.runTable(outcome.results()));
        o.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("run.json")
                + (outcome.model() != null ? ", " + out.resolve("model.bin") : ""));
        return outcome.status() == RunStatus.FAILED ? Workbench.EXIT_FAILURE : Workbench.EXIT_OK;
    }
}
