package dgm.core.nn;

import java.util.Locale;

/** A learning rate as a function of the step (0-based). */
@FunctionalInterface
public interface LrSchedule {

    double lr(long step);

    static LrSchedule constant(double lr) {
        return step -> lr;
    }

    /**
     * Linear warm-up over {@code warmup} steps, then cosine decay from {@code lr} to
     * {@code lr·minFraction} at {@code total} steps (constant after).
     */
    static LrSchedule cosine(double lr, long total, long warmup, double minFraction) {
        return step -> {
            if (step < warmup) {
                return lr * (step + 1) / warmup;
            }
            double progress = total <= warmup ? 1.0 : Math.min(1.0, (double) (step - warmup) / (total - warmup));
            return lr * (minFraction + (1 - minFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        };
    }

    /** lr·γ^⌊step/every⌋. */
    static LrSchedule stepDecay(double lr, long every, double gamma) {
        return step -> lr * Math.pow(gamma, step / every);
    }

    /** {@code constant}, {@code cosine} (no warm-up, to 1% of lr) or {@code step} (×0.5 every quarter of the run). */
    static LrSchedule named(String name, double lr, long total) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "constant" -> constant(lr);
            case "cosine" -> cosine(lr, total, 0, 0.01);
            case "step" -> stepDecay(lr, Math.max(1, total / 4), 0.5);
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "'; allowed: constant, cosine, step");
        };
    }
}
