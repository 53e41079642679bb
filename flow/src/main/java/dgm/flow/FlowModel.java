package dgm.flow;

import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.ModelState;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.flow.base.BaseDistribution;
import dgm.flow.bijector.Bijector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A normalizing flow: an invertible f (data → latent) and a base density, with the exact
 * change-of-variables log-density log p(x) = log p_base(f(x)) + log|det ∂f/∂x| (nats, in the data
 * space the model was trained on), and sampling x = f⁻¹(z), z ~ p_base.
 *
 * <p>The trainable parameters (of the bijectors and the base) sit in one {@link ParamBuffer}; fixed
 * state (permutations, the standardisation, ActNorm's initialised flags) in another. Both are saved
 * by {@link #state()}, and the architecture is rebuilt from the config, so save → load gives
 * bit-identical log-densities and samples.
 *
 * <p>Not thread-safe: the model owns its workspaces.
 */
public final class FlowModel implements DensityModel {
    /**
     * Rows per pass in evaluation: small enough that a conditioner's hidden activations (512 × 64
     * doubles, 256 KB) stay in the L2 cache between the layers' passes, large enough that a BLAS call
     * costs far more than its overhead; 512 measured best of 256…4096 for the 10,000-point
     * log-density of the reference RealNVP (docs/performance.md). Results do not depend on it.
     */
    static final int CHUNK = 512;

    private final String id;
    private final int d;
    private final Map<String, String> config;
    private final ParamBuffer params;
    private final ParamBuffer buffers;
    private final Bijector flow;
    private final BaseDistribution base;
    private double[] z = new double[0];
    private double[] logDet = new double[0];
    private double[] baseLp = new double[0];
    private double[] dz = new double[0];
    private double[] dLd = new double[0];
    private double[] dx = new double[0];

    public FlowModel(String id, Map<String, String> config, ParamBuffer params, ParamBuffer buffers,
                     Bijector flow, BaseDistribution base) {
        if (flow.dimension() != base.dimension()) {
            throw new IllegalArgumentException("flow of dimension " + flow.dimension() + " on a base of dimension " + base.dimension());
        }
        this.id = id;
        this.d = flow.dimension();
        this.config = new LinkedHashMap<>(config);
        this.params = params;
        this.buffers = buffers;
        this.flow = flow;
        this.base = base;
    }

    public ParamBuffer params() {
        return params;
    }

    public ParamBuffer buffers() {
        return buffers;
    }

    public Bijector flow() {
        return flow;
    }

    public BaseDistribution base() {
        return base;
    }

    public Map<String, String> config() {
        return java.util.Collections.unmodifiableMap(config);
    }

    private void ensure(int n) {
        if (logDet.length >= n) {
            return;
        }
        z = new double[n * d];
        logDet = new double[n];
        baseLp = new double[n];
        dz = new double[n * d];
        dLd = new double[n];
        dx = new double[n * d];
    }

    /** out[i] = log p(x_i) for the n rows of the flat batch x. */
    public void logProb(double[] x, int n, double[] out) {
        ensure(n);
        java.util.Arrays.fill(logDet, 0, n, 0.0);
        flow.forward(x, n, z, logDet);
        base.logProb(z, n, baseLp);
        for (int i = 0; i < n; i++) {
            out[i] = baseLp[i] + logDet[i];
        }
    }

    /**
     * The mean negative log-likelihood −(1/n) Σ log p(x_i) of a flat batch, with its gradient
     * accumulated into {@link #params()} (zero it first). This is one training step's forward and
     * backward pass, in training mode (batch statistics for batch norm); every other method of the
     * model evaluates in evaluation mode.
     */
    public double meanNllAndGradient(double[] x, int n) {
        flow.setTraining(true);
        try {
            return trainingStep(x, n);
        } finally {
            flow.setTraining(false);
        }
    }

    private double trainingStep(double[] x, int n) {
        ensure(n);
        java.util.Arrays.fill(logDet, 0, n, 0.0);
        flow.forward(x, n, z, logDet);
        base.logProb(z, n, baseLp);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += baseLp[i] + logDet[i];
        }
        double w = -1.0 / n;
        java.util.Arrays.fill(dLd, 0, n, w);
        base.backward(z, dLd, n, dz);
        flow.backward(dz, dLd, n, dx);
        return -s / n;
    }

    /** −(1/n) Σ log p(x_i) over all rows, in chunks; no gradient. */
    public double meanNll(double[][] rows) {
        double s = 0;
        double[] out = new double[Math.min(CHUNK, Math.max(1, rows.length))];
        double[] buf = new double[out.length * d];
        for (int start = 0; start < rows.length; start += CHUNK) {
            int m = Math.min(CHUNK, rows.length - start);
            for (int i = 0; i < m; i++) {
                System.arraycopy(rows[start + i], 0, buf, i * d, d);
            }
            logProb(buf, m, out);
            for (int i = 0; i < m; i++) {
                s -= out[i];
            }
        }
        return s / rows.length;
    }

    /** log p(x) for each row of x [n, d]; shape [n]. */
    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logProb(Arrays2.rows(id, x, d)));
    }

    /** log p(x) for each row. */
    public double[] logProb(double[][] rows) {
        double[] result = new double[rows.length];
        double[] out = new double[Math.min(CHUNK, Math.max(1, rows.length))];
        double[] buf = new double[out.length * d];
        for (int start = 0; start < rows.length; start += CHUNK) {
            int m = Math.min(CHUNK, rows.length - start);
            for (int i = 0; i < m; i++) {
                if (rows[start + i].length != d) {
                    throw new dgm.core.InputException("model '" + id + "' expects points of dimension " + d);
                }
                System.arraycopy(rows[start + i], 0, buf, i * d, d);
            }
            logProb(buf, m, out);
            System.arraycopy(out, 0, result, start, m);
        }
        return result;
    }

    /** n samples x = f⁻¹(z), z ~ p_base, as rows. */
    public double[][] sampleRows(int n, Rng rng) {
        return sampleRows(n, rng, 1.0);
    }

    /**
     * n samples x = f⁻¹(z) with z drawn from the base at temperature T (its standard deviations times
     * T; see {@link BaseDistribution#sample(int, Rng, double[], double)}), as rows. T = 1 is
     * {@link #sampleRows(int, Rng)} bit for bit; T &lt; 1 trades diversity for typicality, and such
     * samples are not draws from the model.
     */
    public double[][] sampleRows(int n, Rng rng, double temperature) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new dgm.core.InputException("model '" + id + "': temperature must be a finite number ≥ 0, got " + temperature);
        }
        double[][] rows = new double[n][d];
        int chunk = Math.min(CHUNK, Math.max(1, n));
        double[] zb = new double[chunk * d];
        double[] xb = new double[chunk * d];
        double[] ld = new double[chunk];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            base.sample(m, rng, zb, temperature);
            flow.inverse(zb, m, xb, ld);
            for (int i = 0; i < m; i++) {
                System.arraycopy(xb, i * d, rows[start + i], 0, d);
            }
        }
        return rows;
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
        return d;
    }

    @Override
    public ModelState state() {
        return ModelState.builder(id, d)
                .config(config)
                .array("params", params.values())
                .array("buffers", buffers.values())
                .build();
    }

    @Override
    public long parameterCount() {
        return params.size();
    }

    @Override
    public String toString() {
        return id + " (d=" + d + ", " + params.size() + " parameters): " + flow.describe();
    }
}
