package dgm.core.baselines;

import dgm.core.math.LogSumExp;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expectation–maximisation for {@link GaussianMixtureModel}, on the training split only.
 *
 * <p>Initialisation: k-means++ seeding (Arthur &amp; Vassilvitskii 2007; first centre uniform, each next
 * one drawn with probability ∝ squared distance to the nearest chosen centre) from the named seed
 * {@code init} (restart r uses {@code init}'s generator derived with {@code "restart-r"}), refined by
 * at most {@code kmeans_iter} Lloyd iterations; the hard assignment to the nearest centre then gives
 * the first M-step, as in scikit-learn's default.
 *
 * <p>E-step in log space: log rᵢₖ = log wₖ + log N(xᵢ; μₖ, Σₖ) − log Σⱼ wⱼ N(xᵢ; μⱼ, Σⱼ) (log-sum-exp),
 * so far-away points do not underflow to 0/0. M-step: Nₖ = Σᵢ rᵢₖ (+10 ulp so an empty component
 * divides by a positive number), wₖ = Nₖ / Σⱼ Nⱼ, μₖ = Σᵢ rᵢₖ xᵢ / Nₖ, Σₖ = Σᵢ rᵢₖ (xᵢ−μₖ)(xᵢ−μₖ)ᵀ / Nₖ
 * + reg_covar·I (diag: the diagonal only).
 *
 * <p>Iteration t means t M-steps (the first one from the hard k-means assignment); {@code max_iter}
 * bounds t. EM stops when an iteration raises the mean training log-likelihood by less than
 * {@code tol}, or at t = max_iter (then the {@link FitResult#detail()} says so).
 *
 * <p>Monotonicity: with reg_covar = 0 each iteration provably does not lower the training
 * log-likelihood. With reg_covar &gt; 0 the covariance step is the exact maximiser only up to
 * O(reg_covar), so a decrease is possible in principle; the history is recorded at every iteration
 * (key {@code train_ll}, nats per example, of the parameters after that M-step; key
 * {@code restart}) so anyone can check, and a decrease larger than 1e-9 relative is named in the
 * {@link FitResult#detail()}.
 */
final class GmmEm {
    /** A drop in mean log-likelihood larger than this (relative) is reported, not ignored as rounding. */
    static final double DECREASE_TOLERANCE = 1e-9;

    private GmmEm() {
    }

    static FitResult fit(String id, boolean full, FitContext ctx) {
        long start = System.nanoTime();
        Params p = ctx.params();
        int k = p.integer("k");
        double reg = p.real("reg_covar");
        int maxIter = p.integer("max_iter");
        double tol = p.real("tol");
        int nInit = p.integer("n_init");
        int kmeansIter = p.integer("kmeans_iter");
        double[][] x = Numerics.train(id, ctx, k, "k = " + k + " components need at least k training points");
        Rng init = ctx.seeds().rng("init");

        List<HistoryPoint> history = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        GaussianMixtureModel best = null;
        double bestLl = Double.NEGATIVE_INFINITY;
        long[] step = {0};
        for (int r = 0; r < nInit; r++) {
            Run run = runOnce(id, full, p, x, k, reg, maxIter, tol, kmeansIter, init.derive("restart-" + r), r, nInit,
                    start, step, history, ctx);
            notes.addAll(run.notes);
            // Strictly greater: on a tie the earlier restart wins, so the result never depends on float ties.
            if (best == null || run.ll > bestLl) {
                best = run.model;
                bestLl = run.ll;
            }
        }
        ctx.listener().progress(1.0, id + ": done, train_ll=" + bestLl);
        String detail = String.join("; ", notes);
        RunStatus status = Double.isFinite(bestLl) ? RunStatus.COMPLETED : RunStatus.DIVERGED;
        return new FitResult(best, List.copyOf(history), status, detail);
    }

    private record Run(GaussianMixtureModel model, double ll, List<String> notes) {
    }

    private static Run runOnce(String id, boolean full, Params params, double[][] x, int k, double reg, int maxIter,
                               double tol, int kmeansIter, Rng rng, int restart, int nInit, long start, long[] step,
                               List<HistoryPoint> history, FitContext ctx) {
        int n = x.length;
        List<String> notes = new ArrayList<>();
        double[][] resp = new double[k][n];
        int[] labels = kmeansLabels(x, k, kmeansIter, rng);
        for (int i = 0; i < n; i++) {
            resp[labels[i]][i] = 1;
        }
        // Iteration `it` = number of M-steps so far; the first M-step uses the hard k-means assignment.
        GaussianMixtureModel model = mStep(full, params, x, resp, reg);
        GaussianMixtureModel previous = null;
        double prevLl = Double.NaN;
        for (int it = 1; ; it++) {
            double ll = eStep(model, x, resp); // of the parameters after `it` M-steps
            step[0]++;
            HistoryPoint hp = new HistoryPoint(step[0], (System.nanoTime() - start) / 1e9,
                    Map.of("train_ll", ll, "restart", (double) restart));
            history.add(hp);
            ctx.listener().record(hp);
            ctx.listener().progress((restart + (double) it / maxIter) / nInit,
                    id + ": restart " + (restart + 1) + "/" + nInit + ", iteration " + it + ", train_ll=" + ll);
            if (!Double.isFinite(ll)) {
                notes.add("restart " + restart + ": training log-likelihood became " + ll + " at iteration " + it
                        + (previous == null ? "" : "; kept the previous parameters"));
                return previous == null ? new Run(model, ll, notes) : new Run(previous, prevLl, notes);
            }
            if (it > 1) {
                if (ll < prevLl - DECREASE_TOLERANCE * Math.max(1.0, Math.abs(prevLl))) {
                    notes.add("restart " + restart + ": training log-likelihood decreased at iteration " + it
                            + " from " + prevLl + " to " + ll + (reg > 0
                            ? " (with reg_covar > 0 the M-step is not an exact maximiser)" : " (unexpected with reg_covar = 0)"));
                }
                if (ll - prevLl < tol) {
                    return new Run(model, ll, notes);
                }
            }
            if (it >= maxIter) {
                notes.add("restart " + restart + ": not converged after max_iter = " + maxIter + " iterations"
                        + (it > 1 ? " (last change " + (ll - prevLl) + " nats/example, tol " + tol + ")" : ""));
                return new Run(model, ll, notes);
            }
            previous = model;
            prevLl = ll;
            model = mStep(full, params, x, resp, reg);
        }
    }

    /**
     * E-step: overwrites {@code resp[c][i]} with the responsibilities under {@code m} and returns the
     * mean training log-likelihood (nats per example) of {@code m}.
     */
    static double eStep(GaussianMixtureModel m, double[][] x, double[][] resp) {
        int k = m.components();
        int d = m.dimension();
        double[] lj = new double[k];
        double[] v = new double[d];
        double[] z = new double[d];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            m.componentLogJoint(x[i], lj, v, z);
            double l = LogSumExp.of(lj, k);
            total += l;
            for (int c = 0; c < k; c++) {
                resp[c][i] = Math.exp(lj[c] - l);
            }
        }
        return total / x.length;
    }

    /** M-step: the parameters maximising the expected complete-data log-likelihood under {@code resp}. */
    static GaussianMixtureModel mStep(boolean full, Params params, double[][] x, double[][] resp, double reg) {
        int k = resp.length;
        int n = x.length;
        int d = x[0].length;
        double[] nk = new double[k];
        double nTotal = 0;
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][][];
        double[] v = new double[d];
        for (int c = 0; c < k; c++) {
            double[] rc = resp[c];
            double s = 0;
            double[] m = mu[c];
            for (int i = 0; i < n; i++) {
                double r = rc[i];
                s += r;
                double[] xi = x[i];
                for (int a = 0; a < d; a++) {
                    m[a] += r * xi[a];
                }
            }
            // As scikit-learn: a component nobody is responsible for still gets a finite mean (0).
            s += 10 * Math.ulp(1.0);
            nk[c] = s;
            nTotal += s;
            for (int a = 0; a < d; a++) {
                m[a] /= s;
            }
            if (full) {
                double[][] sc = new double[d][d];
                for (int i = 0; i < n; i++) {
                    double r = rc[i];
                    if (r == 0) {
                        continue; // adds exactly nothing; hard k-means assignments make this common at the start
                    }
                    double[] xi = x[i];
                    for (int a = 0; a < d; a++) {
                        v[a] = xi[a] - m[a];
                    }
                    for (int a = 0; a < d; a++) {
                        double ra = r * v[a];
                        double[] sca = sc[a];
                        for (int b = 0; b <= a; b++) {
                            sca[b] += ra * v[b];
                        }
                    }
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b <= a; b++) {
                        sc[a][b] /= s;
                        sc[b][a] = sc[a][b];
                    }
                    sc[a][a] += reg;
                }
                cov[c] = sc;
            } else {
                double[] var = new double[d];
                for (int i = 0; i < n; i++) {
                    double r = rc[i];
                    double[] xi = x[i];
                    for (int a = 0; a < d; a++) {
                        double t = xi[a] - m[a];
                        var[a] += r * t * t;
                    }
                }
                for (int a = 0; a < d; a++) {
                    var[a] = var[a] / s + reg;
                }
                cov[c] = new double[][] {var};
            }
        }
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            w[c] = nk[c] / nTotal;
        }
        return new GaussianMixtureModel(full, params, w, mu, cov);
    }

    /**
     * k-means++ seeding followed by at most {@code iters} Lloyd iterations; returns each point's
     * nearest centre (ties to the lower index).
     */
    static int[] kmeansLabels(double[][] x, int k, int iters, Rng rng) {
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
            for (int i = 0; i < n; i++) {
                double t = dist2(x[i], centres[c]);
                if (t < d2[i]) {
                    d2[i] = t;
                }
            }
        }
        int[] labels = assign(x, centres);
        for (int it = 0; it < iters; it++) {
            double[][] sum = new double[k][d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[labels[i]]++;
                for (int a = 0; a < d; a++) {
                    sum[labels[i]][a] += x[i][a];
                }
            }
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) { // an empty cluster keeps its centre
                    for (int a = 0; a < d; a++) {
                        centres[c][a] = sum[c][a] / count[c];
                    }
                }
            }
            int[] next = assign(x, centres);
            boolean same = java.util.Arrays.equals(next, labels);
            labels = next;
            if (same) {
                break;
            }
        }
        return labels;
    }

    private static int[] assign(double[][] x, double[][] centres) {
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < centres.length; c++) {
                double t = dist2(x[i], centres[c]);
                if (t < best) {
                    best = t;
                    arg = c;
                }
            }
            labels[i] = arg;
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
