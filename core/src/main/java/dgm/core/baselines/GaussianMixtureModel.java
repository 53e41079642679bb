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
import dgm.core.nn.Gemm;
import dgm.core.rng.Rng;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gmm-diag} and {@code gmm-full}: a mixture of k Gaussians with diagonal or full covariances,
 * fitted by EM, k chosen on the validation split unless fixed ({@link GmmEm}).
 *
 * <p>Density: log q(x) = log Σₖ wₖ N(x; μₖ, Σₖ), evaluated as a log-sum-exp over
 * log wₖ − ½ [d log 2π + log det Σₖ + (x−μₖ)ᵀ Σₖ⁻¹ (x−μₖ)], with Σₖ through its Cholesky factor
 * (full) or its diagonal (diag), the quadratic forms as matrix products over blocks of rows
 * ({@link #logJoint}). Exact and normalised on ℝ^d: the weights sum to 1 up to rounding.
 * Samples: pick k with probability wₖ, then μₖ + Lₖ z.
 *
 * <p>Parameters (all absolute, in data units):
 * <ul>
 *   <li>{@code k} (default 0 = choose): components. 0 chooses k by the mean validation
 *       log-likelihood over the grid 1, 2, 5, 10, 20, 50, 100, 200, … up to
 *       min({@code k_max}, n / m), m = 10 training points per component (diag) or max(10, d + 1)
 *       (full); the grid stops at the first k that scores below the best so far. Every candidate is
 *       recorded in the history ({@code k}, {@code val_ll}) and the choice in the fit detail.
 *       k ≥ 1 fixes k: no search, the validation split is not read.</li>
 *   <li>{@code k_max} (default 200; 0 = no bound but the data's): the search's largest k. It bounds
 *       the cost (each EM iteration costs n·k·d for diag, n·k·d² for full); on 784-D data the
 *       validation score of {@code gmm-diag} was still rising at 200.</li>
 *   <li>{@code shrinkage} ({@code gmm-full} only; default −1 = choose): Σₖ = (1 − s) Sₖ + s diag(Sₖ)
 *       + reg_covar·I. With too few points per dimension a full covariance overfits (on the digits
 *       the k-search alone leaves {@code gmm-full} at 124 nats, worse than {@code gmm-diag}); s is
 *       chosen with k from 0, 0.1, 0.25, 0.5, 0.75, 0.9 (walked upwards while the validation score
 *       rises). With a fixed k, −1 means 0.</li>
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
 *   <li>{@code max_points} (default 0 = all for diag, 10,000 for full): EM runs on a seeded random
 *       subset of at most this many training points (seed {@code subsample}). For full covariances
 *       an EM iteration costs n·k·d² (on 784-D data about 6·10¹⁰ multiply-adds for n = 10,000 and
 *       k = 10), so on Fashion-MNIST the default fits 10,000 of the 50,000 training images (measured:
 *       about 9 minutes, docs/baselines.md).</li>
 * </ul>
 */
public final class GaussianMixtureModel implements DensityModel {
    public static final String ID_DIAG = "gmm-diag";
    public static final String ID_FULL = "gmm-full";

    /** The parameters of {@code gmm-diag} ({@code full = false}) or {@code gmm-full}. */
    static List<ParamSpec> params(boolean full) {
        List<ParamSpec> p = new java.util.ArrayList<>(List.of(
                ParamSpec.integer("k", 0, 0, 100_000,
                        "number of mixture components; 0 = choose by validation log-likelihood on the grid "
                                + "1, 2, 5, 10, 20, 50, ... up to the cap (see k_max)"),
                ParamSpec.integer("k_max", 200, 0, 100_000,
                        "largest k the search may try (0: no bound but the data's, n_train / "
                                + (full ? "max(10, d+1)" : "10") + " points per component)"),
                ParamSpec.real("reg_covar", 1e-6, 0, 1e6,
                        "added to each covariance's diagonal at every M-step (squared data units), as in scikit-learn")));
        if (full) {
            p.add(ParamSpec.real("shrinkage", -1.0, -1, 1,
                    "covariance = (1-s) S + s diag(S) + reg_covar I; -1 = choose s on validation with k "
                            + "(from 0, 0.1, 0.25, 0.5, 0.75, 0.9), and 0 when k is fixed"));
        }
        p.addAll(List.of(
                ParamSpec.integer("max_iter", 500, 1, 10_000_000, "maximum EM iterations per restart"),
                ParamSpec.real("tol", 1e-6, 0, 1e3,
                        "stop when the mean training log-likelihood (nats/example) rises by less than this"),
                ParamSpec.integer("n_init", 1, 1, 10_000,
                        "EM restarts; the highest final training log-likelihood is kept"),
                ParamSpec.integer("kmeans_iter", 10, 0, 100_000,
                        "Lloyd iterations refining the k-means++ centres before EM (0: k-means++ centres only)"),
                ParamSpec.integer("max_points", full ? 10_000 : 0, 0, Integer.MAX_VALUE,
                        "EM sees at most this many training points (a seeded random subset; 0 = all)")));
        return List.copyOf(p);
    }

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
    /** Full: (Lₖ⁻¹)ᵀ row-major [d·d] per component, so that a row v times it is (Lₖ⁻¹ v)ᵀ; diag: null. */
    private final double[][] invCholT;
    /** log wₖ − ½ (d log 2π + log det Σₖ). */
    private final double[] logConst;
    /** Diag: the centring reference r = Σₖ wₖ μₖ; full: null. */
    private final double[] reference;
    /** Diag: row-major [2d × k], rows j &lt; d: 1/σₖⱼ², rows d + j: −2 μ̃ₖⱼ/σₖⱼ²; full: null. */
    private final double[] quadratic;
    /** Diag: logConst[k] − ½ Σⱼ μ̃ₖⱼ²/σₖⱼ²; full: null. */
    private final double[] diagConst;

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
            this.invCholT = new double[k][];
            this.variances = null;
            this.reference = null;
            this.quadratic = null;
            this.diagConst = null;
        } else {
            this.covariances = null;
            this.chols = null;
            this.invCholT = null;
            this.variances = new double[k][];
            this.reference = new double[d];
            this.quadratic = new double[2 * d * k];
            this.diagConst = new double[k];
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
                invCholT[c] = Numerics.lowerInverseTransposed(chols[c]);
            } else {
                variances[c] = cov[c][0].clone();
                logDet = 0;
                for (int a = 0; a < d; a++) {
                    double v = variances[c][a];
                    if (!(v > 0) || !Double.isFinite(v)) {
                        throw singular(c);
                    }
                    logDet += Math.log(v);
                }
            }
            logConst[c] = Math.log(weights[c]) - d * Numerics.HALF_LOG_2PI - 0.5 * logDet;
        }
        if (!full) {
            for (int c = 0; c < k; c++) {
                for (int a = 0; a < d; a++) {
                    reference[a] += weights[c] * this.means[c][a];
                }
            }
            for (int c = 0; c < k; c++) {
                double m2 = 0;
                for (int a = 0; a < d; a++) {
                    double iv = 1 / variances[c][a];
                    double mt = this.means[c][a] - reference[a];
                    quadratic[a * k + c] = iv;
                    quadratic[(d + a) * k + c] = -2 * mt * iv;
                    m2 += mt * mt * iv;
                }
                diagConst[c] = logConst[c] - 0.5 * m2;
            }
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
                Capability.EXACT_DENSITY, params(full),
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

    /** Rows per block of the vectorised log-density (and of the E-step, which shares it). */
    static final int BLOCK = 512;

    /**
     * Fills {@code out[i·k + c]} = log wₖ + log N(xᵢ; μₖ, Σₖ) for the rows x[from, from + rows),
     * rows ≤ {@link #BLOCK}, with matrix products ({@link dgm.core.nn.Gemm}) over the block:
     * <ul>
     *   <li>diag: with x̃ = x − r and μ̃ₖ = μₖ − r for the reference r = Σₖ wₖ μₖ (a function of the
     *       parameters, so a saved model gives the same numbers), (x−μₖ)ᵀ Σₖ⁻¹ (x−μₖ) =
     *       Σⱼ x̃ⱼ²/σₖⱼ² − 2 Σⱼ x̃ⱼ μ̃ₖⱼ/σₖⱼ² + Σⱼ μ̃ₖⱼ²/σₖⱼ²: one product of the block [x̃², x̃]
     *       (rows × 2d) with a 2d × k matrix for all components at once;</li>
     *   <li>full: ‖(x−μₖ) Lₖ⁻ᵀ‖² with Lₖ⁻¹ computed once per model: one rows × d × d product per
     *       component.</li>
     * </ul>
     * Shared by the E-step and {@link #logProb}, so the density EM optimises is exactly the one
     * reported.
     */
    void logJoint(double[][] x, int from, int rows, double[] out, Scratch s) {
        if (full) {
            for (int c = 0; c < k; c++) {
                double[] mu = means[c];
                for (int i = 0; i < rows; i++) {
                    double[] xi = x[from + i];
                    int o = i * d;
                    for (int a = 0; a < d; a++) {
                        s.in[o + a] = xi[a] - mu[a];
                    }
                }
                Gemm.mul(s.in, invCholT[c], 0, s.out, rows, d, d);
                for (int i = 0; i < rows; i++) {
                    int o = i * d;
                    double q = 0;
                    for (int a = 0; a < d; a++) {
                        double t = s.out[o + a];
                        q += t * t;
                    }
                    out[i * k + c] = logConst[c] - 0.5 * q;
                }
            }
            return;
        }
        int w = 2 * d;
        for (int i = 0; i < rows; i++) {
            double[] xi = x[from + i];
            int o = i * w;
            for (int a = 0; a < d; a++) {
                double t = xi[a] - reference[a];
                s.in[o + a] = t * t;
                s.in[o + d + a] = t;
            }
        }
        Gemm.mul(s.in, quadratic, 0, s.out, rows, w, k);
        for (int i = 0; i < rows; i++) {
            int o = i * k;
            for (int c = 0; c < k; c++) {
                out[o + c] = diagConst[c] - 0.5 * s.out[o + c];
            }
        }
    }

    /** Work buffers of {@link #logJoint}, sized for blocks of {@link #BLOCK} rows. */
    static final class Scratch {
        final double[] in;
        final double[] out;

        Scratch(boolean full, int d, int k) {
            in = new double[BLOCK * (full ? d : 2 * d)];
            out = new double[BLOCK * (full ? d : k)];
        }
    }

    Scratch scratch() {
        return new Scratch(full, d, k);
    }

    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logDensities(Arrays2.rows(id(), x, d)));
    }

    double[] logDensities(double[][] x) {
        double[] out = new double[x.length];
        double[] lj = new double[BLOCK * k];
        double[] row = new double[k];
        Scratch s = scratch();
        for (int from = 0; from < x.length; from += BLOCK) {
            int rows = Math.min(BLOCK, x.length - from);
            logJoint(x, from, rows, lj, s);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(lj, i * k, row, 0, k);
                out[from + i] = LogSumExp.of(row, k);
            }
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
