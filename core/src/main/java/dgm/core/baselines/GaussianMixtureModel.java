package dgm.core.baselines;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.math.LogSumExp;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gmm-diag} and {@code gmm-full}: a mixture of k Gaussians with diagonal or full covariances,
 * fitted by EM ({@link GmmEm}).
 *
 * <p>Density: log q(x) = log Σₖ wₖ N(x; μₖ, Σₖ), evaluated as a log-sum-exp over
 * log wₖ − ½ [d log 2π + log det Σₖ + (x−μₖ)ᵀ Σₖ⁻¹ (x−μₖ)], with Σₖ through its Cholesky factor
 * (full) or its diagonal (diag). Exact and normalised on ℝ^d: the weights sum to 1 up to rounding.
 * Samples: pick k with probability wₖ, then μₖ + Lₖ z.
 *
 * <p>Parameters (all absolute, in data units):
 * <ul>
 *   <li>{@code k} (default 10): components. Ten is enough for the 2-D toys (8gaussians has 8 modes)
 *       and a reasonable floor on the 64-D digits; not selected automatically.</li>
 *   <li>{@code reg_covar} (default 1e-6): added to every covariance's diagonal at every M-step, as in
 *       scikit-learn; it keeps a component from collapsing onto a single point (where the likelihood
 *       is unbounded). It is in squared data units, so it is negligible for data of unit scale and for
 *       dequantised data (whose per-pixel variance is at least 1/12).</li>
 *   <li>{@code max_iter} (default 500), {@code tol} (default 1e-6): EM stops when the mean training
 *       log-likelihood (nats per example) rises by less than {@code tol} in one iteration.</li>
 *   <li>{@code n_init} (default 1): EM restarts from independent initialisations; the one with the
 *       highest final training log-likelihood is kept. That is the objective EM maximises, so it is
 *       optimisation, not model selection.</li>
 *   <li>{@code kmeans_iter} (default 10): Lloyd iterations that refine the k-means++ centres before
 *       EM starts (0 = the k-means++ centres themselves).</li>
 * </ul>
 */
