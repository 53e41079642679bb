package dgm.core.baselines;

import dgm.core.InputException;
import dgm.core.data.DataKind;
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
 * {@code histogram}: independent per-dimension histograms, q(y) = Πⱼ Pⱼ(bⱼ(y)) / wⱼ, where bⱼ(y) is
 * the bin of yⱼ, wⱼ the bin width and Pⱼ(b) = (count of training points in bin b + α) / (n + Bα)
 * (additive, "Laplace", smoothing with {@code alpha}, default 1, so an empty bin keeps some mass).
 * It ignores every dependence between dimensions: that is what makes it a floor.
 *
 * <p><b>Dequantised data</b> ({@link DataKind#DEQUANTISED}, L levels, y = v + u with v ∈ {0..L−1}):
 * the bins are the L unit cells [v, v+1) of each dimension (B = L, wⱼ = 1, {@code bins} is not
 * used), so q(y) = Πⱼ Pⱼ(⌊yⱼ⌋). Since each cell has width 1 this is simultaneously the exact
 * continuous density of y on [0, L)^d and the probability of the integer vector v; it is −∞ outside
 * [0, L)^d, where dequantised data never lies.
 *
 * <p><b>Continuous data</b>: per dimension, {@code bins} (default 32) equal-width bins of width w
 * spanning the training range [minⱼ, maxⱼ], plus one tail bin on each side (B = bins + 2): the lower
 * tail is (−∞, e₀) and the upper [e₁, ∞), where e₀, e₁ are the outer edges of the inner bins. A tail
 * bin holds its smoothed mass P (only α / (n + Bα) when no training point is there) with the
 * exponentially decaying density (P / w)·exp(−|y − e|/w), which integrates to P. So a held-out point
 * outside the training range gets a small but finite density that falls off with its distance,
 * never −∞: with 10,000 test points some always fall outside the range of 20,000 training points,
 * and one −∞ would make the mean NLL infinite and the baseline useless in a table. A dimension that
 * is constant in the training data has no density and is refused.
 *
 * <p>Exact: the density is normalised up to rounding of the bin edges (bins are defined by the same
 * index computation in training, evaluation and integration). Samples: per dimension, a bin with
 * probability Pⱼ(b), then uniform within an inner bin, or e ∓ w·Exp(1) in a tail.
 */
public final class HistogramModel implements DensityModel {
    public static final String ID = "histogram";

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.real("alpha", 1.0, 0, 1e9,
                    "additive (Laplace) smoothing count per bin; 0 gives empty bins zero mass (log-density -inf)"),
            ParamSpec.integer("bins", 32, 1, 10_000_000,
                    "equal-width bins over the training range per dimension, continuous data only "
                            + "(plus an exponential tail bin each side); dequantised data uses its L unit cells"));

    private final Params params;
    private final boolean discrete;
    private final int d;
    private final int nBins;
    private final double[] lo;
    private final double[] width;
    /** Pⱼ(b), [d][B]; each row sums to 1 up to rounding. */
    private final double[][] prob;
    /** log Pⱼ(b) − log wⱼ. */
    private final double[][] logDensity;

    HistogramModel(Params params, boolean discrete, double[] lo, double[] width, double[][] prob) {
        this.params = params;
        this.discrete = discrete;
        this.d = lo.length;
        this.nBins = prob[0].length;
        this.lo = lo.clone();
        this.width = width.clone();
        this.prob = new double[d][];
        this.logDensity = new double[d][nBins];
        for (int j = 0; j < d; j++) {
            this.prob[j] = prob[j].clone();
            double logW = Math.log(width[j]);
            for (int b = 0; b < nBins; b++) {
                logDensity[j][b] = Math.log(prob[j][b]) - logW;
            }
        }
    }

    static ModelSpec spec() {
        return new ModelSpec(ID,
                "independent per-dimension histograms with Laplace smoothing; unit cells on dequantised data "
                        + "(exact density)",
                Capability.EXACT_DENSITY, PARAMS, HistogramModel::fit, HistogramModel::restore);
    }

    static FitResult fit(FitContext ctx) {
        long start = System.nanoTime();
        double[][] x = Numerics.train(ID, ctx, 1, "");
        int n = x.length;
        int d = x[0].length;
        double alpha = ctx.params().real("alpha");
        boolean discrete = ctx.data().kind() == DataKind.DEQUANTISED;
        double[] lo = new double[d];
        double[] width = new double[d];
        int nBins;
        if (discrete) {
            int levels = ctx.data().levels();
            if (levels < 1) {
                throw new InputException(ID + ": dataset '" + ctx.data().id() + "' is marked dequantised but has "
                        + levels + " levels; expected L >= 1");
            }
            nBins = levels;
            java.util.Arrays.fill(width, 1.0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    if (!(x[i][j] >= 0 && x[i][j] < levels)) {
                        throw new InputException(ID + ": dequantised data with L = " + levels + " levels must lie in [0, "
                                + levels + "), but training value [" + i + ", " + j + "] is " + x[i][j]);
                    }
                }
            }
        } else {
            int bins = ctx.params().integer("bins");
            nBins = bins + 2;
            for (int j = 0; j < d; j++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double[] row : x) {
                    min = Math.min(min, row[j]);
                    max = Math.max(max, row[j]);
                }
                if (!(max > min)) {
                    throw new InputException(ID + ": dimension " + j + " is constant (" + min + ") in the training data; "
                            + "a histogram density needs spread in every dimension");
                }
                // Inner bins cover [min, max] stretched by 1e-9 (relative) about its centre, so that the
                // training extremes fall robustly inside the inner bins rather than on a tail's edge
                // by rounding. Any fixed rule would be exact; this one is symmetric.
                width[j] = (max - min) / bins * (1 + 1e-9);
                double first = min - (width[j] * bins - (max - min)) / 2;
                lo[j] = first - width[j];
                if (!(width[j] > 0) || !Double.isFinite(width[j]) || !Double.isFinite(lo[j])) {
                    throw new InputException(ID + ": dimension " + j + " has range [" + min + ", " + max
                            + "], which cannot be cut into " + bins + " bins in double precision");
                }
            }
        }
        double[][] counts = new double[d][nBins];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                counts[j][bin(row[j], lo[j], width[j], nBins, discrete)]++; // discrete: in [0, L), checked above
            }
        }
        double denom = n + nBins * alpha;
        double[][] prob = new double[d][nBins];
        for (int j = 0; j < d; j++) {
            for (int b = 0; b < nBins; b++) {
                prob[j][b] = (counts[j][b] + alpha) / denom;
            }
        }
        HistogramModel m = new HistogramModel(ctx.params(), discrete, lo, width, prob);
        double trainLl = Numerics.average(m.logDensities(x));
        HistoryPoint p = new HistoryPoint(0, (System.nanoTime() - start) / 1e9, Map.of("train_ll", trainLl));
        ctx.listener().record(p);
        return FitResult.completed(m, List.of(p));
    }

    /**
     * The bin of y: ⌊(y − lo)/w⌋; discrete: −1 outside [0, L); continuous: clamped to the tail bins
     * 0 and B−1. The one place bins are defined. NaN gives −1.
     */
    static int bin(double y, double lo, double width, int nBins, boolean discrete) {
        double t = Math.floor((y - lo) / width);
        if (discrete || Double.isNaN(t)) {
            return t >= 0 && t < nBins ? (int) t : -1;
        }
        return t <= 0 ? 0 : t >= nBins - 1 ? nBins - 1 : (int) t;
    }

    static HistogramModel restore(ModelState s) {
        boolean discrete = Boolean.parseBoolean(s.configValue("discrete"));
        Map<String, String> config = new java.util.LinkedHashMap<>(s.config());
        config.remove("discrete"); // stored beside the parameters, not one of them
        return new HistogramModel(Params.of(config), discrete,
                s.array("lo"), s.array("width"), s.matrix("prob"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** True when fitted on dequantised data (unit cells), false for equal-width bins on continuous data. */
    public boolean discrete() {
        return discrete;
    }

    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logDensities(Arrays2.rows(ID, x, d)));
    }

    double[] logDensities(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double y = x[i][j];
                int b = bin(y, lo[j], width[j], nBins, discrete);
                if (b < 0) {
                    s = Double.NEGATIVE_INFINITY;
                    break;
                }
                s += logDensity[j][b];
                if (!discrete) {
                    // Tails: exponential decay with scale w beyond the outer inner edge.
                    if (b == 0) {
                        s -= Math.max(0, (lo[j] + width[j] - y) / width[j]);
                    } else if (b == nBins - 1) {
                        s -= Math.max(0, (y - (lo[j] + (nBins - 1) * width[j])) / width[j]);
                    }
                }
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        Numerics.checkSampleCount(ID, n);
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double u = rng.uniform();
                double[] pj = prob[j];
                int b = 0;
                double cum = pj[0];
                while (u >= cum && b < nBins - 1) {
                    b++;
                    cum += pj[b];
                }
                double u2 = rng.uniform();
                if (discrete || (b > 0 && b < nBins - 1)) {
                    out[i][j] = lo[j] + (b + u2) * width[j];
                } else {
                    double e = -Math.log1p(-u2); // Exp(1); u2 < 1 so it is finite
                    out[i][j] = b == 0 ? lo[j] + width[j] - width[j] * e : lo[j] + (nBins - 1) * width[j] + width[j] * e;
                }
            }
        }
        return Arrays2.matrix(out, d);
    }

    @Override
    public ModelState state() {
        return ModelState.builder(ID, d)
                .config(params.asMap())
                .config("discrete", discrete)
                .array("lo", lo)
                .array("width", width)
                .matrix("prob", prob)
                .build();
    }

    @Override
    public long parameterCount() {
        return (long) d * (nBins - 1);
    }
}
