package dgm.gan;

import dgm.core.data.Dataset;
import dgm.core.data.Standardization;
import dgm.core.model.Capability;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.train.FitContext;
import dgm.core.train.Budget;
import dgm.core.train.FitResult;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The f-GANs (Nowozin, Cseke, Tomioka 2016), one model id per divergence ({@code fgan-tv},
 * {@code fgan-kl}, …, {@code fgan-gan}), registered through {@link java.util.ServiceLoader} as
 * family {@code gan}. Sample-only: no likelihood is claimed.
 *
 * <p>Seeds (children of the run's model seeds): {@code init} (both networks), {@code batches} (data
 * order), {@code noise} (training noise), {@code eval-data} and {@code eval-noise} (the F̂ rows of
 * the history).
 */
public final class GanFamily implements ModelFamily {

    @Override
    public String name() {
        return "gan";
    }

    @Override
    public List<ModelSpec> models() {
        List<ModelSpec> specs = new ArrayList<>();
        for (Divergence d : Divergence.values()) {
            specs.add(ModelSpec.trained(d.modelId(),
                    "f-GAN (Nowozin et al. 2016) minimising the " + d.displayName() + " divergence D_f(P‖Q) through its "
                            + "variational bound; critic output activation g_f, fused f*∘g_f; samples only",
                    Capability.SAMPLES_ONLY, params(), TRAINING, ctx -> fit(d, ctx), GanModel::restore)
                    .withDataDefaults(GanFamily::dataDefaults));
        }
        return List.copyOf(specs);
    }

    static final List<String> ACTIVATIONS = List.of("relu", "leaky_relu", "tanh", "elu", "softplus");

    /**
     * The recipe for data with a declared range (dequantised with L levels: the digits, images;
     * docs/gan.md gives the measurements): the generator's sigmoid output onto [0, L) (output=auto),
     * the range mapped onto [−1, 1] and a spectrally normalised critic (Miyato et al. 2018). On 8-bit
     * images of at least 256 pixels (Fashion-MNIST, MNIST) a critic learning rate five times the
     * generator's (the two time-scale rule of Heusel et al. 2017), a 64-dimensional noise and Adam's
     * β₁ = 0.5 (the declared default is 0). On smaller ranged data (the 8 × 8 digits) faster learning
     * for both networks, a critic four times faster than the generator, three critic steps on batches
     * of 128 per generator update, and samples from a moving average of the generator's weights (Yazıcı et al. 2019). The
     * 2-D toys and CSV data keep the declared defaults.
     */
    static Map<String, String> dataDefaults(dgm.core.data.DataShape shape) {
        if (shape.kind() != dgm.core.data.DataKind.DEQUANTISED || shape.levels() < 2) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spectral_norm", "true");
        if (shape.profile() == dgm.core.data.DataShape.Profile.IMAGE) {
            m.put("lr_c", RANGED_LR_C);
            m.put("noise_dim", IMAGE_NOISE_DIM);
            m.put("beta1", IMAGE_BETA1);
        } else {
            m.putAll(SMALL_RANGED);
        }
        return m;
    }

    static final String RANGED_LR_C = "1e-3";
    static final String IMAGE_NOISE_DIM = "64";
    /** Adam's β₁ on 8-bit images: their recipe was measured with the GAN practice's 0.5 (docs/gan.md). */
    static final String IMAGE_BETA1 = "0.5";
    /** The optimisation recipe on ranged data below the image profile (the digits), measured in docs/gan.md. */
    static final Map<String, String> SMALL_RANGED = orderedMap("lr_g", "1e-3", "lr_c", "4e-3",
            "critic_steps", "3", "batch", "128", "ema", "0.999");

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The training parameters of every f-GAN id, declared once. */
    static final TrainingParams TRAINING = TrainingParams.steps(6000, "generator updates")
            .batch(256, "rows of data and of noise per batch")
            .schedule("constant", List.of("constant", "cosine", "step"))
            .clip(10.0, "maximal gradient norm per network (0: no clipping)")
            .maxStepsCounts("generator updates (each with its critic_steps critic updates); overrides steps")
            .build();

