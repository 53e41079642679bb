package dgm.flow;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.nn.Activation;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.flow.base.BaseDistribution;
import dgm.flow.base.DiagonalNormal;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.ActNorm;
import dgm.flow.bijector.AdditiveTransformer;
import dgm.flow.bijector.AffineTransformer;
import dgm.flow.bijector.BatchNormFlow;
import dgm.flow.bijector.Bijector;
import dgm.flow.bijector.BoxSquash;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.Coupling;
import dgm.flow.bijector.FixedAffine;
import dgm.flow.bijector.Inverse;
import dgm.flow.bijector.LuLinear;
import dgm.flow.bijector.MarginalHistogramCdf;
import dgm.flow.bijector.MaskedAutoregressive;
import dgm.flow.bijector.Permutation;
import dgm.flow.bijector.Planar;
import dgm.flow.bijector.Radial;
import dgm.flow.bijector.RationalQuadraticSpline;
import dgm.flow.bijector.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ready-made flows, built from their resolved config. Building is deterministic given the
 * config and the init generator; a saved model is rebuilt from its config and then its parameter
 * and buffer arrays are restored over the fresh ones.
 *
 * <pre>
 * realnvp: [standardise] → ( [ActNorm] → affine coupling(first ⌊d/2⌋ | rest) → permutation ) × layers
 * nice:    [standardise] → ( [ActNorm] → additive coupling → permutation ) × layers, diagonal base
 * maf:     [standardise] → ( [ActNorm] → masked autoregressive affine (MADE) → permutation ) × layers
 * nsf:     as realnvp with rational-quadratic spline transformers; nsf-ar: as maf with splines
 * glow:    [standardise] → ( ActNorm → LU linear map → affine coupling ) × layers
 * planar:  [standardise] → planar × layers (density direction solved numerically); radial likewise
 * </pre>
 * The last permutation is omitted (it would only relabel the latent axes). With box B &gt; 0 a fixed
 * B·tanh map comes first on the data side, confining the model to (−B, B)^d. With batchnorm=true a
 * batch-norm bijector follows every transform layer but the last.
 */
public final class Architectures {
    private Architectures() {
    }

    /**
     * The model's flow and the fixed preprocessing stages its fitter sets from the data:
     * @param standardizer the fixed standardisation (or null), fitted by the caller on the training rows as
     *                     they arrive at it (after the logit map when there is one)
     * @param marginals    with marginals=histogram, the fixed map Φ⁻¹(F_j(y_j)) whose cell masses the caller
     *                     fits on the training set; null otherwise
     * @param logitRange   with logit=true, the fixed affine map of the data range [0, L) onto [−1, 1) that
     *                     precedes the logit squash (set by the caller from the dataset's L); null otherwise
     */
    public record Built(FlowModel model, FixedAffine standardizer, FixedAffine logitRange,
                        MarginalHistogramCdf marginals) {
        public Built(FlowModel model, FixedAffine standardizer) {
            this(model, standardizer, null, null);
        }
    }

    /**
     * The logit preprocessing of dequantised data y ∈ [0, L)^d: u = 2y/L − 1 ∈ [−1, 1), then
     * atanh(u/B) with B = 1/(1 − 2α), which is ½·logit(α + (1 − 2α)·y/L) (RealNVP's preprocessing).
     * Both stages are fixed bijectors whose log-determinants enter log p, so densities stay in y-space;
     * the model's support is the box [−αL/(1−2α), L + αL/(1−2α)]^d, a little wider than [0, L)^d.
     */
    static List<Bijector> logitStages(ParamBuffer buffers, int d, double alpha, FixedAffine[] rangeOut) {
        FixedAffine range = new FixedAffine(buffers, "logit_range", d);
        rangeOut[0] = range;
        return List.of(range, new BoxSquash(d, 1.0 / (1.0 - 2.0 * alpha)));
    }

    /** A ready-made flow: its id, what it is, its model parameters (training ones apart) and how it is built. */
    public record Architecture(String id, String description, List<ParamSpec> params, Builder builder) {
    }

    /** Builds the flow of an architecture from its resolved config. */
    @FunctionalInterface
    public interface Builder {
        Built build(String id, Params p, int d, Rng init);
    }

