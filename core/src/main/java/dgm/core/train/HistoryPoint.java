package dgm.core.train;

import java.util.Map;

/**
 * One row of a training history: the step (gradient steps or EM iterations so far), the wall-clock
 * seconds since training began, and named values (e.g. {@code train_nll}, {@code val_nll}; nats).
 */
public record HistoryPoint(long step, double seconds, Map<String, Double> values) {
}
