package dgm.vae;

import dgm.core.data.Standardization;
import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelState;
import dgm.core.nn.Workers;
import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A variational autoencoder (Kingma and Welling 2014; Rezende et al. 2014): prior p(z) = N(0, I) on
 * ℝ^{d_z}, decoder p(x|z) (a {@link DecoderLikelihood} read off an MLP of z), and Gaussian encoder
 * q(z|x) = N(μ(x), diag σ²(x)), where one MLP of the standardised x emits (μ, log σ²).
 *
 * <p><b>Bounds.</b> With z_s = μ(x) + σ(x) ⊙ ε_s, ε_s ~ N(0, I) (reparameterisation) and log-weights
 * log w_s = log p(x|z_s) + log p(z_s) − log q(z_s|x), the importance-weighted bound of Burda, Grosse
 * and Salakhutdinov (2016) is
 * <pre>L_k(x) = log (1/k) Σ_{s=1..k} w_s  ≤  log p(x),</pre>
 * with L_1 the ELBO, E[L_k] ≤ E[L_{k+1}] and L_k → log p(x) as k → ∞ (for bounded weights). The
 * training ELBO uses the analytic KL to the prior (lower variance):
 * <pre>ELBO(x) = E_q[log p(x|z)] − KL(q(z|x) ‖ N(0,I)),  KL = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²),</pre>
 * and with a weight β on the KL (Higgins et al. 2017; β &lt; 1 during a linear warm-up, Sønderby et al.
 * 2016) it is a bound only at β = 1. {@link #lowerBound} computes L_k for k up to any size in chunks
 * with a streaming log-sum-exp, so memory does not grow with k.
 *
 * <p>Every log-likelihood is in nats per example in the original data space (see the decoders for
 * how the fixed standardisation enters). Arrays are flat row-major {@code double[]}; noise for row i
 * and sample s sits at row i·k + s of an [n·k × d_z] array. Not thread-safe (owns its workspaces).
 */
public final class VaeModel implements LatentVariableModel {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Decoder rows per chunk in {@link #lowerBound}: bounds memory at a few MB whatever k is. */
    static final int MAX_DECODER_ROWS = 4096;

    /** The training objective. */
    public enum Objective {
        /** E_q[log p(x|z)] (k-sample Monte Carlo) − β·KL (analytic). */
        ELBO,
        /** L_k with the k noise samples of each row (β ignored). */
        IWAE
    }

    private final String id;
    private final VaeConfig cfg;
    private final int d;
    private final int dz;
    private final ParamBuffer params;
    private final double[] shift;
    private final double[] scale;
    private final Mlp encoder;
    private final Mlp decoder;
    private final DecoderLikelihood likelihood;
    private final int outWidth;

    // workspaces
    private double[] xs = new double[0];
    private double[] z = new double[0];
    private double[] ll = new double[0];
    private double[] dOut = new double[0];
    private double[] dZ = new double[0];
    private double[] dH = new double[0];
    private double[] wts = new double[0];

    // the most recent training-objective call's batch means (for history)
    private double lastReconstruction;
    private double lastKl;

    /** A fresh model: default initialisation of both networks from {@code init}; identity standardisation. */
    public VaeModel(String id, VaeConfig cfg, Rng init) {
        this.id = id;
        this.cfg = cfg;
        this.d = cfg.dimension();
        this.dz = cfg.latent();
        if (d < 1 || dz < 1) {
            throw new IllegalArgumentException("dimension and latent size must be positive: " + cfg);
        }
        this.params = new ParamBuffer();
        this.shift = new double[d];
        this.scale = new double[d];
        Arrays.fill(scale, 1.0);
        Activation act = Activation.parse(cfg.activation());
        this.likelihood = switch (cfg.decoder()) {
            case "gaussian" -> new GaussianDecoder(d, shift, scale, cfg.minScale());
            case "bernoulli" -> new BernoulliDecoder(d);
            case "dlogistic" -> new DiscretisedLogisticDecoder(d, cfg.levels(), shift, scale, cfg.minScale());
            default -> throw new IllegalArgumentException("unknown decoder '" + cfg.decoder()
                    + "'; allowed: gaussian, bernoulli, dlogistic");
        };
        this.outWidth = likelihood.outputsPerDimension() * d;
        this.encoder = new Mlp(params, "encoder", act, Activation.IDENTITY, cfg.sizes(d, 2 * dz));
        this.decoder = new Mlp(params, "decoder", act, Activation.IDENTITY, cfg.sizes(dz, outWidth));
        encoder.initialize(init, 1.0);
        decoder.initialize(init, 1.0);
    }

    /** Rebuilds a saved model bit-exactly. */
    public static VaeModel restore(ModelState state) {
        VaeModel m = new VaeModel(state.modelId(), VaeConfig.fromMap(state.config()), new Rng(0));
        m.params.restore(state.array("params"));
        System.arraycopy(state.array("shift"), 0, m.shift, 0, m.d);
        System.arraycopy(state.array("scale"), 0, m.scale, 0, m.d);
        return m;
    }

    // ------------------------------------------------------------------ accessors

    public VaeConfig config() {
        return cfg;
    }

    public ParamBuffer params() {
        return params;
    }

    public int latentDimension() {
        return dz;
    }

    public DecoderLikelihood likelihood() {
        return likelihood;
    }

    /** The encoder network (input: standardised x; output [μ, log σ²]). */
    public Mlp encoder() {
        return encoder;
    }

    /** The decoder network (input: z; output: the likelihood's parameters). */
    public Mlp decoder() {
        return decoder;
    }

    /**
     * Sets the fixed standardisation (m, s) to the column means and standard deviations of
     * {@code rows} (s floored at 1e−6·(1 + |m|)); it enters the encoder's input and the decoder's
     * output parameterisation, never the likelihood's space.
     */
    public void fitStandardisation(double[][] rows) {
        Standardization st = Standardization.of(rows);
        setStandardisation(st.mean(), st.flooredScale());
    }

    /** Sets the standardisation explicitly (s &gt; 0). */
    public void setStandardisation(double[] m, double[] s) {
        for (int j = 0; j < d; j++) {
            if (!(s[j] > 0) || !Double.isFinite(m[j])) {
                throw new IllegalArgumentException("standardisation needs finite m and s > 0, got " + m[j] + ", " + s[j]);
            }
        }
        System.arraycopy(m, 0, shift, 0, d);
        System.arraycopy(s, 0, scale, 0, d);
    }

    public double[] shift() {
        return shift.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    /** Mean reconstruction term E_q[log p(x|z)] of the last {@link #objective} batch (nats). */
    public double lastReconstruction() {
        return lastReconstruction;
    }

    /** Mean analytic KL(q(z|x) ‖ p(z)) of the last {@link #objective} batch (nats). */
    public double lastKl() {
        return lastKl;
    }

    // ------------------------------------------------------------------ internals

    private void ensure(int n, int k) {
        int nk = n * k;
        if (xs.length < n * d) {
            xs = new double[n * d];
            dH = new double[n * 2 * dz];
        }
        if (ll.length < nk) {
            z = new double[nk * dz];
            ll = new double[nk];
            dOut = new double[nk * outWidth];
            dZ = new double[nk * dz];
            wts = new double[nk];
        }
    }

    /** The encoder's output [μ, log σ²] for the n rows of x (an internal buffer of the encoder). */
    private double[] encode(double[] x, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xs[i * d + j] = (x[i * d + j] - shift[j]) / scale[j];
            }
        }
        return encoder.forward(xs, n);
    }

    private void checkRows(double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new InputException("model '" + id + "' expects points of dimension " + d + ", row " + i
                        + " has " + rows[i].length);
            }
        }
    }

    private static double[] flatten(double[][] rows, int start, int m, int d) {
        double[] x = new double[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(rows[start + i], 0, x, i * d, d);
        }
        return x;
    }

    // ------------------------------------------------------------------ training objective

    /**
     * The training loss −(1/n) Σ_i L(x_i) of a flat batch x [n×d] with the given noise
     * {@code eps} [n·k × d_z] (row i·k + s), and, when {@code withGradient}, its gradient accumulated
     * into {@link #params()} (zero it first). {@link Objective#ELBO}: L = (1/k) Σ_s log p(x|z_s) − β·KL;
     * {@link Objective#IWAE}: L = L_k. Holding {@code eps} fixed makes this a deterministic function of
     * the parameters (finite-difference checks, tests).
     *
     * <p>Gradients: through z = μ + σ ⊙ ε, ∂z/∂μ = 1 and ∂z/∂ log σ² = ½ σ ⊙ ε. For ELBO, ∂KL/∂μ = μ and
     * ∂KL/∂ log σ² = ½(σ² − 1). For IWAE, ∂L_k/∂ log w_s = w̃_s (the normalised weights), and
     * log w_s = log p(x|z_s) − ½‖z_s‖² + ½‖ε_s‖² + ½ Σ_j log σ_j² (the 2π terms cancel), whose explicit
     * derivatives are −z_s (through z_s) and +½ (for each log σ_j²). This is the plain IWAE estimator,
     * not the doubly-reparameterised one (Tucker et al. 2019).
     */
    public double objective(double[] x, int n, int k, double[] eps, Objective obj, double beta, boolean withGradient) {
        ensure(n, k);
        int nk = n * k;
        double[] h = encode(x, n);
        for (int i = 0; i < n; i++) {
            int ho = i * 2 * dz;
            for (int s = 0; s < k; s++) {
                int zo = (i * k + s) * dz;
                for (int j = 0; j < dz; j++) {
                    z[zo + j] = h[ho + j] + Math.exp(0.5 * h[ho + dz + j]) * eps[zo + j];
                }
            }
        }
        double[] out = decoder.forward(z, nk);
        double[] g = withGradient ? dOut : null;
        // each decoder row's log-likelihood (and its gradient row) on its own: shared among the run's threads
        Workers.forRows(nk, outWidth, (from, to) -> {
            for (int r = from; r < to; r++) {
                ll[r] = likelihood.logLikelihood(out, r * outWidth, x, (r / k) * d, g);
            }
        });
        double recSum = 0;
        double klSum = 0;
        for (int i = 0; i < n; i++) {
            int ho = i * 2 * dz;
            double kl = 0;
            for (int j = 0; j < dz; j++) {
                double mu = h[ho + j];
                double lv = h[ho + dz + j];
                kl += 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
            }
            double rec = 0;
            for (int s = 0; s < k; s++) {
                rec += ll[i * k + s];
            }
            recSum += rec / k;
            klSum += kl;
        }
        lastReconstruction = recSum / n;
        lastKl = klSum / n;
        double loss;
        if (obj == Objective.ELBO) {
            loss = -(recSum - beta * klSum) / n;
        } else {
            double total = 0;
            for (int i = 0; i < n; i++) {
                int ho = i * 2 * dz;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < k; s++) {
                    int r = i * k + s;
                    int zo = r * dz;
                    double lw = ll[r];
                    for (int j = 0; j < dz; j++) {
                        double e = eps[zo + j];
                        lw += -0.5 * z[zo + j] * z[zo + j] + 0.5 * e * e + 0.5 * h[ho + dz + j];
                    }
                    wts[r] = lw;
                    max = Math.max(max, lw);
                }
                double sum = 0;
                for (int s = 0; s < k; s++) {
                    sum += Math.exp(wts[i * k + s] - max);
                }
                total += max + Math.log(sum) - Math.log(k);
                for (int s = 0; s < k; s++) {
                    wts[i * k + s] = Math.exp(wts[i * k + s] - max) / sum;   // normalised weights w̃
                }
            }
            loss = -total / n;
        }
        if (!withGradient) {
            return loss;
        }
        // dLoss/dout: ELBO −1/(nk) per sample; IWAE −w̃/n.
        for (int r = 0; r < nk; r++) {
            double c = obj == Objective.ELBO ? -1.0 / ((double) n * k) : -wts[r] / n;
            int o = r * outWidth;
            for (int q = 0; q < outWidth; q++) {
                dOut[o + q] *= c;
            }
        }
        double[] dz0 = decoder.backward(dOut, nk, Mlp.Gradients.PARAMETERS_AND_INPUT);
        System.arraycopy(dz0, 0, dZ, 0, nk * dz);
        for (int i = 0; i < n; i++) {
            int ho = i * 2 * dz;
            for (int j = 0; j < dz; j++) {
                double mu = h[ho + j];
                double lv = h[ho + dz + j];
                double sd = Math.exp(0.5 * lv);
                double dMu = 0;
                double dLv = 0;
                for (int s = 0; s < k; s++) {
                    int r = i * k + s;
                    int zo = r * dz + j;
                    double gz = dZ[zo];
                    if (obj == Objective.IWAE) {
                        gz += wts[r] / n * z[zo];   // through log p(z_s) = −½‖z_s‖² + const
                    }
                    dMu += gz;
                    dLv += gz * eps[zo] * 0.5 * sd;
                }
                if (obj == Objective.ELBO) {
                    dMu += beta / n * mu;
                    dLv += beta / n * 0.5 * (Math.exp(lv) - 1);
                } else {
                    dLv += -0.5 / n;   // Σ_s w̃_s = 1 times the explicit +½ of −log q
                }
                dH[ho + j] = dMu;
                dH[ho + dz + j] = dLv;
            }
        }
        encoder.backward(dH, n, Mlp.Gradients.PARAMETERS);   // the data needs no gradient: skip the first layer's dy·Wᵀ
        return loss;
    }

    // ------------------------------------------------------------------ bounds

    /**
     * L_k(x_i) for the n rows of the flat batch x into {@code out}: encoder once per row, then the k
     * samples in chunks of at most {@link #MAX_DECODER_ROWS} decoder rows, accumulated by a streaming
     * log-sum-exp (running max m and Σ e^{log w − m}), so memory is O(chunk) whatever k is. The noise
     * is drawn from {@code rng} in a fixed order (row group, sample chunk, row, sample, coordinate).
     * A NaN log-weight propagates to the row's result.
     */
    public void lowerBound(double[] x, int n, int k, Rng rng, double[] out) {
        if (k < 1) {
            throw new InputException("the importance-weighted bound needs k ≥ 1, got " + k);
        }
        int kc = Math.min(k, MAX_DECODER_ROWS);
        int rows = Math.max(1, MAX_DECODER_ROWS / kc);
        ensure(Math.min(rows, n), kc);
        double[] mu = new double[rows * dz];
        double[] lv = new double[rows * dz];
        double[] eps = new double[rows * kc * dz];
        double[] max = new double[rows];
        double[] sum = new double[rows];
        double[] logW = new double[rows * kc];
        double logK = Math.log(k);
        for (int start = 0; start < n; start += rows) {
            int m = Math.min(rows, n - start);
            double[] xb = Arrays.copyOfRange(x, start * d, (start + m) * d);
            double[] h = encode(xb, m);
            for (int i = 0; i < m; i++) {
                System.arraycopy(h, i * 2 * dz, mu, i * dz, dz);
                System.arraycopy(h, i * 2 * dz + dz, lv, i * dz, dz);
            }
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            Arrays.fill(sum, 0.0);
            for (int s0 = 0; s0 < k; s0 += kc) {
                int c = Math.min(kc, k - s0);
                for (int i = 0; i < m; i++) {
                    for (int s = 0; s < c; s++) {
                        int zo = (i * c + s) * dz;
                        for (int j = 0; j < dz; j++) {
                            double e = rng.gaussian();
                            eps[zo + j] = e;
                            z[zo + j] = mu[i * dz + j] + Math.exp(0.5 * lv[i * dz + j]) * e;
                        }
                    }
                }
                double[] o = decoder.forward(z, m * c);
                // the log-weights row by row (independent: shared among the run's threads), then
                // the running log-sum-exp in sample order
                int cc = c;
                Workers.forRows(m * c, outWidth, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int i = r / cc;
                        int zo = r * dz;
                        double lw = likelihood.logLikelihood(o, r * outWidth, xb, i * d, null);
                        for (int j = 0; j < dz; j++) {
                            double e = eps[zo + j];
                            lw += -0.5 * z[zo + j] * z[zo + j] + 0.5 * e * e + 0.5 * lv[i * dz + j];
                        }
                        logW[r] = lw;
                    }
                });
                for (int i = 0; i < m; i++) {
                    for (int s = 0; s < c; s++) {
                        double lw = logW[i * c + s];
                        if (lw > max[i]) {
                            sum[i] = sum[i] * Math.exp(max[i] - lw) + 1.0;
                            max[i] = lw;
                        } else {
                            sum[i] += Math.exp(lw - max[i]);   // NaN stays NaN; −∞ adds 0
                        }
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                out[start + i] = max[i] == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY
                        : max[i] + Math.log(sum[i]) - logK;
            }
        }
    }

    /** L_k for each row (nats); see {@link #lowerBound(double[], int, int, Rng, double[])}. */
    public double[] lowerBound(double[][] rows, int k, Rng rng) {
        checkRows(rows);
        double[] out = new double[rows.length];
        if (rows.length > 0) {
            lowerBound(flatten(rows, 0, rows.length, d), rows.length, k, rng, out);
        }
        return out;
    }

    @Override
    public INDArray lowerBound(INDArray x, int k, Rng rng) {
        return Arrays2.vector(lowerBound(Arrays2.rows(id, x, d), k, rng));
    }

    // ------------------------------------------------------------------ diagnostics

    /**
     * The ELBO of each row split into its two terms, ELBO = reconstruction − kl:
     * reconstruction = E_q[log p(x|z)] by Monte Carlo over {@code samples} draws, kl the analytic
     * KL(q(z|x) ‖ N(0, I)); all in nats.
     */
    public record ElboTerms(double[] reconstruction, double[] kl) {
        public double[] elbo() {
            double[] e = new double[kl.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = reconstruction[i] - kl[i];
            }
            return e;
        }
    }

    public ElboTerms elboTerms(double[][] rows, int samples, Rng rng) {
        checkRows(rows);
        if (samples < 1) {
            throw new InputException("the ELBO's reconstruction term needs at least one sample, got " + samples);
        }
        int n = rows.length;
        double[] rec = new double[n];
        double[] kl = new double[n];
        int chunk = Math.max(1, MAX_DECODER_ROWS / samples);
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            double[] x = flatten(rows, start, m, d);
            double[] eps = new double[m * samples * dz];
            for (int q = 0; q < eps.length; q++) {
                eps[q] = rng.gaussian();
            }
            objective(x, m, samples, eps, Objective.ELBO, 1.0, false);
            double[] h = encode(x, m);
            for (int i = 0; i < m; i++) {
                double r = 0;
                for (int s = 0; s < samples; s++) {
                    r += ll[i * samples + s];
                }
                rec[start + i] = r / samples;
                double k = 0;
                for (int j = 0; j < dz; j++) {
                    double mu = h[i * 2 * dz + j];
                    double lv = h[i * 2 * dz + dz + j];
                    k += 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
                }
                kl[start + i] = k;
            }
        }
        return new ElboTerms(rec, kl);
    }

    /** The posterior parameters of each row: mean [n×d_z] and log-variance [n×d_z]. */
    public record Posterior(double[][] mean, double[][] logVariance) {
    }

    public Posterior encode(double[][] rows) {
        checkRows(rows);
        int n = rows.length;
        double[][] mu = new double[n][dz];
        double[][] lv = new double[n][dz];
        int chunk = 1024;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            ensure(m, 1);
            double[] h = encode(flatten(rows, start, m, d), m);
            for (int i = 0; i < m; i++) {
                System.arraycopy(h, i * 2 * dz, mu[start + i], 0, dz);
                System.arraycopy(h, i * 2 * dz + dz, lv[start + i], 0, dz);
            }
        }
        return new Posterior(mu, lv);
    }

    /**
     * Activity of each latent unit u (Burda et al. 2016, §5.2): A_u = Cov_x(E_{q(z|x)}[z_u]), the
     * variance over the rows of the posterior mean μ_u(x) (population form, denominator n).
     */
    public double[] activity(double[][] rows) {
        double[][] mu = encode(rows).mean();
        double[] a = new double[dz];
        int n = mu.length;
        for (int j = 0; j < dz; j++) {
            double mean = 0;
            for (double[] r : mu) {
                mean += r[j];
            }
            mean /= n;
            double v = 0;
            for (double[] r : mu) {
                v += (r[j] - mean) * (r[j] - mean);
            }
            a[j] = v / n;
        }
        return a;
    }

    /** Number of units with A_u &gt; {@code threshold} (Burda et al. use 0.01). */
    public int activeUnits(double[][] rows, double threshold) {
        int c = 0;
        for (double a : activity(rows)) {
            if (a > threshold) {
                c++;
            }
        }
        return c;
    }

    /**
     * Mean analytic KL(q(z_u|x) ‖ N(0,1)) per latent dimension over the rows (nats); they sum to the
     * mean KL term of the ELBO. Collapsed units show as ≈ 0.
     */
    public double[] klPerDimension(double[][] rows) {
        Posterior p = encode(rows);
        double[] kl = new double[dz];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < dz; j++) {
                double mu = p.mean()[i][j];
                double lv = p.logVariance()[i][j];
                kl[j] += 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
            }
        }
        for (int j = 0; j < dz; j++) {
            kl[j] /= rows.length;
        }
        return kl;
    }

    /** E[x|z] for each latent row z [n×d_z] (data units). */
    public double[][] decodeMean(double[][] latents) {
        int n = latents.length;
        double[][] x = new double[n][d];
        int chunk = MAX_DECODER_ROWS;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            double[] o = decoder.forward(flatten(latents, start, m, dz), m);
            for (int i = 0; i < m; i++) {
                likelihood.mean(o, i * outWidth, x[start + i], 0);
            }
        }
        return x;
    }

    /** Reconstructions E[x | z = μ(x)] of each row (data units), for figures. */
    public double[][] reconstruct(double[][] rows) {
        return decodeMean(encode(rows).mean());
    }

    /** n draws x ~ p(x|z), z ~ N(0, I), as rows; the same rng state gives the same samples. */
    public double[][] sampleRows(int n, Rng rng) {
        double[][] x = new double[n][d];
        int chunk = MAX_DECODER_ROWS;
        double[] zb = new double[Math.min(chunk, Math.max(1, n)) * dz];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            for (int q = 0; q < m * dz; q++) {
                zb[q] = rng.gaussian();
            }
            double[] o = decoder.forward(zb, m);
            for (int i = 0; i < m; i++) {
                likelihood.sample(o, i * outWidth, rng, x[start + i], 0);
            }
        }
        return x;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        return Arrays2.matrix(sampleRows(n, rng), dimension());
    }

    // ------------------------------------------------------------------ contract

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
        Map<String, String> c = new LinkedHashMap<>(cfg.toMap());
        return ModelState.builder(id, d)
                .config(c)
                .array("params", params.values())
                .array("shift", shift)
                .array("scale", scale)
                .build();
    }

    @Override
    public long parameterCount() {
        return params.size();
    }

    @Override
    public String toString() {
        return id + " (d=" + d + ", d_z=" + dz + ", " + cfg.layers() + "×" + cfg.hidden() + " " + cfg.activation()
                + ", decoder " + cfg.decoder() + ", " + params.size() + " parameters)";
    }
}
