package dgm.core.contracts;

import static dgm.core.contracts.MetricContractCase.context;

import dgm.core.data.Dataset;
import dgm.core.data.Modes;
import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.rng.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The metric contract over every metric registered on core's class path, with hand-computed cases
 * for core's metrics (1-D or 2-D sets of a few points, small enough to work out on paper; the
 * kernel sums of MMD² by the formula written out below).
 */
class MetricContractTest extends MetricContract {
    private static final double EXACT = 1e-12;

    @Override
    protected List<MetricContractCase> handCases() {
        List<MetricContractCase> c = new ArrayList<>();
        // Two separated 1-D sets of 4: X = {0,1,2,3}, Y = {10,11,12,13}.
        double[][] x = column(0, 1, 2, 3);
        double[][] y = column(10, 11, 12, 13);
        var separated = context(data(x, x), MetricContractModels.fixedSamples(y), 1, 4, 4, 0);
        c.add(new MetricContractCase("energy_distance", "2·mean|x−y| − mean_{i≠j}|x_i−x_j| − mean_{i≠j}|y_i−y_j| = 2·10 − 5/3 − 5/3 = 50/3",
                separated, 50.0 / 3, EXACT));
        c.add(new MetricContractCase("sliced_wasserstein", "in 1-D every direction is ±1 and W₁ of the sorted sets is mean |x_(i) − y_(i)| = 10",
                separated, 10, EXACT));
        // h_med: the 28 pooled distances are 1×6, 2×4, 3×2 within the sets, then 7, 8, 8, 9, ...: the 14th and 15th are 8.
        c.add(new MetricContractCase("mmd", "unbiased MMD² at h_med = 8, by the formula", separated, mmd2(x, y, 8), EXACT));
        c.add(new MetricContractCase("mmd_small_bw", "unbiased MMD² at h_med/8 = 1, by the formula", separated, mmd2(x, y, 1), EXACT));
        // 1-NN: 0→1 ✓, 1→1.4 ✗, 10→11 ✓, 11→10 ✓; 1.4→1 ✗, 20→21 ✓, 21→20 ✓, 30→21 ✓.
        c.add(new MetricContractCase("c2st_accuracy", "leave-one-out 1-NN of X = {0,1,10,11} against Y = {1.4,20,21,30}: 6 of 8 right",
                context(data(column(0, 1, 10, 11), column(0, 1, 10, 11)), MetricContractModels.fixedSamples(column(1.4, 20, 21, 30)), 1, 4, 4, 0),
                0.75, EXACT));
        // PRDC, k = 5. Reals 0..7: NND₅ = 5, 4, 3, 3, 3, 3, 4, 5. Fakes 3.5, 3.75, ..., 4.75 (inside every real ball), 50, 51.
        // Fake NND₅ = 1.25, 1, .75, .75, 1, 1.25 for the six, 46 and 47 for 50 and 51: their balls reach reals 3, 4, 5, 6 and 4..7.
        var prdc = context(data(column(0, 1, 2, 3, 4, 5, 6, 7), column(0, 1, 2, 3, 4, 5, 6, 7)),
                MetricContractModels.fixedSamples(column(3.5, 3.75, 4, 4.25, 4.5, 4.75, 50, 51)), 1, 8, 8, 0);
        c.add(new MetricContractCase("precision", "6 of the 8 fakes lie in some real ball", prdc, 0.75, EXACT));
        c.add(new MetricContractCase("recall", "reals 3..7 lie in some fake ball: 5 of 8", prdc, 0.625, EXACT));
        c.add(new MetricContractCase("density", "6 fakes × 8 real balls each / (k·M = 40)", prdc, 1.2, EXACT));
        c.add(new MetricContractCase("coverage", "every real ball holds a fake", prdc, 1, EXACT));
        // Modes (0,0) and (10,0), sd 1: (0,0), (1,0), (0,2) are within 3 sd of the first; (4,0) of neither.
        double[][] twoD = {{0, 0}, {1, 0}, {0, 2}, {4, 0}};
        var modes = context(MetricContractModels.fixed(twoD, twoD, Optional.empty(), Optional.of(new Modes(new double[][] {{0, 0}, {10, 0}}, 1))),
                MetricContractModels.fixedSamples(twoD), 1, 4, 4, 0);
        c.add(new MetricContractCase("mode_coverage", "one of the two modes gets samples within 3 sd", modes, 0.5, EXACT));
        c.add(new MetricContractCase("high_quality_fraction", "3 of the 4 samples lie within 3 sd of a mode", modes, 0.75, EXACT));
        // Training points {0, 10}; test {1,2,3,4} at distances 1..4 (mean 2.5); samples {0,10,5,9} at 0,0,5,1 (mean 1.5).
        var memorisation = context(MetricContractModels.fixed(column(0, 10), column(1, 2, 3, 4), Optional.empty(), Optional.empty()),
                MetricContractModels.fixedSamples(column(0, 10, 5, 9)), 1, 4, 4, 0);
        c.add(new MetricContractCase("nn_train_distance", "mean of 0, 0, 5, 1", memorisation, 1.5, EXACT));
        c.add(new MetricContractCase("nn_train_distance_ratio", "1.5 / mean of 1, 2, 3, 4", memorisation, 0.6, EXACT));
        // Truth p = N(0, I₂), model q = N((1,0), I₂), test points (0,0) and (2,0):
        // log p = −ln 2π − {0, 2}, log q = −ln 2π − {½, ½}.
        double ln2pi = Math.log(2 * Math.PI);
        double[][] test = {{0, 0}, {2, 0}};
        Dataset gaussian = MetricContractModels.fixed(test, test, Optional.of(STANDARD_NORMAL), Optional.empty());
        var exact = context(gaussian, MetricContractModels.shiftedDensity(STANDARD_NORMAL, 1), 4, 4, 2, 0);
        c.add(new MetricContractCase("test_nll", "ln 2π + ½", exact, ln2pi + 0.5, EXACT));
        c.add(new MetricContractCase("bits_per_dim", "(ln 2π + ½) / (2 ln 2)", exact, (ln2pi + 0.5) / (2 * Math.log(2)), EXACT));
        c.add(new MetricContractCase("nll_gap", "mean of (0 − ½, −2 + ½) = −½", exact, -0.5, EXACT));
        c.add(new MetricContractCase("true_entropy", "H(N(0, I₂)) = 1 + ln 2π, the truth's own", exact, 1 + ln2pi, EXACT));
        // The same q as a latent-variable model whose bound with k samples is log q − 1/k; iwae_k = 4.
        var latent = context(gaussian, MetricContractModels.shiftedLatent(STANDARD_NORMAL, 1), 4, 4, 2, 0);
        c.add(new MetricContractCase("test_nll", "bound at k = 4: ln 2π + ½ + ¼", latent, ln2pi + 0.75, EXACT));
        c.add(new MetricContractCase("elbo_nll", "bound at k = 1: ln 2π + ½ + 1", latent, ln2pi + 1.5, EXACT));
        c.add(new MetricContractCase("iwae_k", "the option", latent, 4, 0));
        return c;
    }

