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
import dgm.core.train.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code kde}: Gaussian kernel density estimate, q(x) = (1/m) Σᵢ N(x; xᵢ, h² S²) with S = diag(σ₁..σ_d).
 *
 * <p>Scale: with {@code standardize=true} (default) σⱼ is the training standard deviation of
 * dimension j (ML, divides by n), i.e. an isotropic kernel of width h on standardised data; with
 * {@code standardize=false} every σⱼ is the same, the root-mean-square of the per-dimension standard
 * deviations, i.e. an isotropic kernel in data units. h is therefore always in units of σ.
 *
 * <p>Density: log q(x) = log Σᵢ exp(−½ ‖S⁻¹(x−xᵢ)‖² / h²) − log m − (d/2) log 2π − d log h − Σⱼ log σⱼ,
 * with a log-sum-exp, so points far from all centres get a finite, correct log-density (terms below
 * e^−40/m of the largest are skipped, which changes the sum by less than its rounding). Exact and
 * normalised: it is the density of this (kernel) model, not an estimate of another model's
 * likelihood. (The Parzen "log-likelihood of samples" of docs/metrics.md is a different use.)
 *
 * <p>Bandwidth ({@code bandwidth=0}, the default): chosen by maximising the mean validation
 * log-likelihood over h = h_Scott · 2^(j/2), j = −4..4 (factors ¼ to 4, √2 apart), where
 * h_Scott = m^(−1/(d+4)) is Scott's rule for standardised data. If the best h is at an end of the
 * grid, the grid is extended in that direction, four √2-steps at a time, until the best is interior
 * (or the factor reaches 2^−20 or 2^6, which the fit detail then reports). So the chosen h is an
 * interior optimum of the validation likelihood on a √2 grid. Needs a non-empty validation split.
 * {@code bandwidth=h>0} fixes h (in units of σ) and uses no validation data.
 *
 * <p>Cost is O(m) per evaluated point, so with more than {@code max_points} (default 5000) training
 * points a uniformly random subset of that size (without replacement, named seed {@code subsample})
 * is kept as the kernel centres; σ is still computed from the whole training split. Samples: a
 * uniformly chosen centre plus N(0, h² S²).
 */
public final class KdeModel implements DensityModel {
    public static final String ID = "kde";