public final class GaussianMixtureModel implements DensityModel {
    public static final String ID_DIAG = "gmm-diag";
    public static final String ID_FULL = "gmm-full";

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("k", 10, 1, 100_000, "number of mixture components"),
            ParamSpec.real("reg_covar", 1e-6, 0, 1e6,
                    "added to each covariance's diagonal at every M-step (squared data units), as in scikit-learn"),
            ParamSpec.integer("max_iter", 500, 1, 10_000_000, "maximum EM iterations per restart"),
            ParamSpec.real("tol", 1e-6, 0, 1e3,
                    "stop when the mean training log-likelihood (nats/example) rises by less than this"),
            ParamSpec.integer("n_init", 1, 1, 10_000,
                    "EM restarts; the highest final training log-likelihood is kept"),
            ParamSpec.integer("kmeans_iter", 10, 0, 100_000,
                    "Lloyd iterations refining the k-means++ centres before EM (0: k-means++ centres only)"));

    private final boolean full;
    private final Params params;
    private final int k;
    private final int d;
    private final double[] weights;
    private final double[][] means;
    /** Full: the covariances [k][d][d]; diag: null. */
    private final double[][][] covariances;
    /** Diag: the variances [k][d]; full: null. */
    private final double[][] variances;
    /** Full: the Cholesky factors; diag: null. */
    private final double[][][] chols;
    /** Diag: 1/variance. */
    private final double[][] invVariances;
    /** log wₖ − ½ (d log 2π + log det Σₖ). */
    private final double[] logConst;

    /**
     * A mixture from its parameters; for diag, {@code cov[k]} is a 1×d array holding the variances.
     * Throws {@link InputException} when a covariance is not positive definite.
     */
    GaussianMixtureModel(boolean full, Params params, double[] weights, double[][] means, double[][][] cov) {
        this.full = full;
        this.params = params;
        this.k = weights.length;
        this.d = means[0].length;
        this.weights = weights.clone();
        this.means = new double[k][];
        this.logConst = new double[k];
        if (full) {
            this.covariances = new double[k][][];
            this.chols = new double[k][][];
            this.variances = null;
            this.invVariances = null;
        } else {
            this.covariances = null;
            this.chols = null;
            this.variances = new double[k][];
            this.invVariances = new double[k][d];
        }
        for (int c = 0; c < k; c++) {
            this.means[c] = means[c].clone();
            double logDet;
            if (full) {
                covariances[c] = new double[d][];
                for (int a = 0; a < d; a++) {
                    covariances[c][a] = cov[c][a].clone();
                }
                chols[c] = Numerics.cholesky(covariances[c]);
                if (chols[c] == null) {
                    throw singular(c);
                }
                logDet = Numerics.logDetFromCholesky(chols[c]);
            } else {
                variances[c] = cov[c][0].clone();
                logDet = 0;
                for (int a = 0; a < d; a++) {
                    double v = variances[c][a];
                    if (!(v > 0) || !Double.isFinite(v)) {
                        throw singular(c);
                    }
                    invVariances[c][a] = 1 / v;
                    logDet += Math.log(v);
                }
            }
            logConst[c] = Math.log(weights[c]) - d * Numerics.HALF_LOG_2PI - 0.5 * logDet;
        }
    }

    private InputException singular(int c) {
        return new InputException(id() + ": component " + c + " of " + k + " has a covariance that is not positive "
                + "definite (it collapsed onto too few or degenerate points); decrease 'k' (now " + k
                + ") or increase 'reg_covar' (now " + params.asMap().getOrDefault("reg_covar", "?") + ")");
    }

    static ModelSpec spec(boolean full) {
        String id = full ? ID_FULL : ID_DIAG;
        String what = full ? "full" : "diagonal";
        return new ModelSpec(id,
                "Gaussian mixture with " + what + " covariances, EM with k-means++ init (exact density)",
                Capability.EXACT_DENSITY, PARAMS,
                ctx -> GmmEm.fit(id, full, ctx),
                s -> restore(full, s));
    }

    static GaussianMixtureModel restore(boolean full, ModelState s) {
        double[] w = s.array("weights");
        double[][] mu = s.matrix("means");
        int k = w.length;
        int d = mu[0].length;
        double[][][] cov = new double[k][][];
        if (full) {
            double[] flat = s.array("covariances");
            for (int c = 0; c < k; c++) {
                cov[c] = new double[d][d];
                for (int a = 0; a < d; a++) {
                    System.arraycopy(flat, (c * d + a) * d, cov[c][a], 0, d);
                }
            }
        } else {
            double[][] v = s.matrix("variances");
            for (int c = 0; c < k; c++) {
                cov[c] = new double[][] {v[c]};
            }
        }
        return new GaussianMixtureModel(full, Params.of(s.config()), w, mu, cov);
    }

    @Override
    public String id() {
        return full ? ID_FULL : ID_DIAG;
    }

    @Override
    public int dimension() {
        return d;
    }

    public int components() {
        return k;
    }

    /** Mixture weights (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** Component means, [k][d] (a copy). */
    public double[][] means() {
        double[][] m = new double[k][];
        for (int c = 0; c < k; c++) {
            m[c] = means[c].clone();
        }
        return m;
    }

    /**
     * Fills {@code out[c]} = log wₖ + log N(x; μₖ, Σₖ) for every component, using {@code v} and
     * {@code z} (length d) as scratch. Shared by the E-step and {@link #logProb}, so the density EM
     * optimises is exactly the one reported.
     */
    void componentLogJoint(double[] x, double[] out, double[] v, double[] z) {
        for (int c = 0; c < k; c++) {
            double[] mu = means[c];
            double q;
            if (full) {
                for (int a = 0; a < d; a++) {
                    v[a] = x[a] - mu[a];
                }
                q = Numerics.mahalanobis(chols[c], v, z);
            } else {
                double[] iv = invVariances[c];
                q = 0;
                for (int a = 0; a < d; a++) {
                    double t = x[a] - mu[a];
                    q += t * t * iv[a];
                }
            }
            out[c] = logConst[c] - 0.5 * q;
        }
    }

    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logDensities(Arrays2.rows(id(), x, d)));
    }

    double[] logDensities(double[][] x) {
        double[] out = new double[x.length];
        double[] lj = new double[k];
        double[] v = new double[d];
        double[] z = new double[d];
        for (int i = 0; i < x.length; i++) {
            componentLogJoint(x[i], lj, v, z);
            out[i] = LogSumExp.of(lj, k);
        }
        return out;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        Numerics.checkSampleCount(id(), n);
        double[][] out = new double[n][d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            double u = rng.uniform();
            int c = 0;
            double cum = weights[0];
            // The last component takes any remainder left by rounding of the cumulative sum.
            while (u >= cum && c < k - 1) {
                c++;
                cum += weights[c];
            }
            for (int a = 0; a < d; a++) {
                z[a] = rng.gaussian();
            }
            double[] mu = means[c];
            for (int a = 0; a < d; a++) {
                double s = mu[a];
                if (full) {
                    double[] la = chols[c][a];
                    for (int b = 0; b <= a; b++) {
                        s += la[b] * z[b];
                    }
                } else {
                    s += Math.sqrt(variances[c][a]) * z[a];
                }
                out[i][a] = s;
            }
        }
        return Arrays2.matrix(out, d);
    }

    @Override
    public ModelState state() {
        ModelState.Builder b = ModelState.builder(id(), d)
                .config(params.asMap())
                .array("weights", weights)
                .matrix("means", means);
        if (full) {
            double[] flat = new double[k * d * d];
            for (int c = 0; c < k; c++) {
                for (int a = 0; a < d; a++) {
                    System.arraycopy(covariances[c][a], 0, flat, (c * d + a) * d, d);
                }
            }
            b.array("covariances", flat, k, d, d);
        } else {
            b.matrix("variances", variances);
        }
        return b.build();
    }

    @Override
    public long parameterCount() {
        long kk = k;
        long dd = d;
        long perCov = full ? dd * (dd + 1) / 2 : dd;
        return (kk - 1) + kk * dd + kk * perCov;
    }
}
