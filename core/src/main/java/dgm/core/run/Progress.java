package dgm.core.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work on a terminal: a status line with the fraction done, the elapsed time and an
 * estimated time left, rewritten at most every {@code intervalMillis}.
 */
public final class Progress {
    private final PrintStream out;
    private final String label;
    private final long start = System.nanoTime();
    private final long intervalNanos;
    private long last;

    public Progress(PrintStream out, String label, long intervalMillis) {
        this.out = out;
        this.label = label;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.last = start - intervalNanos;
    }

    public static Progress quiet() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), "", Long.MAX_VALUE / 2_000_000L);
    }

    public synchronized void update(double fraction, String status) {
        long now = System.nanoTime();
        if (now - last < intervalNanos && fraction < 1.0) {
            return;
        }
        last = now;
        double elapsed = (now - start) / 1e9;
        String eta = fraction > 0.02 && fraction < 1.0 ? ", ~" + duration(elapsed * (1 - fraction) / fraction) + " left" : "";
        out.printf(Locale.ROOT, "[%s] %5.1f%% %s (%s elapsed%s)%n", label, 100 * Math.min(1, fraction), status, duration(elapsed), eta);
        out.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
