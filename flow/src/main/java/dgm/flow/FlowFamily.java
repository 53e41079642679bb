package dgm.flow;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.model.Capability;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.flow.bijector.MarginalHistogramCdf;
import java.util.ArrayList;
import java.util.List;

/** The normalizing flows, registered through {@link java.util.ServiceLoader} as family {@code flow}. */
public final class FlowFamily implements ModelFamily {

    @Override
    public String name() {
        return "flow";
    }

    @Override
    public List<ModelSpec> models() {
        return List.of(
                new ModelSpec("realnvp",
                        "RealNVP (Dinh et al. 2017): affine couplings with a tanh-bounded log-scale, MLP conditioners, "
                                + "optional ActNorm, exact likelihood",
                        Capability.EXACT_DENSITY, params(8, "standard", true, "affine"), ctx -> fit("realnvp", ctx),
                        Architectures::restore),
                new ModelSpec("nice",
                        "NICE (Dinh et al. 2015): additive (volume-preserving) couplings with a learned diagonal "
                                + "Gaussian base as its scaling layer, exact likelihood",
                        Capability.EXACT_DENSITY, params(4, "diagonal", false, "additive"), ctx -> fit("nice", ctx),
                        Architectures::restore),
                new ModelSpec("maf",
                        "MAF (Papamakarios et al. 2017): masked autoregressive affine layers (MADE conditioners, "
                                + "tanh-bounded log-scale), one-pass density, d-pass sampling, exact likelihood",
                        Capability.EXACT_DENSITY, params(5, "standard", true, "affine"), ctx -> fit("maf", ctx),
                        Architectures::restore),
                new ModelSpec("iaf",
                        "IAF (Kingma et al. 2016): MAF's layers used the other way round (masked autoregressive affine, "
                                + "MADE conditioners, tanh-bounded log-scale), one-pass sampling with a backward pass "
                                + "(reverse KL), d-pass density, exact likelihood",
                        Capability.EXACT_DENSITY, params(5, "standard", true, "affine"), ctx -> fit("iaf", ctx),
                        Architectures::restore),
                new ModelSpec("nsf",
                        "Neural spline flow, coupling form (Durkan et al. 2019): monotone rational-quadratic splines "
                                + "with linear tails in coupling layers, exact likelihood",
                        Capability.EXACT_DENSITY, params(6, "standard", true, "spline"), ctx -> fit("nsf", ctx),
                        Architectures::restore),
                new ModelSpec("nsf-ar",
                        "Neural spline flow, autoregressive form (Durkan et al. 2019): rational-quadratic spline "
                                + "transformers conditioned by MADE, one-pass density, d-pass sampling, exact likelihood",
                        Capability.EXACT_DENSITY, params(5, "standard", true, "spline"), ctx -> fit("nsf-ar", ctx),
                        Architectures::restore),
                new ModelSpec("glow",
                        "Glow-style flow for vectors (Kingma and Dhariwal 2018): ActNorm, an invertible linear map "
                                + "with LU parameterisation and an affine coupling per step, exact likelihood",
                        Capability.EXACT_DENSITY, glowParams(), ctx -> fit("glow", ctx), Architectures::restore),
                new ModelSpec("planar",
                        "Planar flow (Rezende and Mohamed 2015) fitted by maximum likelihood: a stack of "
                                + "z + û·tanh(wᵀz + b) maps, density direction solved numerically, exact likelihood",
                        Capability.EXACT_DENSITY, planarParams(), ctx -> fit("planar", ctx), Architectures::restore),
                new ModelSpec("radial",
                        "Radial flow (Rezende and Mohamed 2015) fitted by maximum likelihood: a stack of "
                                + "z + β(z − z₀)/(α + ‖z − z₀‖) maps, both directions in closed form, exact likelihood",
                        Capability.EXACT_DENSITY, planarParams(), ctx -> fit("radial", ctx), Architectures::restore));
    }

