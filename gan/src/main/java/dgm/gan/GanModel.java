package dgm.gan;

import dgm.core.model.Arrays2;
import dgm.core.model.ImplicitModel;
import dgm.core.model.ModelState;
import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained f-GAN as a sample-only model: x = m + s ⊙ G_θ(z), z ~ N(0, I_k), where (m, s) is the
 * fixed per-coordinate standardisation of the training set (identity when {@code standardize} is
 * off) and G_θ was trained in standardised coordinates. f-divergences are invariant under this
 * bijection, so F̂ in standardised space is F̂ in data space.
 *
 * <p>It claims no likelihood ({@link ImplicitModel}). The critic is kept with the model (saved and
 * restored) so that F̂ can be re-estimated later; it is not a density.
 *
 * <p>Config keys (all strings): divergence, generator (mlp|affine), noise_dim, hidden, layers,
 * activation, output (linear|sigmoid, with output_range L: samples in [0, L)), critic_hidden,
 * critic_layers, critic_activation, spectral_norm, init_mu, init_sigma, ema (β of the moving average
 * of the generator's weights; absent or 0: none). With ema &gt; 0 the model samples from the averaged
 * generator, which starts at the generator's initial weights; both are saved.
 */
public final class GanModel implements ImplicitModel {
    private final String id;
    private final Map<String, String> config;
    private final FGan gan;
    private final double[] shift;
    private final double[] scale;

    private GanModel(String id, Map<String, String> config, FGan gan, double[] shift, double[] scale) {
        this.id = id;
        this.config = new LinkedHashMap<>(config);
        this.gan = gan;
        this.shift = shift.clone();
        this.scale = scale.clone();
    }

    /**
     * Builds the networks from the config, initialised from {@code init} (generator first, then
     * critic), with the given standardisation.
     */
    public static GanModel build(String id, Map<String, String> config, int d, double[] shift, double[] scale, Rng init) {
        Divergence div = Divergence.fromId(config.get("divergence"));
        Generator g = generator(config, d, shift, scale);
        Critic c = new Critic(d, Integer.parseInt(config.get("critic_hidden")), Integer.parseInt(config.get("critic_layers")),
                Activation.parse(config.get("critic_activation")),
                Boolean.parseBoolean(config.getOrDefault("spectral_norm", "false")));
        g.initialize(init);
        c.initialize(init);
        Generator averaged = null;
        if (ema(config) > 0) {
            // no draw from init: with or without averaging the networks start (and train) alike
            averaged = generator(config, d, shift, scale);
            averaged.params().restore(g.params().values());
        }
        return new GanModel(id, config, new FGan(div, g, c, averaged), shift, scale);
    }

    /** β of the moving average of the generator's weights (0: none). */
    static double ema(Map<String, String> config) {
        return Double.parseDouble(config.getOrDefault("ema", "0"));
    }

    /** A generator of the config's architecture, not initialised. */
    private static Generator generator(Map<String, String> config, int d, double[] shift, double[] scale) {
        Generator g;
        if ("affine".equals(config.getOrDefault("generator", "mlp"))) {
            double[] mu0 = new double[d];
            double[] s0 = new double[d];
            java.util.Arrays.fill(mu0, Double.parseDouble(config.getOrDefault("init_mu", "0.0")));
            java.util.Arrays.fill(s0, Double.parseDouble(config.getOrDefault("init_sigma", "1.0")));
            g = new AffineGenerator(mu0, s0);
        } else {
            double[] outScale = null;
            double[] outShift = null;
            if ("sigmoid".equals(config.getOrDefault("output", "linear"))) {
                // samples L·σ(u) in [0, L), in the standardised coordinates: (L·σ(u) − m_j)/s_j
                double range = Double.parseDouble(config.get("output_range"));
                outScale = new double[d];
                outShift = new double[d];
                for (int j = 0; j < d; j++) {
                    outScale[j] = range / scale[j];
                    outShift[j] = -shift[j] / scale[j];
                }
            }
            g = new MlpGenerator(Integer.parseInt(config.get("noise_dim")), d, Integer.parseInt(config.get("hidden")),
                    Integer.parseInt(config.get("layers")), Activation.parse(config.get("activation")), outScale, outShift);
        }
        return g;
    }

    /** Rebuilds a saved model exactly (see {@link #state()}). */
    public static GanModel restore(ModelState state) {
        GanModel m = build(state.modelId(), state.config(), state.dimension(), state.array("shift"), state.array("scale"),
                new Rng(0));
        m.gan.generator().params().restore(state.array("generator"));
        m.gan.critic().params().restore(state.array("critic"));
        if (m.gan.averaged() != null) {
            m.gan.averaged().params().restore(state.array("generator_ema"));
        }
        return m;
    }

    public FGan gan() {
        return gan;
    }

    public Divergence divergence() {
        return gan.divergence();
    }

    public Map<String, String> config() {
        return Collections.unmodifiableMap(config);
    }

    public double[] shift() {
        return shift.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    /** n samples as rows, in data coordinates, from the averaged generator when there is one ({@link FGan#sampler()}). */
    public double[][] sampleRows(int n, Rng rng) {
        int d = dimension();
        double[] u = FGanTrainer.sample(gan.sampler(), n, rng);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = shift[j] + scale[j] * u[i * d + j];
            }
        }
        return x;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        return Arrays2.matrix(sampleRows(n, rng), dimension());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return gan.generator().dimension();
    }

    @Override
    public ModelState state() {
        var b = ModelState.builder(id, dimension())
                .config(config)
                .array("generator", gan.generator().params().values())
                .array("critic", gan.critic().params().values());
        if (gan.averaged() != null) {
            b.array("generator_ema", gan.averaged().params().values());
        }
        return b.array("shift", shift)
                .array("scale", scale)
                .build();
    }

    /** The generator's parameters (what is fitted to produce samples; the critic is not counted). */
    @Override
    public long parameterCount() {
        return gan.generator().params().size();
    }

    @Override
    public String toString() {
        return id + ": generator " + gan.generator().describe() + (gan.averaged() != null ? " (samples from its weights' moving "
                + "average, β " + config.get("ema") + ")" : "") + ", critic " + gan.critic().describe();
    }
}