    /** The model parameters of every f-GAN id (training ones apart), with defaults for 2-D toy data. */
    public static List<ParamSpec> params() {
        List<ParamSpec> s = new ArrayList<>();
        s.add(ParamSpec.choice("generator", "mlp", List.of("mlp", "affine"),
                "mlp: G(z) = MLP(z); affine: the Gaussian model x = mu + sigma*z (noise_dim = data dimension)"));
        s.add(ParamSpec.integer("noise_dim", 0, 0, 4096,
                "dimension k of the standard-normal noise z (mlp generator); 0: auto, min(max(d, 2), 16) for data of dimension d"));
        s.add(ParamSpec.integer("hidden", 128, 1, 4096, "width of the generator's hidden layers"));
        s.add(ParamSpec.integer("layers", 2, 1, 16, "number of the generator's hidden layers"));
        s.add(ParamSpec.choice("activation", "relu", ACTIVATIONS, "generator hidden activation"));
        s.add(ParamSpec.choice("output", "auto", List.of("auto", "linear", "sigmoid"),
                "generator output (mlp): sigmoid puts samples in the data's declared range [0, L) of dequantised data "
                        + "with L levels; linear leaves them unbounded; auto: sigmoid on dequantised data, else linear"));
        s.add(ParamSpec.integer("critic_hidden", 128, 1, 4096, "width of the critic's hidden layers"));
        s.add(ParamSpec.integer("critic_layers", 2, 1, 16, "number of the critic's hidden layers"));
        s.add(ParamSpec.choice("critic_activation", "relu", ACTIVATIONS, "critic hidden activation (its output is linear; g_f follows)"));
        s.add(ParamSpec.bool("spectral_norm", false,
                "spectral normalisation of every critic layer (Miyato et al. 2018): W/σ(W), σ by one power iteration per critic update"));
        s.add(ParamSpec.real("init_sigma", 1.0, 1e-6, 1e6, "affine generator: initial sigma (standardised units when standardize=true)"));
        s.add(ParamSpec.choice("method", "alternating", List.of("single-step", "alternating"),
                "single-step: the paper's Algorithm 1 (critic and generator from one batch); alternating: critic_steps critic updates, then one generator update"));
        s.add(ParamSpec.integer("critic_steps", 1, 1, 100, "critic updates per generator update (alternating only)"));
        s.add(ParamSpec.choice("generator_loss", "alternative", List.of("saturating", "alternative"),
                "saturating: minimise F; alternative: maximise E_Q[g_f(V)] (the paper's Section 3.2)"));
        s.add(ParamSpec.real("lr_g", 2e-4, 1e-8, 1.0, "generator's peak Adam learning rate"));
        s.add(ParamSpec.real("lr_c", 2e-4, 1e-8, 1.0, "critic's peak Adam learning rate"));
        s.add(ParamSpec.real("beta1", 0.0, 0.0, 0.999, "Adam's beta1 for both networks (beta2 = 0.999); 0: no momentum"));
        s.add(ParamSpec.real("ema", 0.0, 0.0, 0.99999,
                "beta of an exponential moving average of the generator's weights (Yazici et al. 2019), updated after every "
                        + "generator update as avg = b*avg + (1-b)*theta with b = min(ema, (1+t)/(10+t)) at update t; the model "
                        + "samples from the average, the critic trains against the live generator; 0: no average"));
        s.add(ParamSpec.bool("standardize", true,
                "train in standardised coordinates (fixed, undone when sampling): with a sigmoid output the data's range "
                        + "[0, L) mapped onto [-1, 1] (every pixel alike, the usual GAN scaling), otherwise the training set's "
                        + "per-coordinate mean and sd"));
        s.add(ParamSpec.integer("log_every", 250, 1, 100_000_000, "a history row (with held-out F̂) every this many steps"));
        s.add(ParamSpec.integer("eval_size", 4096, 2, 1 << 22, "held-out data rows and generated rows for each F̂"));
        return List.copyOf(s);
    }

    /** The model config (architecture) from resolved params, for data of dimension {@code dataDim}. */
    static Map<String, String> config(Divergence d, Params p, FGanTrainer.Options o, Dataset data) {
        int dataDim = data.dimension();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("divergence", d.id());
        for (String k : List.of("generator", "noise_dim", "hidden", "layers", "activation", "critic_hidden", "critic_layers",
                "critic_activation", "spectral_norm", "init_sigma", "method", "critic_steps", "generator_loss", "steps",
                "batch", "lr_g", "lr_c", "beta1", "ema", "schedule", "clip", "standardize")) {
            c.put(k, p.string(k));
        }
        String output = output(p.string("output"), data);
        c.put("output", output);
        if (output.equals("sigmoid")) {
            c.put("output_range", Integer.toString(data.levels()));
        }
        c.put("steps", Integer.toString(o.steps()));
        c.put("schedule", o.schedule());
        c.put("noise_dim", Integer.toString(noiseDim(p, dataDim)));
        c.put("init_mu", "0.0");
        return c;
    }

