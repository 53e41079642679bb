package dgm.core.nn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a run's work is shared among: the calling thread and {@link Engine#threads()} − 1
 * helpers (daemons, shared by the process). Used for work whose result does not depend on how it
 * is split: the tiles of a matrix product ({@link TiledGemm}) and loops over independent rows
 * ({@link #forRows}), where each row is computed by one thread exactly as the sequential loop would
 * compute it. Work that reduces over the split dimension must not be split here.
 */
public final class Workers {
    private Workers() {
    }

    /** Elements (rows × row length) below which {@link #forRows} runs the loop on the calling thread. */
    public static final long MIN_ELEMENTS = 1L << 15;

    /** A loop body over rows [from, to). */
    @FunctionalInterface
    public interface Rows {
        void run(int from, int to);
    }

    /** A thread count that replaces the engine's while not 0 (tests: {@link #withThreads}). */
    private static volatile int threadsOverride;
    /** Whether this thread is running shared work (nested work then runs inline). */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static volatile ExecutorService helpers;
    private static volatile int helperCount;

    /** The threads work is shared among now. */
    public static int threads() {
        int o = threadsOverride;
        return o > 0 ? o : Engine.current().threads();
    }

    /**
     * {@code body} over rows [0, n) of rows {@code width} elements long, in contiguous blocks, one
     * per thread; on the calling thread alone when n·width is below {@link #MIN_ELEMENTS} or there is
     * one thread. Each row must be computed independently of the others (the result must not
     * depend on the split).
     */
    public static void forRows(int n, int width, Rows body) {
        int threads = threads();
        if (threads <= 1 || n < 2 || (long) n * width < MIN_ELEMENTS) {
            body.run(0, n);
            return;
        }
        int blocks = Math.min(threads, n);
        Runnable[] work = new Runnable[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            work[b] = () -> body.run(from, to);
        }
        run(work, threads);
    }

    /**
     * Runs every task once: the calling thread and up to {@code threads} − 1 helpers each take the
     * next untaken task until none is left; returns when all have finished. A task that throws is
     * rethrown here after the others finished.
     */
    static void run(Runnable[] work, int threads) {
        int extra = Math.min(threads, work.length) - 1;
        if (extra <= 0 || INSIDE.get()) {
            // one thread, or work started from inside shared work (a helper waiting for a task
            // queued behind itself would wait forever): run it here
            for (Runnable r : work) {
                r.run();
            }
            return;
        }
        ExecutorService pool = helpers(threads - 1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(extra);
        Throwable[] failure = new Throwable[1];
        Thread caller = Thread.currentThread();
        Runnable drain = () -> {
            INSIDE.set(true);
            try {
                for (int t; (t = next.getAndIncrement()) < work.length; ) {
                    work[t].run();
                }
            } catch (Throwable e) {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
                next.set(work.length);
            } finally {
                INSIDE.set(false);
            }
        };
        for (int h = 0; h < extra; h++) {
            pool.execute(() -> {
                try {
                    drain.run();
                } finally {
                    if (running.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            });
        }
        drain.run();
        while (running.get() > 0) {
            LockSupport.park(Workers.class);
        }
        synchronized (failure) {
            if (failure[0] != null) {
                if (failure[0] instanceof RuntimeException e) {
                    throw e;
                }
                if (failure[0] instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(failure[0]);
            }
        }
    }

    /** Runs {@code work} with everything shared among {@code threads} threads (for tests). */
    public static void withThreads(int threads, Runnable work) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        threadsOverride = threads;
        try {
            work.run();
        } finally {
            threadsOverride = 0;
        }
    }

    /** The helper threads (daemons), replaced when the thread count changed. */
    private static ExecutorService helpers(int count) {
        ExecutorService pool = helpers;
        if (pool != null && helperCount == count) {
            return pool;
        }
        synchronized (Workers.class) {
            if (helpers == null || helperCount != count) {
                if (helpers != null) {
                    helpers.shutdown();
                }
                AtomicInteger id = new AtomicInteger();
                helpers = Executors.newFixedThreadPool(count, r -> {
                    Thread t = new Thread(r, "dgm-worker-" + id.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                helperCount = count;
            }
            return helpers;
        }
    }
}