    /** Every ready-made flow, declared once: the family's model ids, their parameters and their builders. */
    public static final List<Architecture> ALL = List.of(
            new Architecture("realnvp",
                    "RealNVP (Dinh et al. 2017): affine couplings with a tanh-bounded log-scale, MLP conditioners, "
                            + "optional ActNorm, exact likelihood",
                    stackParams(8, "standard", true, "affine"),
                    (id, p, d, init) -> stack(id, p, d, init, new AffineTransformer(p.real("scale_bound")), false)),
            new Architecture("nice",
                    "NICE (Dinh et al. 2015): additive (volume-preserving) couplings with a learned diagonal "
                            + "Gaussian base as its scaling layer, exact likelihood",
                    stackParams(4, "diagonal", false, "additive"),
                    (id, p, d, init) -> stack(id, p, d, init, new AdditiveTransformer(), false)),
            new Architecture("maf",
                    "MAF (Papamakarios et al. 2017): masked autoregressive affine layers (MADE conditioners, "
                            + "tanh-bounded log-scale), one-pass density, sequential sampling (coordinate by coordinate, each unit computed once), exact likelihood",
                    stackParams(5, "standard", true, "affine"),
                    (id, p, d, init) -> stack(id, p, d, init, new AffineTransformer(p.real("scale_bound")), true)),
            new Architecture("iaf",
                    "IAF (Kingma et al. 2016): MAF's layers used the other way round (masked autoregressive affine, "
                            + "MADE conditioners, tanh-bounded log-scale), one-pass sampling with a backward pass "
                            + "(reverse KL), sequential density (coordinate by coordinate), exact likelihood",
                    stackParams(5, "standard", true, "affine"),
                    (id, p, d, init) -> stack(id, p, d, init, new AffineTransformer(p.real("scale_bound")), true)),
            new Architecture("nsf",
                    "Neural spline flow, coupling form (Durkan et al. 2019): monotone rational-quadratic splines "
                            + "with linear tails in coupling layers, exact likelihood",
                    stackParams(6, "standard", true, "spline"),
                    (id, p, d, init) -> stack(id, p, d, init, new RationalQuadraticSpline(p.integer("bins"), p.real("tail_bound")), false)),
            new Architecture("nsf-ar",
                    "Neural spline flow, autoregressive form (Durkan et al. 2019): rational-quadratic spline "
                            + "transformers conditioned by MADE, one-pass density, sequential sampling, exact likelihood",
                    stackParams(5, "standard", true, "spline"),
                    (id, p, d, init) -> stack(id, p, d, init, new RationalQuadraticSpline(p.integer("bins"), p.real("tail_bound")), true)),
            new Architecture("glow",
                    "Glow-style flow for vectors (Kingma and Dhariwal 2018): ActNorm, an invertible linear map "
                            + "with LU parameterisation and an affine coupling per step, exact likelihood",
                    glowParams(),
                    (id, p, d, init) -> stack(id, p, d, init, new AffineTransformer(p.real("scale_bound")), false)),
            new Architecture("planar",
                    "Planar flow (Rezende and Mohamed 2015) fitted by maximum likelihood: a stack of "
                            + "z + û·tanh(wᵀz + b) maps, density direction solved numerically, exact likelihood",
                    planarParams(), Architectures::planar),
            new Architecture("radial",
                    "Radial flow (Rezende and Mohamed 2015) fitted by maximum likelihood: a stack of "
                            + "z + β(z − z₀)/(α + ‖z − z₀‖) maps, both directions in closed form, exact likelihood",
                    planarParams(), Architectures::planar));

    public static Built build(String id, Map<String, String> config, int d, Rng init) {
        for (Architecture a : ALL) {
            if (a.id().equals(id)) {
                return a.builder().build(id, Params.of(config), d, init);
            }
        }
        throw new InputException("the flow family has no model '" + id + "'; allowed: "
                + String.join(", ", ALL.stream().map(Architecture::id).toList()));
    }

    /** @param transformer affine, additive or spline: decides which transformer parameters exist */
    static List<ParamSpec> stackParams(int layers, String base, boolean actnorm, String transformer) {
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
        return List.copyOf(s);
    }

    /** glow has no fixed permutation parameter (the LU map mixes) and ActNorm is part of every step. */
    static List<ParamSpec> glowParams() {
        List<ParamSpec> s = new ArrayList<>(stackParams(6, "standard", true, "affine"));
        s.removeIf(p -> p.name().equals("permutation"));
        return List.copyOf(s);
    }

    /** planar and radial: no conditioner networks, permutations, normalisation layers or image preprocessing. */
    static List<ParamSpec> planarParams() {
        List<String> drop = List.of("logit", "logit_alpha", "marginals", "hidden", "depth", "activation", "permutation",
                "actnorm", "batchnorm", "scale_bound");
        List<ParamSpec> s = new ArrayList<>();
        for (ParamSpec p : stackParams(16, "standard", false, "affine")) {
            if (!drop.contains(p.name())) {
                s.add(p);
            }
        }
        return List.copyOf(s);
    }

