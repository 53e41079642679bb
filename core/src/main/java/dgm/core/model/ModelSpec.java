package dgm.core.model;

import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import java.util.List;

/**
 * A model id the workbench can train: what it is, which capability its models have, which
 * parameters it takes, how to fit it, and how to rebuild a saved one.
 */
public record ModelSpec(String id, String description, Capability capability, List<ParamSpec> params,
                        Fitter fitter, Restorer restorer) {

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
