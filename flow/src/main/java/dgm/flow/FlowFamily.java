package dgm.flow;

import dgm.core.data.DataKind;
import dgm.core.data.DataShape;
import dgm.core.data.Dataset;
import dgm.core.model.Capability;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.Batches;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingParams;
import dgm.flow.bijector.MarginalHistogramCdf;
import java.util.ArrayList;
import java.util.List;

/** The normalizing flows, registered through {@link java.util.ServiceLoader} as family {@code flow}. */
public final class FlowFamily implements ModelFamily {

    @Override
    public String name() {
        return "flow";
    }

    /** The training parameters of every flow, declared once. */
    static final TrainingParams TRAINING = TrainingParams.epochs(200, 1, "maximal passes over the training set")
            .batch(256, "minibatch size")
            .lr(1e-3)
            .schedule("cosine", List.of("cosine", "step", "constant"))
            .clip(10.0, "maximal gradient norm (0: no clipping)")
            .weightDecay()
            .patience(20, "early stopping: epochs without validation improvement (0: off); the best parameters are kept")
            .build();

    @Override
    public List<ModelSpec> models() {
        List<ModelSpec> specs = new ArrayList<>();
        for (Architectures.Architecture a : Architectures.ALL) {
            specs.add(ModelSpec.trained(a.id(), a.description(), Capability.EXACT_DENSITY, a.params(), TRAINING,
                    ctx -> fit(a.id(), ctx), Architectures::restore).withDataDefaults(shape -> dataDefaults(a.id(), shape)));
        }
        return List.copyOf(specs);
    }

    /**
     * The image recipe (docs/images.md): on 8-bit images every conditioner-based flow works in the
     * logit space of the MAF paper (λ = 1e-6, the Jacobian inside the likelihood, so bits/dim stay on
     * the pixel scale), with MADE/coupling networks sized for 784 inputs and a learning rate and
     * batch chosen by measurement. Planar and radial flows keep their defaults (no conditioners).
     */
    static java.util.Map<String, String> dataDefaults(String id, DataShape shape) {
        if (shape.profile() != DataShape.Profile.IMAGE || id.equals("planar") || id.equals("radial")) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("logit", "true");
        m.put("logit_alpha", "1e-6");
        boolean autoregressive = id.equals("maf") || id.equals("iaf") || id.equals("nsf-ar");
        m.put("hidden", IMAGE_HIDDEN);
        m.put("depth", autoregressive ? "1" : "2");
        m.put("epochs", IMAGE_EPOCHS);
        m.put("batch", IMAGE_BATCH);
        m.put("lr", IMAGE_LR);
        m.put("patience", IMAGE_PATIENCE);
        return m;
    }

    static final String IMAGE_HIDDEN = "512";
    static final String IMAGE_EPOCHS = "50";
    static final String IMAGE_BATCH = "128";
    static final String IMAGE_LR = "1e-3";
    static final String IMAGE_PATIENCE = "10";

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
        TrainingOptions o = TRAINING.options(p, ctx.budget());
        Batches.EpochRows epochs = null;
        if (dequantised && p.bool("redequantize")) {
            epochs = redequantizer(train, ctx.seeds().rng("redequantise"));
        }
        GradientTrainer.Outcome out = FlowTrainer.fit(model, train, data.validation(), o, p.real("lr"), p.real("weight_decay"),
                ctx.seeds().rng("batches"), epochs, ctx.checkpoints(), ctx.listener());
        return FitResult.trained(model, out, o);
    }

    /**
     * Fresh dequantisation noise every epoch: row i of epoch e is ⌊y_i⌋ + u with u ~ U(0,1)^d drawn
     * from {@code rng} (the dataset's y = v + u has ⌊y⌋ = v). Epoch 0 uses the dataset's own rows, so a
     * run with one epoch is unchanged. A fresh u each epoch makes the training objective the
     * dequantised likelihood E_u[log q(v + u)] itself instead of its value at one fixed draw, which a
     * flow on few rows otherwise memorises.
     */
    static Batches.EpochRows redequantizer(double[][] train, Rng rng) {
        return Batches.EpochRows.drawnFrom(rng, epoch -> {
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
        });
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
