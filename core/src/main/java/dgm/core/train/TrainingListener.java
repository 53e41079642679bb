package dgm.core.train;

/** Receives progress from a long fit, for display and for the run record. */
public interface TrainingListener {

    /** A history row (called at least at the end of every epoch or EM iteration). */
    void record(HistoryPoint point);

    /** Fraction done in [0, 1] and a short status line, for progress display. */
    default void progress(double fraction, String status) {
    }

    TrainingListener NONE = point -> { };
}
