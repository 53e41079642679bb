package dgm.vae;

import dgm.core.InputException;
import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.model.Capability;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingParams;
import dgm.core.train.HistoryPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variational autoencoders, registered through {@link java.util.ServiceLoader} as family
 * {@code vae}: model ids {@code vae} (trained by the ELBO with β and KL warm-up) and {@code iwae}
 * (trained by the importance-weighted bound L_k, k = {@code k_train}). Both are
 * {@link dgm.core.model.LatentVariableModel}s: the workbench reports their likelihood as a bound.
 */
public final class VaeFamily implements ModelFamily {

    @Override
    public String name() {
        return "vae";
    }

    @Override
    public List<ModelSpec> models() {
        return List.of(
                ModelSpec.trained("vae",
                        "Variational autoencoder (Kingma and Welling 2014): Gaussian encoder, N(0, I) prior, MLP decoder "
                                + "(Gaussian, Bernoulli or discretised logistic), trained by the ELBO with β and KL warm-up; "
                                + "likelihood reported as the importance-weighted bound (an upper bound on the NLL)",
                        Capability.LOWER_BOUND, params(false), TRAINING, ctx -> fit("vae", ctx), VaeModel::restore),
                ModelSpec.trained("iwae",
                        "Importance-weighted autoencoder (Burda et al. 2016): the VAE's architecture trained by the "
                                + "k-sample bound L_k (k = k_train); likelihood reported as an upper bound on the NLL",
                        Capability.LOWER_BOUND, params(true), TRAINING, ctx -> fit("iwae", ctx), VaeModel::restore));
    }

    /** The training parameters of both ids, declared once. */
    static final TrainingParams TRAINING = TrainingParams.epochs(0, 0,
                    "maximal passes over the training set (0: auto, enough for about " + VaeFamily.AUTO_STEPS
                            + " gradient steps; early stopping usually ends the run sooner)")
            .batch(128, "minibatch size")
            .lr(1e-3)
            .schedule("cosine", List.of("cosine", "step", "constant"))
            .clip(100.0, "maximal gradient norm (0: no clipping)")
            .weightDecay()
            .patience(20, "early stopping: epochs after warm-up without validation improvement (0: off); the best "
                    + "parameters are kept")
            .build();

    static List<ParamSpec> params(boolean iwae) {
        List<ParamSpec> s = new ArrayList<>();
        s.add(ParamSpec.integer("latent", 0, 0, 4096, "latent dimension d_z (0: auto, 2 for d ≤ 4, else min(8, d))"));
        s.add(ParamSpec.integer("hidden", 0, 0, 8192,
                "width of every hidden layer of encoder and decoder (0: auto, 128 for d ≤ 4, else 256)"));
        s.add(ParamSpec.integer("layers", 2, 0, 16, "hidden layers in each of encoder and decoder (0: linear)"));
        s.add(ParamSpec.choice("activation", "relu", List.of("relu", "leaky_relu", "tanh", "elu", "softplus"),
                "hidden activation"));
        s.add(ParamSpec.choice("decoder", "auto", List.of("auto", "gaussian", "dlogistic", "bernoulli"),
                "p(x|z): gaussian (learned per-output variance, floored), dlogistic (discretised logistic with uniform "
                        + "dequantisation: a density on [0,L)^d, dequantised data only), bernoulli (data in [0,1]; not a "
                        + "density on a continuous space); auto: dlogistic on dequantised data, else gaussian"));
        s.add(ParamSpec.real("min_scale", 0.01, 1e-6, 10.0,
                "floor on the decoder's scale (standardised units), keeps the likelihood bounded"));
        s.add(ParamSpec.bool("standardize", true,
                "fixed standardisation from the training set's mean and sd (encoder input and decoder output "
                        + "parameterisation; densities stay in data units)"));
        if (iwae) {
            s.add(ParamSpec.integer("k_train", 5, 1, 10_000, "importance samples per example in the training bound L_k"));
        } else {
            s.add(ParamSpec.real("beta", 1.0, 0.0, 1e3, "weight β on the KL term (the ELBO is a bound only at β = 1)"));
            s.add(ParamSpec.integer("warmup", 10, 0, 1_000_000, "epochs of linear KL warm-up from 0 to β (0: none)"));
        }
        return List.copyOf(s);
    }

