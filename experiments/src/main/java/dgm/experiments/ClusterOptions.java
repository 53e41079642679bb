package dgm.experiments;

import dgm.core.run.TrainRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that send a comparison grid to a cluster instead of the local pool (a picocli mixin). */
final class ClusterOptions {
    @Option(names = "--spark", paramLabel = "MASTER", description = {"run the grid as an Apache Spark job, one task per run, "
            + "on MASTER: local[N], local[N,F] (F attempts per task), spark://HOST:PORT, yarn, k8s://https://HOST:PORT, "
            + "or 'submit' for the master spark-submit was given; same results as the local pool"})
    String spark;

    @Option(names = "--spark-output", paramLabel = "MODE", description = {"how the run folders reach the output folder: "
            + "shared (executors write into it: a filesystem every executor mounts at the same path), driver (each run "
            + "is written on its executor and sent back to the driver, which writes it), auto (default: shared for "
            + "local[...] masters, driver otherwise)"})
    String sparkOutput = "auto";

    /** The executor these options ask for: the local pool with {@code jobs} workers, or Spark. */
    GridExecutor open(int jobs, int runs, PrintStream log) {
        if (spark == null) {
            if (!"auto".equals(sparkOutput)) {
                throw new dgm.core.InputException("--spark-output needs --spark MASTER");
            }
            return new LocalPool(Math.min(jobs, Math.max(1, runs)));
        }
        return GridExecutor.provider("spark").open(spark, Map.of("output", sparkOutput), log);
    }

    /**
     * Checks, on the executors, that every file-based dataset of the grid is reachable there
     * (before anything is written); the local pool needs no check (its runs read the data here).
     */
    static void checkData(GridExecutor executor, List<TrainRun.Prepared> runs) {
        List<GridTask> tasks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            tasks.add(GridTask.run(i, runs.size(), runs.get(i).spec(), TrainRun.Options.DEFAULT));
        }
        executor.checkData(tasks);
    }
}
