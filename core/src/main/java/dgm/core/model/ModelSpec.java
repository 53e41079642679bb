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
                        Fitter fitter, Restorer restorer, TrainingParams training, DataDefaults dataDefaults) {

    public ModelSpec {
        params = List.copyOf(params);
        java.util.Objects.requireNonNull(dataDefaults, "dataDefaults");
    }

    public ModelSpec(String id, String description, Capability capability, List<ParamSpec> params,
                     Fitter fitter, Restorer restorer, TrainingParams training) {
        this(id, description, capability, params, fitter, restorer, training, DataDefaults.NONE);
    }

    /** A model that is not trained by gradient steps (closed form, EM, a bandwidth search). */
    public ModelSpec(String id, String description, Capability capability, List<ParamSpec> params, Fitter fitter,
                     Restorer restorer) {
        this(id, description, capability, params, fitter, restorer, null);
    }

    /** This spec with defaults that depend on the data's shape (see {@link DataDefaults}). */
    public ModelSpec withDataDefaults(DataDefaults d) {
        return new ModelSpec(id, description, capability, params, fitter, restorer, training, d);
    }

    /**
     * Parameters whose defaults depend on the data's shape: for a shape, the values that replace the
     * declared defaults (the user's {@code --set} still wins). Only the shape is seen, so every run on
     * one dataset gets the same defaults; the run record lists the ones applied.
     */
    @FunctionalInterface
    public interface DataDefaults {
        DataDefaults NONE = shape -> java.util.Map.of();

        java.util.Map<String, String> defaults(dgm.core.data.DataShape shape);
    }

    /**
     * The model's parameters for data of this shape: the declared defaults, replaced by
     * {@link #dataDefaults} where it has one, replaced by {@code overrides} (the user's values).
     */
    public Params resolve(dgm.core.data.DataShape shape, java.util.Map<String, String> overrides) {
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(dataDefaults.defaults(shape));
        merged.putAll(overrides);
        return Params.resolve("model " + id, params, merged);
    }

    /** The data-dependent defaults that {@link #resolve} applies for this shape and these overrides. */
    public java.util.Map<String, String> appliedDataDefaults(dgm.core.data.DataShape shape, java.util.Map<String, String> overrides) {
        java.util.Map<String, String> applied = new java.util.LinkedHashMap<>(dataDefaults.defaults(shape));
        applied.keySet().removeAll(overrides.keySet());
        return applied;
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
