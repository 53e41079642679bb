package dgm.experiments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmark thread's CPU time, as JMH secondary results: {@code cpuNanos} (CPU time of the
 * thread over the iteration), {@code processCpuNanos} (the whole fork's) and {@code calls}
 * (benchmark calls in it), all summed over the measurement iterations, so cpuNanos / calls is CPU
 * time per op. Process CPU well above thread CPU means other threads worked too (a native pool
 * that was not held to one thread, or the garbage collector). On a machine shared with other
 * processes the wall-clock score counts the time the thread waited for a core; the thread's CPU
 * time does not, so it is the less distorted number under load. It leaves out other threads' work
 * (the garbage collector; native pools, which run one thread in the caller here).
 *
 * <p>Each benchmark method takes this state and increments {@link #calls} once per call (one
 * field increment, negligible beside millisecond operations).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long cpuNanos;
    /** the whole fork's CPU time: adds the collector, the compiler and any native pool's threads */
    public long processCpuNanos;
    public long calls;
    private long start;
    private long processStart;

    @Setup(Level.Iteration)
    public void begin() {
        cpuNanos = 0;
        processCpuNanos = 0;
        calls = 0;
        start = THREADS.getCurrentThreadCpuTime();
        processStart = OS.getProcessCpuTime();
    }

    @TearDown(Level.Iteration)
    public void end() {
        cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        processCpuNanos = OS.getProcessCpuTime() - processStart;
    }
}