    /** MMD²_u = Σ_{i≠j} k(x_i,x_j)/(n(n−1)) + Σ_{i≠j} k(y_i,y_j)/(m(m−1)) − 2 Σ k(x_i,y_j)/(nm), k = exp(−‖u−v‖²/(2h²)), 1-D. */
    static double mmd2(double[][] x, double[][] y, double h) {
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (double[] a : x) {
            for (double[] b : x) {
                xx += a == b ? 0 : Math.exp(-(a[0] - b[0]) * (a[0] - b[0]) / (2 * h * h));
            }
            for (double[] b : y) {
                xy += Math.exp(-(a[0] - b[0]) * (a[0] - b[0]) / (2 * h * h));
            }
        }
        for (double[] a : y) {
            for (double[] b : y) {
                yy += a == b ? 0 : Math.exp(-(a[0] - b[0]) * (a[0] - b[0]) / (2 * h * h));
            }
        }
        int n = x.length;
        int m = y.length;
        return xx / (n * (n - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / (n * (double) m);
    }

    private static Dataset data(double[][] train, double[][] test) {
        return MetricContractModels.fixed(train, test, Optional.empty(), Optional.empty());
    }

    private static double[][] column(double... v) {
        double[][] a = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            a[i][0] = v[i];
        }
        return a;
    }

    /** N(0, I₂) with its exact entropy 1 + ln 2π. */
    static final ToyDistribution STANDARD_NORMAL = new ToyDistribution() {
        @Override
        public String id() {
            return "contract-standard-normal";
        }

        @Override
        public String description() {
            return "N(0, I) in 2-D";
        }

        @Override
        public double[][] sample(int n, Rng rng) {
            return rng.gaussian(n, 2);
        }

        @Override
        public double logDensity(double a, double b) {
            return -Math.log(2 * Math.PI) - (a * a + b * b) / 2;
        }

        @Override
        public Estimate entropy(int n, Rng rng) {
            return Estimate.exact(1 + Math.log(2 * Math.PI));
        }
    };
}