    /** The architecture for data of dimension d, resolving the automatic choices. */
    static VaeConfig config(Params p, Dataset data) {
        int d = data.dimension();
        int latent = p.integer("latent") > 0 ? p.integer("latent") : autoLatent(d);
        int hidden = p.integer("hidden") > 0 ? p.integer("hidden") : autoHidden(d);
        String decoder = p.string("decoder");
        if (decoder.equals("auto")) {
            decoder = data.kind() == DataKind.DEQUANTISED ? "dlogistic" : "gaussian";
        }
        if (decoder.equals("dlogistic") && (data.kind() != DataKind.DEQUANTISED || data.levels() < 2)) {
            throw new InputException("decoder dlogistic needs dequantised integer data (like digits); dataset '"
                    + data.id() + "' is " + data.kind().name().toLowerCase() + "; use decoder=gaussian");
        }
        if (decoder.equals("bernoulli")) {
            for (double[][] split : List.of(data.train(), data.validation(), data.test())) {
                for (double[] row : split) {
                    for (double v : row) {
                        if (!(v >= 0 && v <= 1)) {
                            throw new InputException("decoder bernoulli needs data in [0, 1]; dataset '" + data.id()
                                    + "' has the value " + v + "; use decoder=gaussian or dlogistic");
                        }
                    }
                }
            }
        }
        return new VaeConfig(d, latent, hidden, p.integer("layers"), p.string("activation"), decoder,
                decoder.equals("dlogistic") ? data.levels() : 0, p.real("min_scale"));
    }

    /** The automatic latent dimension ({@code latent=0}) for data of dimension d: 2 for d ≤ 4, else min(8, d). */
    public static int autoLatent(int d) {
        return d <= 4 ? 2 : Math.min(8, d);
    }

    /** The automatic hidden width ({@code hidden=0}) for data of dimension d: 128 for d ≤ 4, else 256. */
    public static int autoHidden(int d) {
        return d <= 4 ? 128 : 256;
    }

    /** Gradient steps that {@code epochs=0} aims at. */
    public static final int AUTO_STEPS = 15_000;

    /** epochs, resolving 0 (auto) to ⌈AUTO_STEPS / steps per epoch⌉. */
    static int epochs(Params p, int nTrain) {
        int e = p.integer("epochs");
        if (e > 0) {
            return e;
        }
        int stepsPerEpoch = (nTrain + Math.min(p.integer("batch"), nTrain) - 1) / Math.min(p.integer("batch"), nTrain);
        return Math.max(1, (AUTO_STEPS + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    static VaeTrainer.Settings settings(String id, Params p) {
        boolean iwae = id.equals("iwae");
        return new VaeTrainer.Settings(iwae ? VaeModel.Objective.IWAE : VaeModel.Objective.ELBO,
                iwae ? p.integer("k_train") : 1, iwae ? 1.0 : p.real("beta"), iwae ? 0 : p.integer("warmup"),
                p.real("lr"), p.real("weight_decay"));
    }

    /** The training options with the budget applied and epochs=0 resolved. */
    static TrainingOptions options(Params p, FitContext ctx) {
        return TRAINING.options(p, ctx.budget()).withEpochs(epochs(p, ctx.data().train().length));
    }

    static FitResult fit(String id, FitContext ctx) {
        Dataset data = ctx.data();
        Params p = ctx.params();
        VaeModel model = new VaeModel(id, config(p, data), ctx.seeds().rng("init"));
        if (p.bool("standardize")) {
            model.fitStandardisation(data.train());
        }
        TrainingOptions o = options(p, ctx);
        GradientTrainer.Outcome out = VaeTrainer.fit(model, data.train(), data.validation(), settings(id, p), o,
                ctx.seeds().rng("batches"), ctx.seeds().rng("noise"), ctx.checkpoints(), ctx.listener());
        List<HistoryPoint> history = new ArrayList<>(out.history());
        if (data.validation().length > 0) {
            HistoryPoint diag = diagnostics(model, data.validation(), ctx.seeds().rng("diagnostics"),
                    out.steps(), history.isEmpty() ? 0 : history.get(history.size() - 1).seconds());
            history.add(diag);
            ctx.listener().record(diag);
        }
        return new FitResult(model, history, out.status(), out.detail(), o, out.resumedFromStep());
    }

    /**
     * A history row with the final model's diagnostics on the validation split: the ELBO split into
     * {@code val_recon} (E_q log p(x|z), 10 samples) and {@code val_kl}, {@code active_units} (Burda's
     * A_u &gt; 0.01) and {@code kl_dim_j} per latent dimension.
     */
    static HistoryPoint diagnostics(VaeModel model, double[][] rows, dgm.core.rng.Rng rng, long step, double seconds) {
        VaeModel.ElboTerms t = model.elboTerms(rows, 10, rng);
        double rec = 0;
        double kl = 0;
        for (int i = 0; i < rows.length; i++) {
            rec += t.reconstruction()[i];
            kl += t.kl()[i];
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("val_recon", rec / rows.length);
        v.put("val_kl", kl / rows.length);
        v.put("active_units", (double) model.activeUnits(rows, 0.01));
        double[] perDim = model.klPerDimension(rows);
        for (int j = 0; j < perDim.length; j++) {
            v.put("kl_dim_" + j, perDim[j]);
        }
        return new HistoryPoint(step, seconds, v);
    }
}
