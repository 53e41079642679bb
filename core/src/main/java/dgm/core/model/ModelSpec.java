package dgm.core.model;

import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.TrainingParams;
import java.util.ArrayList;
import java.util.List;

/**
 * A model id the workbench can train: what it is, which capability its models have, which
 * parameters it takes, how to fit it, and how to rebuild a saved one. A gradient-trained model
 * declares its {@link TrainingParams} ({@code training}, null for closed-form and EM models); its
 * {@code params} are the model's own followed by those.
 */
public record ModelSpec(String id, String description, Capability capability, List<ParamSpec> params,
                        Fitter fitter, Restorer restorer, TrainingParams training) {

    public ModelSpec {
        params = List.copyOf(params);
    }

    /** A model that is not trained by gradient steps (closed form, EM, a bandwidth search). */
    public ModelSpec(String id, String description, Capability capability, List<ParamSpec> params, Fitter fitter,
                     Restorer restorer) {
        this(id, description, capability, params, fitter, restorer, null);
    }

    /** A gradient-trained model: its own parameters, then the training parameters it declares. */
    public static ModelSpec trained(String id, String description, Capability capability, List<ParamSpec> modelParams,
                                    TrainingParams training, Fitter fitter, Restorer restorer) {
        List<ParamSpec> all = new ArrayList<>(modelParams);
        all.addAll(training.specs());
        return new ModelSpec(id, description, capability, all, fitter, restorer, training);
    }

    /** Trains a model on {@code ctx.data().train()} (validation may be used for model selection). */
    @FunctionalInterface
    public interface Fitter {
        FitResult fit(FitContext ctx);
    }

    /** Rebuilds a model from the state it saved. */
    @FunctionalInterface
    public interface Restorer {
        GenerativeModel restore(ModelState state);
    }
}
