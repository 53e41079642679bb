package dgm.core.train;

import dgm.core.nn.ParamBuffer;
import java.util.List;

/**
 * What a family supplies to the {@link GradientTrainer}: its parameter groups, one iteration (the
 * losses and gradients of its updates, through {@link GradientTrainer.Iteration#update}), the
 * report at the end of a period, and the state of whatever randomness or running values it keeps,
 * for checkpoints. The trainer owns everything that must be the same for every family: the loop,
 * batching, schedules, clipping, the NaN rule, early stopping and the kept parameters, budgets,
 * history, progress and checkpoints.
 */
public interface Objective {

    /** The parameter groups, each with its own optimizer; their order is the update and checkpoint order. */
    List<ParamGroup> groups();

    /**
     * Buffers that are not trained but change during training (batch norm's running averages): kept
     * in step with the parameters when the trainer snapshots, restores or checkpoints them.
     */
    default List<ParamBuffer> buffers() {
        return List.of();
    }

    /** One iteration: draw what it needs, then one or more {@link GradientTrainer.Iteration#update}s. */
    void iterate(GradientTrainer.Iteration it);

    /** The report that ends a period, from the period's means ({@link GradientTrainer.Period}). */
    Report report(GradientTrainer.Period p);

    /** What the score of {@link Report#selects selecting} reports is, for messages, e.g. "validation NLL". */
    default String scoreName() {
        return "validation score";
    }

    /** Puts the objective's own state (its generators, running values) into a checkpoint, under keys of its choosing. */
    default void save(TrainingState s) {
    }

    /** Restores what {@link #save} put; called after the objective was built afresh exactly as for the first run. */
    default void restore(TrainingState s) {
    }
}