    /**
     * The generator's output for this data: {@code sigmoid} onto [0, L) needs dequantised data with
     * L ≥ 2 levels (the only data with a declared range); auto picks it there and {@code linear}
     * elsewhere.
     */
    static String output(String requested, Dataset data) {
        return output(requested, dgm.core.data.DataShape.of(data), data.id());
    }

    static String output(String requested, dgm.core.data.DataShape data, String dataId) {
        boolean ranged = data.kind() == dgm.core.data.DataKind.DEQUANTISED && data.levels() >= 2;
        return switch (requested) {
            case "auto" -> ranged ? "sigmoid" : "linear";
            case "sigmoid" -> {
                if (!ranged) {
                    throw new IllegalArgumentException("output=sigmoid needs data with a declared range (dequantised, "
                            + "with L levels: samples in [0, L)); " + dataId + " is " + data.kind().name().toLowerCase(
                            java.util.Locale.ROOT) + "; allowed here: auto, linear");
                }
                yield "sigmoid";
            }
            default -> requested;
        };
    }

    /** noise_dim, resolving 0 (auto) to min(max(d, 2), 16). */
    static int noiseDim(Params p, int dataDim) {
        int k = p.integer("noise_dim");
        return k > 0 ? k : Math.min(Math.max(dataDim, 2), 16);
    }

    /** Trainer options from resolved params and the run's budget. */
    static FGanTrainer.Options options(Params p, Budget budget) {
        TrainingOptions t = TRAINING.options(p, budget);
        return new FGanTrainer.Options(FGanTrainer.Method.fromId(p.string("method")),
                GeneratorLoss.fromId(p.string("generator_loss")), Math.toIntExact(t.iterations()), t.batch(),
                p.integer("critic_steps"), p.real("lr_g"), p.real("lr_c"), p.real("beta1"), t.schedule(),
                t.clip(), p.integer("log_every"), p.integer("eval_size"), t.maxSeconds(), p.real("ema"));
    }

    static FitResult fit(Divergence div, FitContext ctx) {
        Dataset data = ctx.data();
        Params p = ctx.params();
        int d = data.dimension();
        double[][] train = data.train();
        double[] shift = new double[d];
        double[] scale = new double[d];
        java.util.Arrays.fill(scale, 1.0);
        FGanTrainer.Options o = options(p, ctx.budget());
        Map<String, String> config = config(div, p, o, data);
        boolean bounded = p.string("generator").equals("mlp") && config.get("output").equals("sigmoid");
        if (p.bool("standardize") && bounded) {
            // one map for every pixel: a per-pixel standardisation would blow up near-constant pixels
            // (an image's border) into the critic's easiest clue
            java.util.Arrays.fill(shift, data.levels() / 2.0);
            java.util.Arrays.fill(scale, data.levels() / 2.0);
        } else if (p.bool("standardize")) {
            Standardization st = Standardization.of(train);
            shift = st.mean();
            scale = st.scaleOrOne();
        }
        GanModel model = GanModel.build(div.modelId(), config, d, shift, scale, ctx.seeds().rng("init"));
        double[][] trainStd = apply(train, shift, scale);
        double[][] val = data.validation();
        double[][] evalRows = val != null && val.length > 0 ? apply(val, shift, scale) : trainStd;
        GradientTrainer.Outcome out = FGanTrainer.fit(model.gan(), BatchSource.rows(trainStd, ctx.seeds().rng("batches")),
                BatchSource.rows(evalRows, ctx.seeds().rng("eval-data")), o, ctx.seeds().rng("noise"),
                ctx.seeds().rng("eval-noise"), ctx.checkpoints(), ctx.listener());
        return FitResult.trained(model, out, o.training());
    }

    static double[][] apply(double[][] x, double[] shift, double[] scale) {
        double[][] out = new double[x.length][shift.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < shift.length; j++) {
                out[i][j] = (x[i][j] - shift[j]) / scale[j];
            }
        }
        return out;
    }
}