    private static Built stack(String id, Params p, int d, Rng init, Transformer transformer, boolean autoregressive) {
        if (d < 2) {
            throw new InputException(id + " needs data of dimension at least 2 (couplings and MADE split the coordinates); got " + d);
        }
        ParamBuffer params = new ParamBuffer();
        ParamBuffer buffers = new ParamBuffer();
        List<Bijector> stages = new ArrayList<>();
        if (p.real("box") > 0) {
            stages.add(new BoxSquash(d, p.real("box")));
        }
        FixedAffine[] logitRange = {null};
        if (p.bool("logit")) {
            if (p.real("box") > 0) {
                throw new InputException(id + ": logit=true and box>0 both confine the data; choose one");
            }
            stages.addAll(logitStages(buffers, d, p.real("logit_alpha"), logitRange));
        }
        MarginalHistogramCdf marginals = null;
        if (p.string("marginals").equals("histogram")) {
            if (p.real("box") > 0 || p.bool("logit")) {
                throw new InputException(id + ": marginals=histogram already maps the data's box [0, L)^d onto ℝ^d; "
                        + "it cannot be combined with box>0 or logit=true");
            }
            marginals = new MarginalHistogramCdf(buffers, "marginals", d);
            stages.add(marginals);
        }
        FixedAffine standardizer = null;
        if (p.bool("standardize")) {
            standardizer = new FixedAffine(buffers, "standardize", d);
            stages.add(standardizer);
        }
        int layers = p.integer("layers");
        int[] hidden = new int[p.integer("depth")];
        Arrays.fill(hidden, p.integer("hidden"));
        Activation act = Activation.parse(p.string("activation"));
        boolean actnorm = p.bool("actnorm");
        boolean batchnorm = p.bool("batchnorm");
        // glow: a learned LU linear map before each coupling instead of fixed permutations between them
        boolean glow = id.equals("glow");
        String permutation = glow ? "none" : p.string("permutation");
        List<Coupling> couplings = new ArrayList<>();
        List<MaskedAutoregressive> mafs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            if (actnorm) {
                stages.add(new ActNorm(params, buffers, "actnorm" + l, d));
            }
            if (glow) {
                stages.add(new LuLinear(params, buffers, "lu" + l, d, init));
            }
            if (autoregressive) {
                MaskedAutoregressive m = new MaskedAutoregressive(params, "maf" + l, d, transformer, hidden, act);
                mafs.add(m);
                // iaf: the same layer used the other way round, one-pass sampling, sequential density
                stages.add(id.equals("iaf") ? new Inverse(m) : m);
            } else {
                Coupling c = new Coupling(params, "coupling" + l, d, Coupling.firstHalf(d), transformer, hidden, act);
                couplings.add(c);
                stages.add(c);
            }
            if (batchnorm && l < layers - 1) {
                stages.add(new BatchNormFlow(params, buffers, "batchnorm" + l, d));
            }
            if (l < layers - 1 && !glow) {
                stages.add(switch (permutation) {
                    case "reverse" -> Permutation.reverse(buffers, "perm" + l, d);
                    case "random" -> Permutation.random(buffers, "perm" + l, d, init);
                    default -> throw new InputException(id + ": permutation must be reverse or random, got " + permutation);
                });
            }
        }
        BaseDistribution base = switch (p.string("base")) {
            case "standard" -> new StandardNormal(d);
            case "diagonal" -> new DiagonalNormal(params, "base", d);
            default -> throw new InputException(id + ": base must be standard or diagonal, got " + p.string("base"));
        };
        // Conditioners start at zero output, so every coupling starts as the identity (Glow's choice).
        for (Coupling c : couplings) {
            c.initialize(init, 0.0);
        }
        for (MaskedAutoregressive m : mafs) {
            m.initialize(init, 0.0);
        }
        FlowModel model = new FlowModel(id, p.asMap(), params, buffers, new Composite(d, stages), base);
        return new Built(model, standardizer, logitRange[0], marginals);
    }

    private static Built planar(String id, Params p, int d, Rng init) {
        ParamBuffer params = new ParamBuffer();
        ParamBuffer buffers = new ParamBuffer();
        List<Bijector> stages = new ArrayList<>();
        if (p.real("box") > 0) {
            stages.add(new BoxSquash(d, p.real("box")));
        }
        FixedAffine standardizer = null;
        if (p.bool("standardize")) {
            standardizer = new FixedAffine(buffers, "standardize", d);
            stages.add(standardizer);
        }
        for (int l = 0; l < p.integer("layers"); l++) {
            stages.add(id.equals("radial") ? new Radial(params, "radial" + l, d, init)
                    : new Planar(params, "planar" + l, d, init));
        }
        BaseDistribution base = p.string("base").equals("diagonal") ? new DiagonalNormal(params, "base", d)
                : new StandardNormal(d);
        return new Built(new FlowModel(id, p.asMap(), params, buffers, new Composite(d, stages), base), standardizer);
    }

    /** Rebuilds a saved flow: the architecture from the config, then the saved arrays over it. */
    public static FlowModel restore(dgm.core.model.ModelState state) {
        Built b = build(state.modelId(), state.config(), state.dimension(), new Rng(0));
        FlowModel m = b.model();
        m.params().restore(state.array("params"));
        m.buffers().restore(state.array("buffers"));
        return m;
    }
}
