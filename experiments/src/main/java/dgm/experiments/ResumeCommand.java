package dgm.experiments;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a comparison that was interrupted (even by kill -9): runs whose run.json exists",
            "are kept, the others are run again, and the summaries are rewritten. The result equals an",
            "uninterrupted run (timings aside)."})
final class ResumeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the comparison folder (holds config.json)")
    Path dir;

    @Option(names = "--jobs", description = "runs executed at once, each on one thread (default: the number of cores, here "
            + "${DEFAULT-VALUE}); results do not depend on it, timings do")
    int jobs = ComparisonRunner.defaultJobs();

    @Override
    public Integer call() {
        ComparisonRunner.checkJobs(jobs);
        ExperimentConfig c = ComparisonRunner.readConfig(dir);
        var runs = ComparisonRunner.prepare(c);
        return ComparisonRunner.run(c, runs, dir, true, spec.commandLine().getOut(), jobs);
    }
}
