package dgm.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The grid on this machine: {@code jobs} worker threads, units taken in order. */
final class LocalPool implements GridExecutor {
    private final int workers;

    LocalPool(int workers) {
        this.workers = workers;
    }

    @Override
    public int slots() {
        return workers;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "local");
        m.put("jobs", workers);
        return m;
    }

    @Override
    public void execute(Path root, List<GridTask> tasks, Listener listener, PrintStream log) {
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "compare-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (GridTask task : tasks) {
                futures.add(pool.submit(() -> {
                    Map<String, String> where = GridTask.where("local");
                    listener.started(task, where);
                    listener.finished(task, task.execute(root, false, where, cores, log));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
