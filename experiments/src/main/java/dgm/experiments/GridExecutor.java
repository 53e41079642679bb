package dgm.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Executes the units of a comparison grid ({@link GridTask}) somewhere: the local pool of worker
 * threads ({@link LocalPool}), or a cluster through a {@link Provider} found on the class path (the
 * workbench's Spark module). The comparison's folder, its aggregate files and its progress stay
 * with the caller (the driver); an executor only runs units and reports them.
 */
public interface GridExecutor extends AutoCloseable {

    /** What the driver hears about the units; calls may come from any thread, one at a time. */
    interface Listener {
        /** A unit began to execute (on a cluster: its task was launched, possibly again). */
        void started(GridTask task, Map<String, String> where);

        /** A unit finished (its folder holds its records). Called once per unit. */
        void finished(GridTask task, GridTask.Result result);

        /** An attempt at a unit failed and will be retried (a lost executor, an error in the task). */
        default void retrying(GridTask task, int attempt, String reason) {
        }
    }

    /**
     * Executes every task; returns when all have finished. The tasks of a run whose execution
     * throws (bad input, an error that retries did not cure) stop the grid with that exception;
     * the run's own failures (divergence, an exception while fitting) are results, not errors.
     */
    void execute(Path root, List<GridTask> tasks, Listener listener, PrintStream log);

    /**
     * Checks, where the tasks will execute, that their file-based data is reachable; throws
     * {@link dgm.core.InputException} naming each missing path and where it is missing. Nothing to
     * check for executors that read the data where the command runs.
     */
    default void checkData(List<GridTask> tasks) {
    }

    /** How many units execute at once, for the log. */
    int slots();

    /** What executed the grid, for {@code compare.json} (kind, master, output mode, …). */
    Map<String, Object> describe();

    @Override
    default void close() {
    }

    /** A cluster back end, found with {@link java.util.ServiceLoader}. */
    interface Provider {
        /** The option it answers to, e.g. {@code spark}. */
        String name();

        /**
         * Connects to {@code master}; {@code settings} are the command's further options for it
         * (e.g. {@code output=shared|driver|auto}). Throws {@link dgm.core.InputException} for a bad
         * master or setting, naming the allowed forms.
         */
        GridExecutor open(String master, Map<String, String> settings, PrintStream log);
    }

    /** The provider named {@code name}, or an error saying how to get it. */
    static Provider provider(String name) {
        for (Provider p : java.util.ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new dgm.core.InputException("--" + name + " needs the workbench's " + name + " module on the class path; "
                + "run through ./workbench (which adds " + name + "/target when --" + name + " is given), or build it with "
                + "./mvnw -pl " + name + " -am package");
    }
}
