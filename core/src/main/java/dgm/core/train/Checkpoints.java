package dgm.core.train;

import java.util.Optional;

/**
 * Where a {@link GradientTrainer} keeps its checkpoints: the state to resume from (if any), how
 * often to write a new one, and how to write it (atomically: an interrupted write never replaces a
 * good checkpoint with a half-written one).
 */
public interface Checkpoints {

    /** The state of an interrupted run to continue from, if there is one. */
    Optional<TrainingState> resume();

    /** Writes a checkpoint (replacing the previous one). */
    void save(TrainingState state);

    /** Seconds of training between checkpoints; 0 or less: only the final one. */
    double everySeconds();

    /** Iterations between checkpoints as well (0: none); for tests that must stop at a known step. */
    default long everyIterations() {
        return 0;
    }

    /** No checkpoints: nothing is resumed or written. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public Optional<TrainingState> resume() {
            return Optional.empty();
        }

        @Override
        public void save(TrainingState state) {
        }

        @Override
        public double everySeconds() {
            return 0;
        }
    };

    /** Keeps checkpoints in memory (tests, and continuing a fit in the same process). */
    final class InMemory implements Checkpoints {
        private final long every;
        private TrainingState last;
        private final java.util.List<TrainingState> all = new java.util.ArrayList<>();

        /** A checkpoint every {@code everyIterations} iterations (and the final one), resuming from {@code resumeFrom} (may be null). */
        public InMemory(long everyIterations, TrainingState resumeFrom) {
            this.every = everyIterations;
            this.last = resumeFrom;
        }

        @Override
        public Optional<TrainingState> resume() {
            return Optional.ofNullable(last);
        }

        @Override
        public void save(TrainingState state) {
            last = state;
            all.add(state);
        }

        @Override
        public double everySeconds() {
            return 0;
        }

        @Override
        public long everyIterations() {
            return every;
        }

        public TrainingState last() {
            return last;
        }

        /** Every checkpoint written, in order. */
        public java.util.List<TrainingState> written() {
            return java.util.Collections.unmodifiableList(all);
        }
    }
}
