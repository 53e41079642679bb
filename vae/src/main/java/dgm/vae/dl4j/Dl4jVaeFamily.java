package dgm.vae.dl4j;

import dgm.core.data.Dataset;
import dgm.core.data.Standardization;
import dgm.core.model.Capability;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.run.ThreadSettings;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingParams;
import dgm.vae.VaeFamily;
import java.util.Arrays;
import java.util.List;

/**
 * Deeplearning4j's own VAE as a workbench model, registered through {@link java.util.ServiceLoader}
 * as family {@code dl4j}: model id {@code dl4j-vae}, a {@code VariationalAutoencoder} layer with the
 * sizes the workbench's {@code vae} picks for the data (latent and hidden width automatic as there),
 * trained by DL4J ({@link Dl4jVaeTrainer}), its likelihood reported as the importance-weighted bound
 * that the workbench computes from the layer's parameters ({@link Dl4jVaeModel}).
 */
public final class Dl4jVaeFamily implements ModelFamily {
    public static final String ID = "dl4j-vae";

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public List<ModelSpec> models() {
        return List.of(ModelSpec.trained(ID,
                "Deeplearning4j's own VariationalAutoencoder layer (Gaussian encoder, N(0, I) prior, MLP decoder with DL4J's "
                        + "Gaussian reconstruction distribution, the vae's sizes), trained by DL4J (pretrainLayer: one-sample "
                        + "ELBO, DL4J's Adam); likelihood reported as the importance-weighted bound the workbench computes "
                        + "from the layer's parameters (an upper bound on the NLL)",
                Capability.LOWER_BOUND, params(), TRAINING, Dl4jVaeFamily::fit, Dl4jVaeModel::restore));
    }

    static final TrainingParams TRAINING = TrainingParams.epochs(0, 0,
                    "maximal passes over the training set (0: auto, enough for about " + VaeFamily.AUTO_STEPS
                            + " gradient steps, as the vae; early stopping usually ends the run sooner)")
            .batch(128, "minibatch size")
            .lr(1e-3)
            .schedule("cosine", List.of("cosine", "step", "constant"))
            .clip(100.0, "maximal gradient norm, DL4J's ClipL2PerLayer on the layer's gradient (0: no clipping)")
            .patience(20, "early stopping: epochs without validation improvement (0: off); the best parameters are kept")
            .build();

    static List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("latent", 0, 0, 4096, "latent dimension d_z (0: auto as the vae, 2 for d ≤ 4, else min(8, d))"),
                ParamSpec.integer("hidden", 0, 0, 8192,
                        "width of every encoder and decoder layer (0: auto as the vae, 128 for d ≤ 4, else 256)"),
                ParamSpec.integer("layers", 2, 1, 16, "layers in each of encoder and decoder (DL4J's layer needs at least one)"),
                ParamSpec.choice("activation", "relu", Dl4jVaeConfig.ACTIVATIONS, "hidden activation"),
                ParamSpec.bool("standardize", true,
                        "fixed standardisation from the training set's mean and sd (the network's input and the space of "
                                + "its Gaussian; densities stay in data units)"),
                ParamSpec.choice("dtype", "double", Dl4jVaeConfig.DTYPES,
                        "DL4J's data type for the parameters and training (the bound is always computed in float64)"));
    }

    static Dl4jVaeConfig config(Params p, Dataset data) {
        int d = data.dimension();
        int latent = p.integer("latent") > 0 ? p.integer("latent") : VaeFamily.autoLatent(d);
        int hidden = p.integer("hidden") > 0 ? p.integer("hidden") : VaeFamily.autoHidden(d);
        return new Dl4jVaeConfig(d, latent, hidden, p.integer("layers"), p.string("activation"), p.string("dtype"));
    }

    /** epochs, resolving 0 (auto) to ⌈AUTO_STEPS / steps per epoch⌉ as the vae does. */
    static int epochs(Params p, int nTrain) {
        int e = p.integer("epochs");
        if (e > 0) {
            return e;
        }
        int b = Math.min(p.integer("batch"), nTrain);
        int stepsPerEpoch = (nTrain + b - 1) / b;
        return Math.max(1, (VaeFamily.AUTO_STEPS + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    static FitResult fit(FitContext ctx) {
        ThreadSettings.configureDefault();
        Dataset data = ctx.data();
        Params p = ctx.params();
        Dl4jVaeConfig cfg = config(p, data);
        int d = data.dimension();
        double[] shift = new double[d];
        double[] scale = new double[d];
        Arrays.fill(scale, 1.0);
        if (p.bool("standardize")) {
            Standardization st = Standardization.of(data.train());
            shift = st.mean();
            scale = st.flooredScale();
        }
        TrainingOptions o = TRAINING.options(p, ctx.budget()).withEpochs(epochs(p, data.train().length));
        Dl4jVaeTrainer trainer = new Dl4jVaeTrainer(cfg, data.train(), data.validation(), shift, scale, o, p.real("lr"),
                ctx.seeds().rng("init"), ctx.seeds().rng("noise"), ctx.seeds().rng("batches"));
        Dl4jVaeTrainer.Outcome out = trainer.fit(ctx.checkpoints(), ctx.listener());
        Dl4jVaeModel model = Dl4jVaeModel.of(ID, cfg, trainer.network(), shift, scale);
        return new FitResult(model, out.history(), out.status(), out.detail(), o, out.resumedFromStep());
    }
}
