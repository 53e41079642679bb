package dgm.core.baselines;

import dgm.core.InputException;
import dgm.core.math.LogSumExp;
import dgm.core.model.Params;
import dgm.core.nn.Gemm;
import dgm.core.rng.Rng;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expectation–maximisation for {@link GaussianMixtureModel}, on the training split, and the choice
 * of k (and, for {@code gmm-full}, of the covariance shrinkage) on the validation split.
 *
 * <p><b>Choosing k</b> ({@code k=0}, the default): EM is run, with its {@code n_init} restarts, for
 * every k of the grid 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, … (1-2-5 steps) up to the cap
 * k_cap = min({@code k_max}, ⌊n / m⌋), where n is the number of training points EM sees and m the
 * minimum number of points per component: {@value #MIN_POINTS} for diagonal covariances (2d + 1
 * parameters each), max({@value #MIN_POINTS}, d + 1) for full ones (fewer than d + 1 points span
 * less than ℝ^d, so a full covariance would be singular but for its regularisation). The grid is
 * walked upwards and stops at the first k that scores below the best so far (each next k is 2 to
 * 2.5 times the last, and so about as much more EM work as everything before it: on the 2-D moons
 * one more k than necessary doubled the search). The k (and shrinkage) with the highest mean
 * validation log-likelihood is kept (ties: the smaller k, then the smaller shrinkage); its model is the fit, nothing is refitted. Each
 * candidate's restarts use the same seeds as a fit with that k fixed, so {@code --set k=K} (and
 * {@code shrinkage=S}) reproduces the chosen model bit for bit. A candidate whose EM fails (a
 * covariance that is not positive definite) is recorded with validation log-likelihood −∞ and the
 * search goes on. History: every EM iteration ({@code train_ll}, {@code restart}, {@code k}, and
 * {@code shrinkage} for full), then one point per candidate ({@code k}, {@code shrinkage},
 * {@code val_ll}); the fit detail names the grid planned and run, the cap, and the choice. With
 * {@code k ≥ 1} nothing is chosen and validation is not read.
 *
 * <p><b>Shrinkage</b> (full only): Σₖ = (1 − s) Sₖ + s diag(Sₖ) + reg_covar·I, Sₖ the weighted
 * sample covariance of the M-step: the off-diagonal entries are shrunk towards 0 by the factor
 * 1 − s (s = 1 is the diagonal mixture). {@code shrinkage=-1} (the default) chooses s from
 * {@link #SHRINKAGE_GRID} at each k of the search, walking it upwards while the validation
 * log-likelihood rises; with a fixed k it means s = 0, the plain M-step. With s &gt; 0 the M-step is
 * no longer the exact maximiser, so the training log-likelihood may fall from one iteration to the
 * next (the detail says so); EM stops, as always, at the first iteration whose rise is below
 * {@code tol}, a fall included.
 *
 * <p><b>Initialisation</b>: k-means++ seeding (Arthur &amp; Vassilvitskii 2007; first centre uniform,
 * each next one drawn with probability ∝ squared distance to the nearest chosen centre) from the
 * named seed {@code init} (restart r uses {@code init}'s generator derived with {@code "restart-r"}),
 * refined by at most {@code kmeans_iter} Lloyd iterations; the hard assignment to the nearest centre
 * then gives the first M-step, as in scikit-learn's default.
 *
 * <p><b>E-step</b> in log space: log rᵢₖ = log wₖ + log N(xᵢ; μₖ, Σₖ) − log Σⱼ wⱼ N(xᵢ; μⱼ, Σⱼ)
 * (log-sum-exp), with the component terms computed by matrix products over blocks of rows
 * ({@link GaussianMixtureModel#logJoint}). <b>M-step</b>: Nₖ = Σᵢ rᵢₖ (+10 ulp so an empty
 * component divides by a positive number), wₖ = Nₖ / Σⱼ Nⱼ, μₖ = Σᵢ rᵢₖ xᵢ / Nₖ; full:
 * Sₖ = Σᵢ rᵢₖ (xᵢ−μₖ)(xᵢ−μₖ)ᵀ / Nₖ over the points with rᵢₖ &gt; 0 only (a point with rᵢₖ = 0, common in
 * high dimension where responsibilities underflow, adds exactly nothing), as one product of the
 * rows √rᵢₖ (xᵢ−μₖ); diag: σₖⱼ² = Σᵢ rᵢₖ x̃ᵢⱼ² / Nₖ − μ̃ₖⱼ² + reg_covar on data centred at the
 * training mean (as scikit-learn computes it), from one product Rᵀ [x̃, x̃²] for all components.
 *
 * <p>Iteration t means t M-steps (the first one from the hard k-means assignment); {@code max_iter}
 * bounds t. EM stops when an iteration raises the mean training log-likelihood by less than
 * {@code tol}, or at t = max_iter (then the {@link FitResult#detail()} says so).
 *
 * <p>Monotonicity: with reg_covar = 0 and no shrinkage each iteration provably does not lower the
 * training log-likelihood. With reg_covar &gt; 0 the covariance step is the exact maximiser only up
 * to O(reg_covar), so a decrease is possible in principle; the history is recorded at every
 * iteration (key {@code train_ll}, nats per example, of the parameters after that M-step; key
 * {@code restart}) so anyone can check, and a decrease larger than 1e-9 relative is named in the
 * {@link FitResult#detail()}.
 *
 * <p>Large training sets: with more than {@code max_points} training points EM runs on a uniformly
 * random subset of that size (without replacement, named seed {@code subsample}, kept in training
 * order), the cost of every EM iteration being proportional to the points.
 */
final class GmmEm {
    /** A drop in mean log-likelihood larger than this (relative) is reported, not ignored as rounding. */
    static final double DECREASE_TOLERANCE = 1e-9;
    /** Minimum training points per component that bounds the k grid (full: at least d + 1). */
    static final int MIN_POINTS = 10;
    /** The search over k stops once this many consecutive values of k scored below the best so far. */
    static final int PATIENCE = 1;
    /** Shrinkage values tried at each k when {@code shrinkage=-1} (full), walked upwards. */
    static final double[] SHRINKAGE_GRID = {0, 0.1, 0.25, 0.5, 0.75, 0.9};

    private GmmEm() {
    }

    /** The settings every EM run of one fit shares. */
    private record Settings(String id, boolean full, Params params, double reg, int maxIter, double tol, int nInit,
                            int kmeansIter) {
    }

    /** The k grid 1, 2, 5, 10, 20, 50, … up to and including {@code cap} (at least {1}). */
    static List<Integer> kGrid(int cap) {
        List<Integer> g = new ArrayList<>();
        int[] steps = {1, 2, 5};
        for (long scale = 1; ; scale *= 10) {
            for (int s : steps) {
                long v = s * scale;
                if (v > Math.max(1, cap)) {
                    return g;
                }
                g.add((int) v);
            }
        }
    }

    /** k_cap: the grid's bound for n points in d dimensions ({@code kMax} = 0: no bound of its own). */
    static int kCap(int n, int d, boolean full, int kMax) {
        int minPoints = full ? Math.max(MIN_POINTS, d + 1) : MIN_POINTS;
        int cap = Math.max(1, n / minPoints);
        return kMax > 0 ? Math.min(cap, kMax) : cap;
    }

    static FitResult fit(String id, boolean full, FitContext ctx) {
        long start = System.nanoTime();
        Params p = ctx.params();
        int k = p.integer("k");
        double shrinkage = full ? p.real("shrinkage") : 0;
        if (full && shrinkage < 0 && shrinkage != -1) {
            throw new InputException(id + ": parameter 'shrinkage' = " + shrinkage
                    + " is invalid; expected -1 (choose on the validation split) or a fraction in [0, 1]");
        }
        Settings s = new Settings(id, full, p, p.real("reg_covar"), p.integer("max_iter"), p.real("tol"),
                p.integer("n_init"), p.integer("kmeans_iter"));
        double[][] all = Numerics.train(id, ctx, Math.max(1, k), "k = " + k + " components need at least k training points");
        List<String> notes = new ArrayList<>();
        double[][] x = subsample(all, p.integer("max_points"), ctx, notes);
        int d = x[0].length;
        if (k > x.length) {
            throw new InputException(id + ": k = " + k + " components need at least k training points (max_points = "
                    + x.length + " of " + all.length + " are used)");
        }
        Rng init = ctx.seeds().rng("init");
        Recorder rec = new Recorder(start, ctx);
        if (k > 0) {
            Run run = fitK(s, x, k, Math.max(0, shrinkage), init, rec, false, 0, 1);
            notes.addAll(run.notes);
            ctx.listener().progress(1.0, id + ": done, train_ll=" + run.ll);
            RunStatus status = Double.isFinite(run.ll) ? RunStatus.COMPLETED : RunStatus.DIVERGED;
            return new FitResult(run.model, rec.history(), status, String.join("; ", notes));
        }
        double[][] val = Numerics.validation(id, ctx, d,
                "choosing k needs a non-empty validation split; or fix it with k = K >= 1");
        int cap = kCap(x.length, d, full, p.integer("k_max"));
        List<Integer> grid = kGrid(cap);
        double[] shrinkages = !full ? new double[] {0} : shrinkage >= 0 ? new double[] {shrinkage} : SHRINKAGE_GRID;
        Candidate best = null;
        int worse = 0;
        List<String> ran = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int gi = 0;
        int last = 0;
        for (int kk : grid) {
            last = kk;
            Candidate bestAtK = null;
            for (double sh : shrinkages) {
                Candidate c = candidate(s, x, val, kk, sh, init, rec, gi, grid.size());
                ran.add(full ? String.format("k=%d s=%s: %.4f", kk, fmt(sh), c.valLl) : String.format("k=%d: %.4f", kk, c.valLl));
                if (c.failure != null) {
                    failed.add((full ? "k=" + kk + " s=" + fmt(sh) : "k=" + kk) + " (" + c.failure + ")");
                }
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("k", (double) kk);
                if (full) {
                    v.put("shrinkage", sh);
                }
                v.put("val_ll", c.valLl);
                rec.point(v);
                if (bestAtK == null || c.valLl > bestAtK.valLl) {
                    bestAtK = c;
                } else if (c.failure == null) {
                    break; // shrinkage is walked upwards while the validation score rises
                }
            }
            gi++;
            if (best == null || bestAtK.valLl > best.valLl) {
                best = bestAtK;
                worse = 0;
            } else if (++worse >= PATIENCE) {
                break;
            }
        }
        if (best.model == null) {
            throw new InputException(id + ": every candidate of the search failed: " + String.join("; ", failed)
                    + "; increase 'reg_covar' (now " + s.reg + ")" + (full ? " or fix 'shrinkage' > 0" : ""));
        }
        List<String> d2 = new ArrayList<>();
        d2.add(String.format("k = %d%s chosen on the validation split (mean log-likelihood %.6f nats/example)", best.k,
                full ? String.format(", shrinkage %s", fmt(best.shrinkage)) : "", best.valLl));
        d2.add("k grid " + grid + " (cap " + cap + " = " + capReason(x.length, d, full, p.integer("k_max")) + ")"
                + (last < grid.get(grid.size() - 1) ? ", stopped after k = " + last + " (" + (PATIENCE == 1
                ? "it scored below the best" : PATIENCE + " consecutive k below the best") + ")" : ""));
        d2.add("validation log-likelihood per candidate: " + String.join(", ", ran));
        if (best.k == grid.get(grid.size() - 1) && grid.size() > 1) {
            d2.add("the chosen k is the largest of the grid: not an interior optimum");
        }
        if (!failed.isEmpty()) {
            d2.add("failed: " + String.join("; ", failed));
        }
        for (String n : best.notes) {
            d2.add("chosen candidate: " + n);
        }
        notes.addAll(0, d2);
        ctx.listener().progress(1.0, id + ": k=" + best.k + ", val_ll=" + best.valLl);
        return new FitResult(best.model, rec.history(), RunStatus.COMPLETED, String.join("; ", notes));
    }

    private static String capReason(int n, int d, boolean full, int kMax) {
        int minPoints = full ? Math.max(MIN_POINTS, d + 1) : MIN_POINTS;
        String data = n + " training points / " + minPoints + " per component";
        return kMax > 0 && kMax < Math.max(1, n / minPoints) ? "k_max; " + data + " allows " + Math.max(1, n / minPoints)
                : data;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private record Candidate(int k, double shrinkage, GaussianMixtureModel model, double valLl, List<String> notes,
                             String failure) {
    }

    private static Candidate candidate(Settings s, double[][] x, double[][] val, int k, double shrinkage, Rng init,
                                       Recorder rec, int gi, int gridSize) {
        try {
            Run run = fitK(s, x, k, shrinkage, init, rec, true, gi, gridSize);
            double v = run.model == null || !Double.isFinite(run.ll) ? Double.NEGATIVE_INFINITY
                    : Numerics.average(run.model.logDensities(val));
            if (Double.isNaN(v)) {
                v = Double.NEGATIVE_INFINITY;
            }
            return new Candidate(k, shrinkage, Double.isFinite(run.ll) ? run.model : null, v, run.notes,
                    Double.isFinite(run.ll) ? null : "training log-likelihood " + run.ll);
        } catch (InputException e) {
            return new Candidate(k, shrinkage, null, Double.NEGATIVE_INFINITY, List.of(), e.getMessage());
        }
    }

    /** The history of one fit, sent to the listener as it grows; steps count EM iterations. */
    private static final class Recorder {
        private final long start;
        private final FitContext ctx;
        private final List<HistoryPoint> history = new ArrayList<>();
        private long step;

        Recorder(long start, FitContext ctx) {
            this.start = start;
            this.ctx = ctx;
        }

        void iteration(Map<String, Double> values) {
            step++;
            point(values);
        }

        void point(Map<String, Double> values) {
            HistoryPoint hp = new HistoryPoint(step, (System.nanoTime() - start) / 1e9, Map.copyOf(values));
            history.add(hp);
            ctx.listener().record(hp);
        }

        List<HistoryPoint> history() {
            return List.copyOf(history);
        }
    }

    private static double[][] subsample(double[][] x, int maxPoints, FitContext ctx, List<String> notes) {
        int n = x.length;
        if (maxPoints == 0 || n <= maxPoints) {
            return x;
        }
        int[] keep = Arrays.copyOf(ctx.seeds().rng("subsample").permutation(n), maxPoints);
        Arrays.sort(keep); // the subset, not its draw order, defines the fit
        double[][] out = new double[maxPoints][];
        for (int i = 0; i < maxPoints; i++) {
            out[i] = x[keep[i]];
        }
        notes.add("EM on a random " + maxPoints + " of " + n + " training points (max_points, seed 'subsample')");
        return out;
    }

    private record Run(GaussianMixtureModel model, double ll, List<String> notes) {
    }

    /** EM with {@code n_init} restarts at this k and shrinkage; the highest final training log-likelihood wins. */
    private static Run fitK(Settings s, double[][] x, int k, double shrinkage, Rng init, Recorder rec, boolean search,
                            int gi, int gridSize) {
        double[] ref = Numerics.mean(x);
        Run best = null;
        List<String> notes = new ArrayList<>();
        for (int r = 0; r < s.nInit; r++) {
            Run run = runOnce(s, x, ref, k, shrinkage, init.derive("restart-" + r), r, rec, search, gi, gridSize);
            notes.addAll(run.notes);
            // Strictly greater: on a tie the earlier restart wins, so the result never depends on float ties.
            if (best == null || run.ll > best.ll) {
                best = run;
            }
        }
        return new Run(best.model, best.ll, notes);
    }

    private static Run runOnce(Settings s, double[][] x, double[] ref, int k, double shrinkage, Rng rng, int restart,
                               Recorder rec, boolean search, int gi, int gridSize) {
        int n = x.length;
        List<String> notes = new ArrayList<>();
        double[] resp = new double[n * k];
        int[] labels = kmeansLabels(x, ref, k, s.kmeansIter, rng);
        for (int i = 0; i < n; i++) {
            resp[i * k + labels[i]] = 1;
        }
        String tag = "restart " + restart + (search ? " (k = " + k + (s.full ? ", shrinkage " + fmt(shrinkage) : "") + ")" : "");
        // Iteration `it` = number of M-steps so far; the first M-step uses the hard k-means assignment.
        GaussianMixtureModel model = mStep(s.full, s.params, x, ref, resp, k, s.reg, shrinkage);
        GaussianMixtureModel previous = null;
        double prevLl = Double.NaN;
        for (int it = 1; ; it++) {
            double ll = eStep(model, x, resp); // of the parameters after `it` M-steps
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("train_ll", ll);
            v.put("restart", (double) restart);
            if (search) {
                v.put("k", (double) k);
                if (s.full) {
                    v.put("shrinkage", shrinkage);
                }
            }
            rec.iteration(v);
            double frac = search ? (gi + (restart + (double) it / s.maxIter) / s.nInit) / gridSize
                    : (restart + (double) it / s.maxIter) / s.nInit;
            rec.ctx.listener().progress(Math.min(1, frac), s.id + ": " + (search ? "k = " + k + ", " : "") + "restart "
                    + (restart + 1) + "/" + s.nInit + ", iteration " + it + ", train_ll=" + ll);
            if (!Double.isFinite(ll)) {
                notes.add(tag + ": training log-likelihood became " + ll + " at iteration " + it
                        + (previous == null ? "" : "; kept the previous parameters"));
                return previous == null ? new Run(model, ll, notes) : new Run(previous, prevLl, notes);
            }
            if (it > 1) {
                if (ll < prevLl - DECREASE_TOLERANCE * Math.max(1.0, Math.abs(prevLl))) {
                    notes.add(tag + ": training log-likelihood decreased at iteration " + it
                            + " from " + prevLl + " to " + ll + (shrinkage > 0
                            ? " (with shrinkage > 0 the M-step is not an exact maximiser)" : s.reg > 0
                            ? " (with reg_covar > 0 the M-step is not an exact maximiser)" : " (unexpected with reg_covar = 0)"));
                }
                if (ll - prevLl < s.tol) {
                    return new Run(model, ll, notes);
                }
            }
            if (it >= s.maxIter) {
                notes.add(tag + ": not converged after max_iter = " + s.maxIter + " iterations"
                        + (it > 1 ? " (last change " + (ll - prevLl) + " nats/example, tol " + s.tol + ")" : ""));
                return new Run(model, ll, notes);
            }
            previous = model;
            prevLl = ll;
            model = mStep(s.full, s.params, x, ref, resp, k, s.reg, shrinkage);
        }
    }

    /**
     * E-step: overwrites {@code resp[i·k + c]} with the responsibilities under {@code m} and returns
     * the mean training log-likelihood (nats per example) of {@code m}.
     */
    static double eStep(GaussianMixtureModel m, double[][] x, double[] resp) {
        int k = m.components();
        int block = GaussianMixtureModel.BLOCK;
        double[] lj = new double[block * k];
        double[] row = new double[k];
        GaussianMixtureModel.Scratch scratch = m.scratch();
        double total = 0;
        for (int from = 0; from < x.length; from += block) {
            int rows = Math.min(block, x.length - from);
            m.logJoint(x, from, rows, lj, scratch);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(lj, i * k, row, 0, k);
                double l = LogSumExp.of(row, k);
                total += l;
                int o = (from + i) * k;
                for (int c = 0; c < k; c++) {
                    resp[o + c] = Math.exp(row[c] - l);
                }
            }
        }
        return total / x.length;
    }

    /**
     * M-step: the parameters maximising the expected complete-data log-likelihood under
     * {@code resp} ([n × k] row-major), the covariances shrunk by {@code shrinkage} (full) and
     * regularised by {@code reg}; {@code ref} is the centring point of the sums (the training mean).
     */
    static GaussianMixtureModel mStep(boolean full, Params params, double[][] x, double[] ref, double[] resp, int k,
                                      double reg, double shrinkage) {
        int n = x.length;
        int d = x[0].length;
        int block = GaussianMixtureModel.BLOCK;
        int w = full ? d : 2 * d;
        double[] nk = new double[k];
        for (int i = 0; i < n; i++) {
            int o = i * k;
            for (int c = 0; c < k; c++) {
                nk[c] += resp[o + c];
            }
        }
        // acc[c][0..d) = Σᵢ rᵢc x̃ᵢ; diag: acc[c][d..2d) = Σᵢ rᵢc x̃ᵢ², x̃ = x − ref.
        double[] acc = new double[k * w];
        double[] bx = new double[block * w];
        double[] br = new double[block * k];
        for (int from = 0; from < n; from += block) {
            int rows = Math.min(block, n - from);
            for (int i = 0; i < rows; i++) {
                double[] xi = x[from + i];
                int o = i * w;
                for (int a = 0; a < d; a++) {
                    double t = xi[a] - ref[a];
                    bx[o + a] = t;
                    if (!full) {
                        bx[o + d + a] = t * t;
                    }
                }
            }
            System.arraycopy(resp, from * k, br, 0, rows * k);
            Gemm.accumulateTransposedA(br, bx, acc, 0, rows, k, w);
        }
        double nTotal = 0;
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][][];
        for (int c = 0; c < k; c++) {
            // As scikit-learn: a component nobody is responsible for still gets a finite mean (the reference).
            double s = nk[c] + 10 * Math.ulp(1.0);
            nk[c] = s;
            nTotal += s;
            int o = c * w;
            double[] m = mu[c];
            for (int a = 0; a < d; a++) {
                m[a] = acc[o + a] / s + ref[a];
            }
            if (full) {
                cov[c] = scatter(x, resp, k, c, m, s, reg, shrinkage);
            } else {
                double[] var = new double[d];
                for (int a = 0; a < d; a++) {
                    double mt = acc[o + a] / s;
                    var[a] = Math.max(0, acc[o + d + a] / s - mt * mt) + reg;
                }
                cov[c] = new double[][] {var};
            }
        }
        double[] wts = new double[k];
        for (int c = 0; c < k; c++) {
            wts[c] = nk[c] / nTotal;
        }
        return new GaussianMixtureModel(full, params, wts, mu, cov);
    }

    /**
     * (1 − s) Sₖ + s diag(Sₖ) + reg·I with Sₖ = Σᵢ rᵢₖ (xᵢ−μ)(xᵢ−μ)ᵀ / Nₖ, summed over the points with
     * rᵢₖ &gt; 0 as one product of the rows √rᵢₖ (xᵢ−μ), block by block.
     */
    private static double[][] scatter(double[][] x, double[] resp, int k, int c, double[] mu, double nk, double reg,
                                      double shrinkage) {
        int n = x.length;
        int d = mu.length;
        int block = GaussianMixtureModel.BLOCK;
        double[] sc = new double[d * d];
        double[] b = new double[block * d];
        int rows = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n) {
                double r = resp[i * k + c];
                if (r == 0) {
                    continue; // adds exactly nothing; hard k-means assignments make this common at the start
                }
                double sr = Math.sqrt(r);
                double[] xi = x[i];
                int o = rows * d;
                for (int a = 0; a < d; a++) {
                    b[o + a] = sr * (xi[a] - mu[a]);
                }
                rows++;
            }
            if (rows == block || (i == n && rows > 0)) {
                Gemm.accumulateTransposedA(b, b, sc, 0, rows, d, d);
                rows = 0;
            }
        }
        double off = 1 - shrinkage;
        double[][] out = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int bb = 0; bb < a; bb++) {
                double v = sc[a * d + bb] / nk * off; // the lower triangle, mirrored: exactly symmetric
                out[a][bb] = v;
                out[bb][a] = v;
            }
            out[a][a] = sc[a * d + a] / nk + reg;
        }
        return out;
    }

    /**
     * k-means++ seeding followed by at most {@code iters} Lloyd iterations; returns each point's
     * nearest centre (ties to the lower index). Distances for the assignments are
     * ‖x̃‖² − 2 x̃·c̃ + ‖c̃‖² on data centred at {@code ref}, one matrix product per block of rows.
     */
    static int[] kmeansLabels(double[][] x, double[] ref, int k, int iters, Rng rng) {
        int n = x.length;
        int d = x[0].length;
        double[][] centres = new double[k][];
        centres[0] = x[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = dist2(x[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double t : d2) {
                total += t;
            }
            int idx = -1;
            if (total > 0) {
                double u = rng.uniform() * total;
                double cum = 0;
                for (int i = 0; i < n; i++) {
                    cum += d2[i];
                    if (u < cum) {
                        idx = i;
                        break;
                    }
                }
                if (idx < 0) { // u landed on the rounding remainder: take the last point with positive weight
                    for (int i = n - 1; i >= 0; i--) {
                        if (d2[i] > 0) {
                            idx = i;
                            break;
                        }
                    }
                }
            } else {
                idx = rng.nextInt(n); // fewer distinct points than k: duplicates are unavoidable
            }
            centres[c] = x[idx].clone();
            if (c < k - 1) {
                for (int i = 0; i < n; i++) {
                    double t = dist2(x[i], centres[c]);
                    if (t < d2[i]) {
                        d2[i] = t;
                    }
                }
            }
        }
        double[] xNorm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < d; a++) {
                double t = x[i][a] - ref[a];
                s += t * t;
            }
            xNorm[i] = s;
        }
        int[] labels = assign(x, ref, xNorm, centres);
        for (int it = 0; it < iters; it++) {
            double[][] sum = new double[k][d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[labels[i]]++;
                double[] si = sum[labels[i]];
                for (int a = 0; a < d; a++) {
                    si[a] += x[i][a];
                }
            }
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) { // an empty cluster keeps its centre
                    for (int a = 0; a < d; a++) {
                        centres[c][a] = sum[c][a] / count[c];
                    }
                }
            }
            int[] next = assign(x, ref, xNorm, centres);
            boolean same = Arrays.equals(next, labels);
            labels = next;
            if (same) {
                break;
            }
        }
        return labels;
    }

    private static int[] assign(double[][] x, double[] ref, double[] xNorm, double[][] centres) {
        int n = x.length;
        int d = ref.length;
        int k = centres.length;
        int block = GaussianMixtureModel.BLOCK;
        double[] ct = new double[d * k]; // centred centres, transposed: [d × k]
        double[] cNorm = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int a = 0; a < d; a++) {
                double t = centres[c][a] - ref[a];
                ct[a * k + c] = t;
                s += t * t;
            }
            cNorm[c] = s;
        }
        double[] bx = new double[block * d];
        double[] dots = new double[block * k];
        int[] labels = new int[n];
        for (int from = 0; from < n; from += block) {
            int rows = Math.min(block, n - from);
            for (int i = 0; i < rows; i++) {
                double[] xi = x[from + i];
                int o = i * d;
                for (int a = 0; a < d; a++) {
                    bx[o + a] = xi[a] - ref[a];
                }
            }
            Gemm.mul(bx, ct, 0, dots, rows, d, k);
            for (int i = 0; i < rows; i++) {
                double best = Double.POSITIVE_INFINITY;
                int arg = 0;
                int o = i * k;
                double xn = xNorm[from + i];
                for (int c = 0; c < k; c++) {
                    double t = xn - 2 * dots[o + c] + cNorm[c];
                    if (t < best) {
                        best = t;
                        arg = c;
                    }
                }
                labels[from + i] = arg;
            }
        }
        return labels;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