    /** @param transformer affine, additive or spline: decides which transformer parameters exist */
    static List<ParamSpec> params(int layers, String base, boolean actnorm, String transformer) {
        List<ParamSpec> s = new ArrayList<>();
        s.add(ParamSpec.integer("layers", layers, 1, 128, "number of coupling layers"));
        s.add(ParamSpec.integer("hidden", 64, 1, 4096, "width of each conditioner's hidden layers"));
        s.add(ParamSpec.integer("depth", 2, 1, 8, "number of hidden layers per conditioner"));
        s.add(ParamSpec.choice("activation", "relu", List.of("relu", "leaky_relu", "tanh", "elu", "softplus"),
                "conditioner hidden activation"));
        if (transformer.equals("affine")) {
            s.add(ParamSpec.real("scale_bound", 2.0, 0.1, 20.0, "bound c on each affine log-scale, s = c·tanh(r/c)"));
        }
        if (transformer.equals("spline")) {
            s.add(ParamSpec.integer("bins", 8, 2, 256, "number of spline bins K"));
            s.add(ParamSpec.real("tail_bound", 4.0, 0.1, 1e3,
                    "splines act on [−B, B] (in standardised units when standardize=true), identity outside"));
        }
        s.add(ParamSpec.choice("permutation", "reverse", List.of("reverse", "random"),
                "fixed permutation between couplings (random: seeded by the init seed)"));
        s.add(ParamSpec.bool("actnorm", actnorm, "an ActNorm layer (data-initialised) before each coupling"));
        s.add(ParamSpec.bool("batchnorm", false,
                "a batch-norm bijector after each layer but the last (batch statistics in training, running averages after)"));
        s.add(ParamSpec.choice("base", base, List.of("standard", "diagonal"),
                "base density: N(0, I) or a learned diagonal Gaussian"));
        s.add(ParamSpec.real("box", 0.0, 0.0, 1e6,
                "confine the model to (−B, B)^d by a fixed B·tanh map on the data side (0: no box); for energies "
                        + "normalisable only on a box"));
        s.add(ParamSpec.bool("logit", false,
                "dequantised data only: map y ∈ [0, L) by ½·logit(α + (1 − 2α)y/L) before the flow (fixed, "
                        + "log-det included; the model then lives on a box just wider than [0, L)^d)"));
        s.add(ParamSpec.real("logit_alpha", 0.05, 1e-6, 0.49, "α of the logit preprocessing"));
        s.add(ParamSpec.choice("marginals", "none", List.of("none", "histogram"),
                "dequantised data only: histogram = first map each y_j by Φ⁻¹(F_j(y_j)), F_j the CDF of the training "
                        + "set's Laplace-smoothed (α=1) unit-cell histogram (fixed, log-det included): with the rest at the "
                        + "identity the model is exactly the histogram baseline, and training adds the dependence"));
        s.add(ParamSpec.bool("redequantize", true,
                "dequantised data only: fresh uniform noise for the training rows every epoch, ⌊y⌋ + u "
                        + "(seed 'redequantise'); validation and test rows keep theirs"));
        s.add(ParamSpec.bool("standardize", true,
                "fixed affine map from the training set's mean and sd, included in the log-det (densities stay in data space)"));
        s.add(ParamSpec.integer("epochs", 200, 1, 1_000_000, "maximal passes over the training set"));
        s.add(ParamSpec.integer("batch", 256, 1, 1 << 20, "minibatch size"));
        s.add(ParamSpec.real("lr", 1e-3, 1e-7, 1.0, "peak Adam learning rate"));
        s.add(ParamSpec.choice("schedule", "cosine", List.of("cosine", "step", "constant"),
                "learning-rate schedule over the planned steps"));
        s.add(ParamSpec.real("clip", 10.0, 0.0, 1e9, "maximal gradient norm (0: no clipping)"));
        s.add(ParamSpec.real("weight_decay", 0.0, 0.0, 1.0, "decoupled weight decay (AdamW)"));
        s.add(ParamSpec.integer("patience", 20, 0, 1_000_000,
                "early stopping: epochs without validation improvement (0: off); the best parameters are kept"));
        s.add(ParamSpec.real("max_minutes", 10.0, 0.0, 1e6, "wall-clock budget for training"));
        s.add(ParamSpec.integer("max_steps", 0, 0, 1_000_000_000,
                "if > 0: exactly this many gradient updates (overrides epochs; the schedule is planned over them)"));
        return List.copyOf(s);
    }

    /** glow has no fixed permutation parameter (the LU map mixes) and ActNorm is part of every step. */
    static List<ParamSpec> glowParams() {
        List<ParamSpec> s = new ArrayList<>(params(6, "standard", true, "affine"));
        s.removeIf(p -> p.name().equals("permutation"));
        return List.copyOf(s);
    }

    /** planar: no conditioner networks, permutations or normalisation layers. */
    static List<ParamSpec> planarParams() {
        List<String> drop = List.of("logit", "logit_alpha", "marginals", "hidden", "depth", "activation", "permutation", "actnorm", "batchnorm", "scale_bound");
        List<ParamSpec> s = new ArrayList<>();
        for (ParamSpec p : params(16, "standard", false, "affine")) {
            if (!drop.contains(p.name())) {
                s.add(p);
            }
        }
        return List.copyOf(s);
    }

