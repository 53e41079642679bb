package dgm.experiments;

import dgm.core.InputException;
import dgm.core.run.ThreadSettings;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line. Exit codes: 0 success, 2 bad usage or input (with a message naming the problem
 * and the allowed values), 1 anything else.
 */
@Command(name = "workbench", mixinStandardHelpOptions = true, version = "dgm workbench 0.1.0",
        description = {
            "A workbench for deep generative models: train VAEs, f-GANs, normalizing flows and classical",
            "density baselines on the same data, compare their fit and samples with honest metrics",
            "(every number says whether it is exact, a bound or an estimate), and keep run records",
            "that make every result reproducible."},
        subcommands = {ListCommand.class, DataCommand.class, FetchCommand.class, TrainCommand.class, CompareCommand.class,
            ResumeCommand.class, ReproduceCommand.class, DiffCommand.class, SampleCommand.class, ReportCommand.class,
            FganFitCommand.class,
            EnergyFitCommand.class,
            dgm.experiments.bench.BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Workbench implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests too). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Workbench());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionStrategy(parseResult -> {
            Integer helpExit = CommandLine.executeHelpRequest(parseResult);
            if (helpExit != null) {
                return helpExit;
            }
            ThreadSettings.configureDefault();   // resolves the engine first: bad settings exit 2 here
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof InputException) {
                c.getErr().println("error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            c.getErr().println("error: " + ex);
            ex.printStackTrace(c.getErr());
            return EXIT_FAILURE;
        });
        return cl.execute(args);
    }
}
