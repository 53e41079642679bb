package dgm.core.train;

import dgm.core.data.Dataset;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;

/**
 * What a fit receives: the data (train for fitting, validation for model selection and early
 * stopping; the test split must not be touched), validated parameters, named seeds, a listener, the
 * run's training budget (applied by {@link TrainingParams#options}) and where the trainer keeps its
 * checkpoints.
 */
public record FitContext(Dataset data, Params params, Seeds seeds, TrainingListener listener, Budget budget,
                         Checkpoints checkpoints) {

    /** No budget, no checkpoints. */
    public FitContext(Dataset data, Params params, Seeds seeds, TrainingListener listener) {
        this(data, params, seeds, listener, Budget.NONE, Checkpoints.NONE);
    }
}