    static FitResult fit(String id, FitContext ctx) {
        Dataset data = ctx.data();
        Params p = ctx.params();
        int d = data.dimension();
        Architectures.Built built = Architectures.build(id, p.asMap(), d, ctx.seeds().rng("init"));
        FlowModel model = built.model();
        double[][] train = data.train();
        boolean dequantised = data.kind() == DataKind.DEQUANTISED;
        if (built.logitRange() != null) {
            if (!dequantised) {
                throw new dgm.core.InputException(id + ": logit=true needs dequantised data (a known range [0, L)); "
                        + data.id() + " is " + data.kind());
            }
            double[] mu = new double[d];
            double[] sigma = new double[d];
            java.util.Arrays.fill(mu, data.levels() / 2.0);
            java.util.Arrays.fill(sigma, data.levels() / 2.0);
            built.logitRange().set(mu, sigma);
        }
        if (built.marginals() != null) {
            if (!dequantised || data.levels() > MarginalHistogramCdf.MAX_LEVELS) {
                throw new dgm.core.InputException(id + ": marginals=histogram needs dequantised data with at most "
                        + MarginalHistogramCdf.MAX_LEVELS + " levels; " + data.id() + " is " + data.kind()
                        + (dequantised ? " with " + data.levels() + " levels" : ""));
            }
            built.marginals().fit(data.levels(), 0.0, train, 1.0);
        }
        if (built.standardizer() != null) {
            built.standardizer().fit(throughPreprocessing(model, built, train));
        }
        initializeFromData(model, train, ctx.seeds().rng("data-init"));
        FlowTrainer.Options o = new FlowTrainer.Options(p.integer("epochs"), p.integer("batch"), p.real("lr"),
                p.string("schedule"), p.real("clip"), p.real("weight_decay"), p.integer("patience"),
                60 * p.real("max_minutes"), p.integer("max_steps"));
        FlowTrainer.EpochData epochs = null;
        if (dequantised && p.bool("redequantize")) {
            epochs = redequantizer(train, ctx.seeds().rng("redequantise"));
        }
        FlowTrainer.Outcome out = FlowTrainer.fit(model, train, data.validation(), o, ctx.seeds().rng("batches"),
                ctx.listener(), epochs);
        return new FitResult(model, out.history(), out.status(), out.detail());
    }

    /**
     * Fresh dequantisation noise every epoch: row i of epoch e is ⌊y_i⌋ + u with u ~ U(0,1)^d drawn
     * from {@code rng} (the dataset's y = v + u has ⌊y⌋ = v). Epoch 0 uses the dataset's own rows, so a
     * run with one epoch is unchanged. A fresh u each epoch makes the training objective the
     * dequantised likelihood E_u[log q(v + u)] itself instead of its value at one fixed draw, which a
     * flow on few rows otherwise memorises.
     */
    static FlowTrainer.EpochData redequantizer(double[][] train, Rng rng) {
        return epoch -> {
            if (epoch == 0) {
                return train;
            }
            double[][] out = new double[train.length][];
            for (int i = 0; i < train.length; i++) {
                double[] r = new double[train[i].length];
                for (int j = 0; j < r.length; j++) {
                    r[j] = Math.floor(train[i][j]) + rng.uniform();
                }
                out[i] = r;
            }
            return out;
        };
    }

    /** The training rows as the standardisation sees them: through the logit or marginal stages before it. */
    static double[][] throughPreprocessing(FlowModel model, Architectures.Built built, double[][] train) {
        if (built.logitRange() == null && built.marginals() == null) {
            return train;
        }
        java.util.List<dgm.flow.bijector.Bijector> stages = ((dgm.flow.bijector.Composite) model.flow()).stages();
        int d = model.dimension();
        int n = train.length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(train[i], 0, x, i * d, d);
        }
        double[] ld = new double[n];
        for (dgm.flow.bijector.Bijector b : stages) {
            if (b == built.standardizer()) {
                break;
            }
            double[] z = new double[n * d];
            b.forward(x, n, z, ld);
            x = z;
        }
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, rows[i], 0, d);
        }
        return rows;
    }

    /** ActNorm's data-dependent initialisation on a random subset of up to 1024 training rows. */
    static void initializeFromData(FlowModel model, double[][] train, Rng rng) {
        int d = model.dimension();
        int m = Math.min(1024, train.length);
        int[] idx = rng.permutation(train.length);
        double[] x = new double[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(train[idx[i]], 0, x, i * d, d);
        }
        model.flow().initializeFromData(x, m);
    }
}
