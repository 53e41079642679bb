package dgm.experiments;

import dgm.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Redraw a finished comparison's tables, figures and report.md from its stored results, records and "
                + "models, without training (e.g. after changing a figure's code).",
            "Into DIR itself, or with --out into a new folder; the same stored results give the same tables and report."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a finished comparison folder (holds "
            + ComparisonRunner.CONFIG_FILE + " and compare.json)")
    Path dir;

    @Option(names = "--out", paramLabel = "NEW", description = "write here instead of into DIR (must be new or empty unless --force)")
    Path out;

    @Option(names = "--force", description = "write into an existing non-empty --out folder")
    boolean force;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(dir.resolve(ComparisonRunner.CONFIG_FILE))) {
            throw new InputException(dir + " is not a comparison folder (no " + ComparisonRunner.CONFIG_FILE + ")");
        }
        Path target = out == null ? dir : OutputDir.prepare(out, force);
        return ComparisonRunner.report(dir, target, spec.commandLine().getOut());
    }
}
