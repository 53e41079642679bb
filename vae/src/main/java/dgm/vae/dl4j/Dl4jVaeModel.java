package dgm.vae.dl4j;

import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelState;
import dgm.core.rng.Rng;
import dgm.vae.VaeModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE whose parameters are those of Deeplearning4j's own {@code VariationalAutoencoder} layer,
 * trained by DL4J ({@link Dl4jVaeTrainer}), with its likelihood computed by the workbench: the
 * layer's parameters are copied ({@link Dl4jNetworks#copy}) into a {@link VaeModel} of the same
 * architecture, and that model's float64 code computes the importance-weighted bound L_k (k = 1:
 * the ELBO) in the data's units, exactly as for the workbench's own {@code vae}, and draws the
 * samples (z ~ N(0, I), x ~ p(x|z)).
 *
 * <p>The fixed standardisation x′ = (x − m)/s is the network's input and the space of its Gaussian
 * reconstruction distribution; the workbench's copy holds the same m and s, so log p(x|z) is in data
 * units (−Σ_j log s_j, the log-Jacobian, included). DL4J's {@code reconstructionLogProbability} is
 * E_q[log p(x′|z)] (no KL term, standardised units): it is not a bound on log p(x) and is not used.
 *
 * <p>The saved state is DL4J's flattened parameter vector ({@code net.params()}) with the
 * architecture and the standardisation: {@link #network()} rebuilds the DL4J network from it, and
 * {@link #restore} gives the same bounds and samples bit for bit. Not thread-safe (the copy owns
 * workspaces).
 */
public final class Dl4jVaeModel implements LatentVariableModel {
    private final String id;
    private final Dl4jVaeConfig cfg;
    private final double[] params;
    private final double[] shift;
    private final double[] scale;
    private final VaeModel vae;
    private MultiLayerNetwork net;

    /** The model of a trained network (its parameters are copied; the network is kept for {@link #network()}). */
    public static Dl4jVaeModel of(String id, Dl4jVaeConfig cfg, MultiLayerNetwork net, double[] shift, double[] scale) {
        Dl4jVaeModel m = new Dl4jVaeModel(id, cfg, Dl4jNetworks.parameters(net), shift, scale, net);
        return m;
    }

    private Dl4jVaeModel(String id, Dl4jVaeConfig cfg, double[] params, double[] shift, double[] scale,
                         MultiLayerNetwork net) {
        this.id = id;
        this.cfg = cfg;
        this.params = params.clone();
        this.shift = shift.clone();
        this.scale = scale.clone();
        this.net = net;
        this.vae = Dl4jNetworks.workbenchVae(id, cfg);
        MultiLayerNetwork source = net != null ? net : network();
        if (source.params().length() != params.length) {
            throw new IllegalArgumentException("model " + id + ": " + params.length + " parameters, the architecture "
                    + cfg + " has " + source.params().length());
        }
        Dl4jNetworks.copy(source.getLayer(0).paramTable(), cfg, vae);
        vae.setStandardisation(shift, scale);
    }

    /** Rebuilds a saved model: the DL4J network from its parameters, then the workbench's copy. */
    public static Dl4jVaeModel restore(ModelState state) {
        return new Dl4jVaeModel(state.modelId(), Dl4jVaeConfig.fromMap(state.config()), state.array("dl4j_params"),
                state.array("shift"), state.array("scale"), null);
    }

    public Dl4jVaeConfig config() {
        return cfg;
    }

    /** The DL4J network with these parameters (rebuilt from them after a restore). */
    public MultiLayerNetwork network() {
        if (net == null) {
            net = Dl4jNetworks.withParameters(cfg, params);
        }
        return net;
    }

    /**
     * The workbench's float64 copy of the layer (same architecture, parameters and standardisation)
     * that computes the bounds and samples: encoder, decoder, {@link VaeModel#lowerBound}.
     */
    public VaeModel workbenchVae() {
        return vae;
    }

    public double[] shift() {
        return shift.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    /** L_k for each row (nats, data units): the workbench VAE's bound on the copied parameters. */
    public double[] lowerBound(double[][] rows, int k, Rng rng) {
        return vae.lowerBound(rows, k, rng);
    }

    @Override
    public INDArray lowerBound(INDArray x, int k, Rng rng) {
        return vae.lowerBound(x, k, rng);
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        return vae.sample(n, rng);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return cfg.dimension();
    }

    @Override
    public ModelState state() {
        return ModelState.builder(id, cfg.dimension())
                .config(cfg.toMap())
                .array("dl4j_params", params)
                .array("shift", shift)
                .array("scale", scale)
                .build();
    }

    @Override
    public long parameterCount() {
        return params.length;
    }

    @Override
    public String toString() {
        return id + " (Deeplearning4j VariationalAutoencoder, d=" + cfg.dimension() + ", d_z=" + cfg.latent() + ", "
                + cfg.layers() + "×" + cfg.hidden() + " " + cfg.activation() + ", Gaussian reconstruction, " + cfg.dtype()
                + ", " + params.length + " parameters)";
    }
}
