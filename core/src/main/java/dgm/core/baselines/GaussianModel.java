package dgm.core.baselines;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gaussian}: one full-covariance Gaussian fitted by maximum likelihood.
 *
 * <p>Fit: μ = (1/n) Σ xᵢ, Σ = (1/n) Σ (xᵢ−μ)(xᵢ−μ)ᵀ + ridge·I (the ML covariance divides by n, not
 * n−1). Density: log q(x) = −½ [d log 2π + log det Σ + (x−μ)ᵀ Σ⁻¹ (x−μ)], evaluated through the
 * Cholesky factor Σ = L Lᵀ (log det Σ = 2 Σ log Lᵢᵢ, Mahalanobis term = ‖L⁻¹(x−μ)‖²). Exact and
 * normalised on ℝ^d. Samples: μ + L z, z ~ N(0, I).
 *
 * <p>Parameter {@code ridge} (default 1e-9, absolute, in squared data units) is added to the
 * diagonal only so that a direction with (almost) no spread does not make the factorisation fail
 * by round-off; at the default it changes no reported digit on data of unit scale. Set it to 0 for
 * the pure ML estimate. Needs n ≥ d+1 training points (fewer cannot span ℝ^d).
 */
public final class GaussianModel implements DensityModel {
    public static final String ID = "gaussian";

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.real("ridge", 1e-9, 0, 1e6,
                    "added to the diagonal of the ML covariance (squared data units); guards against round-off "
                            + "in near-degenerate directions; 0 gives the pure ML estimate"));

    private final Params params;
    private final double[] mean;
    private final double[][] covariance;
    private final double[][] chol;
    /** (L⁻¹)ᵀ row-major [d·d]: a row (x−μ) times it is (L⁻¹(x−μ))ᵀ. */
    private final double[] invCholT;
    /** −½ (d log 2π + log det Σ). */
    private final double logNormaliser;

    GaussianModel(Params params, double[] mean, double[][] covariance) {
        this.params = params;
        this.mean = mean.clone();
        int d = mean.length;
        this.covariance = new double[d][];
        for (int i = 0; i < d; i++) {
            this.covariance[i] = covariance[i].clone();
        }
        this.chol = Numerics.cholesky(this.covariance);
        if (chol == null) {
            throw new InputException(ID + ": the covariance is not positive definite: the training data lie (almost) "
                    + "in a lower-dimensional subspace (e.g. a constant or duplicated column); increase 'ridge' (now "
                    + params.asMap().getOrDefault("ridge", "?") + ") or remove the degenerate directions");
        }
        this.invCholT = Numerics.lowerInverseTransposed(chol);
        this.logNormaliser = -d * Numerics.HALF_LOG_2PI - 0.5 * Numerics.logDetFromCholesky(chol);
    }

    static ModelSpec spec() {
        return new ModelSpec(ID,
                "full-covariance Gaussian, maximum likelihood (exact density)",
                Capability.EXACT_DENSITY, PARAMS, GaussianModel::fit, GaussianModel::restore);
    }

    static FitResult fit(FitContext ctx) {
        long start = System.nanoTime();
        double[][] x = Numerics.train(ID, ctx, 1, "");
        int d = x[0].length;
        int n = x.length;
        if (n < d + 1) {
            throw new InputException(ID + ": a full covariance in " + d + " dimensions needs at least d+1 = " + (d + 1)
                    + " training points, got " + n);
        }
        double ridge = ctx.params().real("ridge");
        double[] mu = Numerics.mean(x);
        // Σ (xᵢ−μ)(xᵢ−μ)ᵀ as one product of the centred rows per block.
        int block = GaussianMixtureModel.BLOCK;
        double[] sc = new double[d * d];
        double[] b = new double[block * d];
        for (int from = 0; from < n; from += block) {
            int rows = Math.min(block, n - from);
            for (int i = 0; i < rows; i++) {
                double[] row = x[from + i];
                for (int a = 0; a < d; a++) {
                    b[i * d + a] = row[a] - mu[a];
                }
            }
            dgm.core.nn.Gemm.accumulateTransposedA(b, b, sc, 0, rows, d, d);
        }
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int bb = 0; bb < a; bb++) {
                double v = sc[a * d + bb] / n; // the lower triangle, mirrored: exactly symmetric
                cov[a][bb] = v;
                cov[bb][a] = v;
            }
            cov[a][a] = sc[a * d + a] / n + ridge;
        }
        GaussianModel m = new GaussianModel(ctx.params(), mu, cov);
        double trainLl = Numerics.average(m.logDensities(x));
        HistoryPoint p = new HistoryPoint(0, (System.nanoTime() - start) / 1e9, Map.of("train_ll", trainLl));
        ctx.listener().record(p);
        return FitResult.completed(m, List.of(p));
    }

    static GaussianModel restore(ModelState s) {
        return new GaussianModel(Params.of(s.config()), s.array("mean"), s.matrix("covariance"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    /** The fitted mean (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The fitted covariance, ridge included (a copy). */
    public double[][] covariance() {
        double[][] c = new double[covariance.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = covariance[i].clone();
        }
        return c;
    }

    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logDensities(Arrays2.rows(ID, x, mean.length)));
    }

    /** −½ ‖(x−μ) L⁻ᵀ‖² + const, one rows × d × d product per block of rows. */
    double[] logDensities(double[][] x) {
        int d = mean.length;
        int block = GaussianMixtureModel.BLOCK;
        double[] v = new double[Math.min(block, Math.max(1, x.length)) * d];
        double[] y = new double[v.length];
        double[] out = new double[x.length];
        for (int from = 0; from < x.length; from += block) {
            int rows = Math.min(block, x.length - from);
            for (int i = 0; i < rows; i++) {
                double[] xi = x[from + i];
                for (int a = 0; a < d; a++) {
                    v[i * d + a] = xi[a] - mean[a];
                }
            }
            dgm.core.nn.Gemm.mul(v, invCholT, 0, y, rows, d, d);
            for (int i = 0; i < rows; i++) {
                double q = 0;
                for (int a = 0; a < d; a++) {
                    double t = y[i * d + a];
                    q += t * t;
                }
                out[from + i] = logNormaliser - 0.5 * q;
            }
        }
        return out;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        Numerics.checkSampleCount(ID, n);
        int d = mean.length;
        double[][] out = new double[n][d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                z[a] = rng.gaussian();
            }
            for (int a = 0; a < d; a++) {
                double s = mean[a];
                for (int b = 0; b <= a; b++) {
                    s += chol[a][b] * z[b];
                }
                out[i][a] = s;
            }
        }
        return Arrays2.matrix(out, d);
    }

    @Override
    public ModelState state() {
        return ModelState.builder(ID, mean.length)
                .config(params.asMap())
                .array("mean", mean)
                .matrix("covariance", covariance)
                .build();
    }

    @Override
    public long parameterCount() {
        long d = mean.length;
        return d + d * (d + 1) / 2;
    }
}
