package dgm.core.train;

import dgm.core.data.Dataset;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;

/**
 * What a fit receives: the data (train for fitting, validation for model selection and early
 * stopping; the test split must not be touched), validated parameters, named seeds and a listener.
 */
public record FitContext(Dataset data, Params params, Seeds seeds, TrainingListener listener) {
}