    /** Initial grid: log2 factors j/2 for j in [JMIN0, JMAX0]; extension limits [JMIN, JMAX]. */
    private static final int JMIN0 = -4;
    private static final int JMAX0 = 4;
    private static final int JMIN = -40;
    private static final int JMAX = 12;
    private static final int EXTEND = 4;
    /**
     * Kernel terms are summed relative to the largest one (which contributes exactly 1). A term
     * exp(−e) with e &gt; 40 + log m is skipped: all skipped terms together are below m·e^(−40−log m)
     * = e^−40 ≈ 4e-18 of the sum, under the 1.1e-16 rounding of the sum itself, so the result is the
     * exact log-sum-exp to double precision. It spares most exp calls when h is small.
     */
    private static double cutoff(int m) {
        return 40 + Math.log(m);
    }

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.real("bandwidth", 0.0, 0, 1e6,
                    "kernel width h in units of the per-dimension scale; 0 = choose by validation log-likelihood "
                            + "on the grid Scott x 2^(j/2), j=-4..4, extended while the best is at an end"),
            ParamSpec.integer("max_points", 5000, 1, Integer.MAX_VALUE,
                    "at most this many training points (a seeded random subset) are kept as kernel centres"),
            ParamSpec.bool("standardize", true,
                    "true: scale each dimension by its training standard deviation; false: one common scale "
                            + "(isotropic kernel in data units)").formerly("standardise"));

    private final Params params;
    private final int d;
    private final int m;
    /** Kernel centres, raw, row-major [m*d]. */
    private final double[] points;
    private final double[] scale;
    private final double h;
    /** Centres divided by h·σ, row-major [m*d]. */
    private final double[] scaled;
    private final double[] invHs;
    /** −log m − (d/2) log 2π − d log h − Σ log σⱼ. */
    private final double logNorm;

    KdeModel(Params params, double[][] centres, double[] scale, double h) {
        this.params = params;
        this.m = centres.length;
        this.d = scale.length;
        this.scale = scale.clone();
        this.h = h;
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new InputException(ID + ": bandwidth must be positive and finite, got " + h);
        }
        this.points = new double[m * d];
        this.scaled = new double[m * d];
        this.invHs = new double[d];
        double sumLogScale = 0;
        for (int j = 0; j < d; j++) {
            invHs[j] = 1 / (h * scale[j]);
            sumLogScale += Math.log(scale[j]);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                points[i * d + j] = centres[i][j];
                scaled[i * d + j] = centres[i][j] * invHs[j];
            }
        }
        this.logNorm = -Math.log(m) - d * Numerics.HALF_LOG_2PI - d * Math.log(h) - sumLogScale;
    }

    static ModelSpec spec() {
        return new ModelSpec(ID,
                "Gaussian kernel density estimate, bandwidth chosen on validation data (exact density of the KDE)",
                Capability.EXACT_DENSITY, PARAMS, KdeModel::fit, KdeModel::restore);
    }

    static FitResult fit(FitContext ctx) {
        long start = System.nanoTime();
        double[][] x = Numerics.train(ID, ctx, 2, "a kernel density estimate needs at least 2 training points");
        int n = x.length;
        int d = x[0].length;
        Params p = ctx.params();
        double fixedH = p.real("bandwidth");
        int maxPoints = p.integer("max_points");
        double[] scale = scales(x, p.bool("standardize"));

        double[][] centres = x;
        List<String> notes = new ArrayList<>();
        if (n > maxPoints) {
            int[] perm = ctx.seeds().rng("subsample").permutation(n);
            int[] keep = Arrays.copyOf(perm, maxPoints);
            Arrays.sort(keep); // keep the training order: the subset, not its draw order, defines the model
            centres = new double[maxPoints][];
            for (int i = 0; i < maxPoints; i++) {
                centres[i] = x[keep[i]];
            }
            notes.add("kernel centres: a random " + maxPoints + " of " + n + " training points (seed 'subsample')");
        }
        int m = centres.length;
        List<HistoryPoint> history = new ArrayList<>();
        double h;
        if (fixedH > 0) {
            h = fixedH;
            HistoryPoint hp = new HistoryPoint(0, (System.nanoTime() - start) / 1e9, Map.of("bandwidth", h));
            history.add(hp);
            ctx.listener().record(hp);
        } else {
            double[][] val = Numerics.validation(ID, ctx, d,
                    "choosing the bandwidth needs a non-empty validation split; or fix it with bandwidth=h > 0");
            double hScott = Math.pow(m, -1.0 / (d + 4));
            Selection sel = select(centres, val, scale, hScott);
            for (int t = 0; t < sel.js.size(); t++) {
                HistoryPoint hp = new HistoryPoint(t, (System.nanoTime() - start) / 1e9,
                        Map.of("bandwidth", hScott * Math.pow(2, sel.js.get(t) / 2.0), "val_ll", sel.lls.get(t)));
                history.add(hp);
                ctx.listener().record(hp);
            }
            h = hScott * Math.pow(2, sel.best / 2.0);
            notes.add(String.format("bandwidth h = %.6g (Scott %.6g x 2^(%d/2)), validation log-likelihood %.6f"
                    + " nats/example over %d candidates", h, hScott, sel.best, sel.bestLl, sel.js.size()));
            if (sel.best <= JMIN || sel.best >= JMAX) {
                notes.add("the best bandwidth is at the limit of the search (factor 2^(" + sel.best + "/2)); "
                        + "it is not an interior optimum");
            }
        }
        ctx.listener().progress(1.0, ID + ": h=" + h);
        KdeModel model = new KdeModel(p, centres, scale, h);
        return new FitResult(model, List.copyOf(history), RunStatus.COMPLETED, String.join("; ", notes));
    }

    /**
     * A Parzen-window estimate (Goodfellow et al. 2014's protocol, used by the f-GAN paper on MNIST):
     * an isotropic Gaussian kernel on the given centres (a model's samples), one width in data units
     * (the root-mean-square of the centres' per-dimension standard deviations times h), h chosen by
     * the mean log-likelihood of {@code selection} on this class's √2 grid, then the log-density of
     * every query row. The same computation as {@code kde} with {@code standardize=false}.
     *
     * @return the chosen width (data units), whether it is an interior optimum of the grid, and log q of each query
     * @throws InputException when the centres are all identical (a kernel density needs spread)
     */
    public static Parzen parzen(double[][] centres, double[][] selection, double[][] queries) {
        int m = centres.length;
        int d = centres[0].length;
        double[] scale = scales(centres, false);
        double hScott = Math.pow(m, -1.0 / (d + 4));
        Selection sel = select(centres, selection, scale, hScott);
        double h = hScott * Math.pow(2, sel.best / 2.0);
        KdeModel k = new KdeModel(Params.of(Map.of("standardize", "false")), centres, scale, h);
        return new Parzen(h * scale[0], sel.best > JMIN && sel.best < JMAX, k.logDensities(queries));
    }

    /** The outcome of {@link #parzen}: the kernel's standard deviation in data units, and log q of each query. */
    public record Parzen(double width, boolean interior, double[] logDensities) {
    }

    /** σⱼ: per-dimension ML standard deviations, or their root-mean-square in every dimension. */
    private static double[] scales(double[][] x, boolean standardize) {
        int n = x.length;
        int d = x[0].length;
        double[] mu = Numerics.mean(x);
        double[] var = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double t = row[j] - mu[j];
                var[j] += t * t;
            }
        }
        double[] s = new double[d];
        if (standardize) {
            for (int j = 0; j < d; j++) {
                s[j] = Math.sqrt(var[j] / n);
                if (!(s[j] > 0)) {
                    throw new InputException(ID + ": dimension " + j + " is constant in the training data, so it "
                            + "cannot be standardised; use standardize=false or drop the dimension");
                }
            }
        } else {
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += var[j] / n;
            }
            double c = Math.sqrt(mean / d);
            if (!(c > 0)) {
                throw new InputException(ID + ": all training points are identical; a kernel density needs spread");
            }
            Arrays.fill(s, c);
        }
        return s;
    }

    private record Selection(List<Integer> js, List<Double> lls, int best, double bestLl) {
    }

    /** Grid search over j (h = hScott·2^(j/2)) with extension at the ends; see the class comment. */
    private static Selection select(double[][] centres, double[][] val, double[] scale, double hScott) {
        int m = centres.length;
        int d = scale.length;
        double[] zc = new double[m * d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                zc[i * d + j] = centres[i][j] / scale[j];
            }
        }
        double[][] zv = new double[val.length][d];
        double sumLogScale = 0;
        for (int j = 0; j < d; j++) {
            sumLogScale += Math.log(scale[j]);
        }
        for (int i = 0; i < val.length; i++) {
            for (int j = 0; j < d; j++) {
                zv[i][j] = val[i][j] / scale[j];
            }
        }
        java.util.TreeMap<Integer, Double> ll = new java.util.TreeMap<>();
        List<Integer> order = new ArrayList<>();
        List<Double> orderLl = new ArrayList<>();
        int lo = JMIN0;
        int hi = JMAX0;
        int[] batch = range(lo, hi);
        while (true) {
            double[] res = meanLogLik(zc, m, d, zv, hScott, batch, sumLogScale);
            for (int t = 0; t < batch.length; t++) {
                ll.put(batch[t], res[t]);
                order.add(batch[t]);
                orderLl.add(res[t]);
            }
            int best = argmax(ll);
            if (best == lo && lo > JMIN) {
                int newLo = Math.max(JMIN, lo - EXTEND);
                batch = range(newLo, lo - 1);
                lo = newLo;
            } else if (best == hi && hi < JMAX) {
                int newHi = Math.min(JMAX, hi + EXTEND);
                batch = range(hi + 1, newHi);
                hi = newHi;
            } else {
                return new Selection(order, orderLl, best, ll.get(best));
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The j with the highest log-likelihood; on a tie the smaller j, so the choice is deterministic. */
    private static int argmax(java.util.TreeMap<Integer, Double> ll) {
        int best = ll.firstKey();
        for (Map.Entry<Integer, Double> e : ll.entrySet()) {
            if (e.getValue() > ll.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * Mean log-density of the (standardised) validation points under the KDE with each bandwidth
     * hScott·2^(j/2): the squared distances are computed once per validation point and shared by
     * every candidate.
     */
    private static double[] meanLogLik(double[] zc, int m, int d, double[][] zv, double hScott, int[] js,
                                       double sumLogScale) {
        int c = js.length;
        double[] coef = new double[c];
        double[] constant = new double[c];
        for (int t = 0; t < c; t++) {
            double h = hScott * Math.pow(2, js[t] / 2.0);
            coef[t] = 0.5 / (h * h);
            constant[t] = -Math.log(m) - d * Numerics.HALF_LOG_2PI - d * Math.log(h) - sumLogScale;
        }
        double[] sum = new double[c];
        double cut = cutoff(m);
        distances(zv, null, zc, m, d, (r, dist, off, dmin) -> {
            for (int t = 0; t < c; t++) {
                double a = coef[t];
                double s = 0;
                for (int i = 0; i < m; i++) {
                    double e = (dist[off + i] - dmin) * a;
                    if (e < cut) {
                        s += Math.exp(-e);
                    }
                }
                sum[t] += Math.log(s) - dmin * a;
            }
        });
        double[] out = new double[c];
        for (int t = 0; t < c; t++) {
            out[t] = sum[t] / zv.length + constant[t];
        }
        return out;
    }

    /** Receives one query's squared distances dist[off, off + m) and their minimum. */
    @FunctionalInterface
    private interface RowSink {
        void accept(int row, double[] dist, int off, double dmin);
    }

    /** Query rows per block of the product path. */
    private static final int BLOCK = 256;
    /**
     * From this dimension on the distances come from matrix products: ‖q − p‖² = ‖q̃‖² − 2 q̃·p̃ + ‖p̃‖²
     * with q̃, p̃ centred at the points' mean, one block of queries times all m points through
     * {@link dgm.core.nn.Gemm} (on 784-D data about 10× faster than the loop). Below it (the 2-D
     * toys), the exact loop. The expansion's rounding is about 1e-16 of ‖q̃‖² + ‖p̃‖², far below the
     * terms that matter once divided by 2h².
     */
    static final int PRODUCT_MIN_DIMENSION = 8;

    /**
     * For each query row (multiplied per dimension by {@code factor} when not null, to be in the
     * units of the row-major points {@code p}), its squared distances to the m points, in row order.
     */
    private static void distances(double[][] queries, double[] factor, double[] p, int m, int d, RowSink sink) {
        if (d < PRODUCT_MIN_DIMENSION) {
            double[] q = new double[d];
            double[] dist = new double[m];
            for (int r = 0; r < queries.length; r++) {
                for (int j = 0; j < d; j++) {
                    q[j] = factor == null ? queries[r][j] : queries[r][j] * factor[j];
                }
                sink.accept(r, dist, 0, squaredDistances(q, p, m, d, dist));
            }
            return;
        }
        double[] centre = new double[d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                centre[j] += p[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            centre[j] /= m;
        }
        double[] pt = new double[d * m]; // centred points, transposed [d × m]
        double[] pNorm = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = p[i * d + j] - centre[j];
                pt[j * m + i] = t;
                s += t * t;
            }
            pNorm[i] = s;
        }
        int block = Math.min(BLOCK, Math.max(1, queries.length));
        double[] qb = new double[block * d];
        double[] qNorm = new double[block];
        double[] dist = new double[block * m];
        for (int from = 0; from < queries.length; from += block) {
            int rows = Math.min(block, queries.length - from);
            for (int r = 0; r < rows; r++) {
                double[] q = queries[from + r];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = (factor == null ? q[j] : q[j] * factor[j]) - centre[j];
                    qb[r * d + j] = t;
                    s += t * t;
                }
                qNorm[r] = s;
            }
            dgm.core.nn.Gemm.mul(qb, pt, 0, dist, rows, d, m);
            for (int r = 0; r < rows; r++) {
                int off = r * m;
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    double t = Math.max(0, qNorm[r] - 2 * dist[off + i] + pNorm[i]);
                    dist[off + i] = t;
                    if (t < min) {
                        min = t;
                    }
                }
                sink.accept(from + r, dist, off, min);
            }
        }
    }

    /** Fills dist[i] = ‖q − pᵢ‖² for the m row-major points p and returns the smallest. */
    private static double squaredDistances(double[] q, double[] p, int m, int d, double[] dist) {
        double min = Double.POSITIVE_INFINITY;
        if (d == 2) { // the 2-D toys: unrolled, it is the hot loop of every 2-D evaluation
            double q0 = q[0];
            double q1 = q[1];
            for (int i = 0; i < m; i++) {
                double a = q0 - p[2 * i];
                double b = q1 - p[2 * i + 1];
                double s = a * a + b * b;
                dist[i] = s;
                if (s < min) {
                    min = s;
                }
            }
            return min;
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            int off = i * d;
            for (int j = 0; j < d; j++) {
                double a = q[j] - p[off + j];
                s += a * a;
            }
            dist[i] = s;
            if (s < min) {
                min = s;
            }
        }
        return min;
    }

    static KdeModel restore(ModelState s) {
        return new KdeModel(Params.of(s.config()), s.matrix("centres"), s.array("scale"), s.array("bandwidth")[0]);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** The bandwidth h, in units of the per-dimension scale σⱼ. */
    public double bandwidth() {
        return h;
    }

    /** The per-dimension scale σⱼ (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /** The number m of kernel centres. */
    public int centres() {
        return m;
    }

    @Override
    public INDArray logProb(INDArray x) {
        return Arrays2.vector(logDensities(Arrays2.rows(ID, x, d)));
    }

    double[] logDensities(double[][] x) {
        double[] out = new double[x.length];
        double cut = cutoff(m);
        distances(x, invHs, scaled, m, d, (r, dist, off, dmin) -> {
            double s = 0;
            for (int i = 0; i < m; i++) {
                double e = 0.5 * (dist[off + i] - dmin);
                if (e < cut) {
                    s += Math.exp(-e);
                }
            }
            out[r] = Math.log(s) - 0.5 * dmin + logNorm;
        });
        return out;
    }

    @Override
    public INDArray sample(int n, Rng rng) {
        Numerics.checkSampleCount(ID, n);
        double[][] out = new double[n][d];
        for (int r = 0; r < n; r++) {
            int i = rng.nextInt(m);
            for (int j = 0; j < d; j++) {
                out[r][j] = points[i * d + j] + h * scale[j] * rng.gaussian();
            }
        }
        return Arrays2.matrix(out, d);
    }

    @Override
    public ModelState state() {
        double[][] c = new double[m][d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(points, i * d, c[i], 0, d);
        }
        return ModelState.builder(ID, d)
                .config(params.asMap())
                .matrix("centres", c)
                .array("scale", scale)
                .array("bandwidth", new double[] {h})
                .build();
    }

    /** The kernel centres, the scales and h: for a KDE the stored data is the model. */
    @Override
    public long parameterCount() {
        return (long) m * d + d + 1;
    }
}
