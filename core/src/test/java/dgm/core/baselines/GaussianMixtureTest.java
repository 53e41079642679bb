package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.fit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.rng.Rng;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    /** Overlapping 5-component data, so EM takes many small steps where a decrease would show. */
    private static double[][] overlapping(int n, long seed) {
        double[][] means = {{0, 0}, {1.5, 0.5}, {-1, 2}, {2, -2}, {0.5, 1}};
        return BaselineTesting.mixture(n, new double[] {0.3, 0.2, 0.2, 0.2, 0.1}, means, 0.8, new Rng(seed));
    }

    @ParameterizedTest
    @CsvSource({"gmm-diag, 1e-6", "gmm-full, 1e-6", "gmm-full, 0", "gmm-diag, 0"})
    void emNeverDecreasesTheTrainingLogLikelihood(String id, String reg) {
        List<HistoryPoint> seen = new ArrayList<>();
        FitResult r = fit(id, continuous(overlapping(1000, 3), null),
                Map.of("k", "6", "reg_covar", reg, "tol", "1e-10", "max_iter", "120", "n_init", "2"), 5, seen::add);
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(seen, r.history(), "the listener and the result see the same history");
        int checked = 0;
        for (int t = 1; t < r.history().size(); t++) {
            Map<String, Double> prev = r.history().get(t - 1).values();
            Map<String, Double> cur = r.history().get(t).values();
            assertEquals(r.history().get(t - 1).step() + 1, r.history().get(t).step());
            if (!prev.get("restart").equals(cur.get("restart"))) {
                continue;
            }
            double a = prev.get("train_ll");
            double b = cur.get("train_ll");
            assertTrue(b >= a - 1e-9 * Math.abs(a), id + " iteration " + t + ": " + a + " -> " + b);
            checked++;
        }
        assertTrue(checked > 20, "EM ran only " + checked + " comparable iterations");
        assertFalse(r.detail().contains("decreased"), r.detail());
        // The final model's recorded train_ll is its mean log-density on the training data (best restart).
        double best = r.history().stream().filter(h -> isLastOfRestart(r.history(), h))
                .mapToDouble(h -> h.values().get("train_ll")).max().orElseThrow();
        assertEquals(best, BaselineTesting.meanLogProb((GaussianMixtureModel) r.model(), overlapping(1000, 3)), 1e-10);
    }

    private static boolean isLastOfRestart(List<HistoryPoint> h, HistoryPoint p) {
        int i = h.indexOf(p);
        return i == h.size() - 1 || !h.get(i + 1).values().get("restart").equals(p.values().get("restart"));
    }

    @ParameterizedTest
    @CsvSource({"gmm-diag", "gmm-full"})
    void recoversAWellSeparatedThreeComponentMixture(String id) {
        double[] w = {0.5, 0.3, 0.2};
        double[][] means = {{0, 0}, {10, 0}, {0, 10}};
        double[][] x = BaselineTesting.mixture(3000, w, means, 1.0, new Rng(21));
        GaussianMixtureModel m = (GaussianMixtureModel) fit(id, continuous(x, null), Map.of("k", "3"), 8).model();
        double[] gw = m.weights();
        double[][] gm = m.means();
        boolean[] used = new boolean[3];
        for (int t = 0; t < 3; t++) {
            int best = -1;
            for (int c = 0; c < 3; c++) {
                if (!used[c] && (best < 0 || dist(gm[c], means[t]) < dist(gm[best], means[t]))) {
                    best = c;
                }
            }
            used[best] = true;
            assertTrue(dist(gm[best], means[t]) < 0.15, "mean " + t + ": " + java.util.Arrays.toString(gm[best]));
            // sd of a multinomial proportion at n=3000 is <= 0.0092; 0.03 is over 3 sd.
            assertEquals(w[t], gw[best], 0.03, "weight " + t);
        }
        assertEquals(1.0, gw[0] + gw[1] + gw[2], 1e-12);
    }

    private static double dist(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /**
     * With k = 1 the M-step is the Gaussian MLE in closed form: gmm-full must equal {@code gaussian}
     * (same reg on the diagonal) and gmm-diag its diagonal, to rounding. Catches biased M-steps (e.g.
     * dividing by Nₖ+1) that are too small to break monotonicity.
     */
    @Test
    void oneComponentIsTheGaussianMle() {
        double[][] x = BaselineTesting.correlated(700, 0.6, new Rng(8));
        for (double[] row : x) {
            row[0] = 3 + 2 * row[0];
        }
        GaussianModel g = (GaussianModel) BaselineTesting.fitModel("gaussian", continuous(x, null), Map.of("ridge", "1e-6"), 1);
        FitResult full = fit("gmm-full", continuous(x, null), Map.of("k", "1"), 1);
        FitResult diag = fit("gmm-diag", continuous(x, null), Map.of("k", "1"), 1);
        double[][] cov = g.covariance();
        double[][] fm = ((GaussianMixtureModel) full.model()).means();
        double[] fc = full.model().state().array("covariances");
        double[][] dv = diag.model().state().matrix("variances");
        for (int a = 0; a < 2; a++) {
            assertEquals(g.mean()[a], fm[0][a], 1e-12);
            assertEquals(g.mean()[a], ((GaussianMixtureModel) diag.model()).means()[0][a], 1e-12);
            assertEquals(cov[a][a], dv[0][a], 1e-12);
            for (int b = 0; b < 2; b++) {
                assertEquals(cov[a][b], fc[a * 2 + b], 1e-12);
            }
        }
        assertEquals(1.0, ((GaussianMixtureModel) full.model()).weights()[0]);
        assertEquals(BaselineTesting.meanLogProb(g, x), BaselineTesting.meanLogProb((GaussianMixtureModel) full.model(), x), 1e-12);
        assertEquals(2, full.history().size(), "k = 1 converges after the second iteration");
    }

    @Test
    void fullCovariancesFitCorrelatedDataBetterThanDiagonal() {
        double[][] train = BaselineTesting.correlated(2000, 0.9, new Rng(1));
        double[][] held = BaselineTesting.correlated(2000, 0.9, new Rng(2));
        Map<String, String> p = Map.of("k", "2");
        double full = BaselineTesting.meanLogProb((GaussianMixtureModel) fit("gmm-full", continuous(train, null), p, 3).model(), held);
        double diag = BaselineTesting.meanLogProb((GaussianMixtureModel) fit("gmm-diag", continuous(train, null), p, 3).model(), held);
        // The true entropy is log(2πe) + ½ log(1−ρ²) = 2.0063 nats; full k=2 gets within noise of it,
        // one diagonal Gaussian is ½ log(1/(1−ρ²)) = 0.83 nats worse and a second component recovers little.
        assertEquals(-2.0063, full, 0.06);
        assertTrue(full > diag + 0.2, "full " + full + " vs diag " + diag);
    }

    @Test
    void moreRestartsNeverEndWorseAndRestartZeroIsReproducible() {
        double[][] x = overlapping(800, 9);
        FitResult one = fit("gmm-full", continuous(x, null), Map.of("k", "5"), 4);
        FitResult three = fit("gmm-full", continuous(x, null), Map.of("k", "5", "n_init", "3"), 4);
        double llOne = one.history().get(one.history().size() - 1).values().get("train_ll");
        // Restart 0 of n_init=3 is the same run as n_init=1 (restart seeds are derived by name).
        List<HistoryPoint> r0 = three.history().stream().filter(h -> h.values().get("restart") == 0.0).toList();
        assertEquals(one.history().size(), r0.size());
        assertEquals(llOne, r0.get(r0.size() - 1).values().get("train_ll"));
        assertTrue(BaselineTesting.meanLogProb((GaussianMixtureModel) three.model(), x) >= llOne - 1e-12);
    }

    @Test
    void badConfigurationsAreRefused() {
        double[][] x = overlapping(5, 1);
        InputException e = assertThrows(InputException.class,
                () -> fit("gmm-diag", continuous(x, null), Map.of("k", "6"), 1));
        assertTrue(e.getMessage().contains("k = 6"), e.getMessage());
        // Six points, two of them identical, six components, no floor: a component collapses.
        double[][] dup = {{0, 0}, {0, 0}, {1, 1}, {2, 0}, {0, 2}, {3, 3}};
        InputException c = assertThrows(InputException.class,
                () -> fit("gmm-full", continuous(dup, null), Map.of("k", "6", "reg_covar", "0"), 1));
        assertTrue(c.getMessage().contains("reg_covar"), c.getMessage());
    }
}
