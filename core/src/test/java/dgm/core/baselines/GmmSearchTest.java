package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.fit;
import static dgm.core.baselines.BaselineTesting.meanLogProb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.rng.Rng;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The choice of k (and of gmm-full's shrinkage) on the validation split. */
class GmmSearchTest {

    /** Five well-separated isotropic components in 3-D, unequal weights: a member of both families. */
    private static double[][] five(int n, long seed) {
        double[][] means = {{0, 0, 0}, {8, 0, 0}, {0, 8, 0}, {0, 0, 8}, {8, 8, 8}};
        return BaselineTesting.mixture(n, new double[] {0.3, 0.25, 0.2, 0.15, 0.1}, means, 1.0, new Rng(seed));
    }

    private static Dataset fiveData() {
        return continuous(five(800, 1), five(800, 2));
    }

    /** The candidate points of a search's history: those carrying val_ll. */
    private static List<HistoryPoint> candidates(FitResult r) {
        return r.history().stream().filter(h -> h.values().containsKey("val_ll")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmm-diag", "gmm-full"})
    void theSearchFindsTheNumberOfComponentsTheDataWereDrawnFrom(String id) {
        // Five restarts: with one, k-means++ can merge two clusters at k = 5 (a local optimum 0.3 nats
        // worse), and then k = 10, which can split them again, wins.
        // gmm-full: shrinkage fixed at 0 (its search has its own test) and k up to 10, to stay fast.
        Map<String, String> p = id.equals("gmm-full") ? Map.of("k_max", "10", "n_init", "5", "shrinkage", "0")
                : Map.of("n_init", "5");
        FitResult r = fit(id, fiveData(), p, 3);
        GaussianMixtureModel m = (GaussianMixtureModel) r.model();
        assertEquals(5, m.components(), r.detail());
        assertTrue(r.detail().startsWith("k = 5"), r.detail());
        // It beats wrong fixed k on the validation split, by a margin (nats per example).
        double chosen = meanLogProb(m, fiveData().validation());
        for (String wrong : new String[] {"2", "20"}) {
            double other = meanLogProb((GaussianMixtureModel) fit(id, fiveData(), Map.of("k", wrong, "n_init", "5"), 3).model(),
                    fiveData().validation());
            assertTrue(chosen > other + 0.01, id + ": k = " + wrong + " scored " + other + ", the choice " + chosen);
        }
    }

    @Test
    void theRecordedGridIsWhatRanAndEachScoreIsThatOfTheFixedKFit() {
        Dataset data = continuous(five(1200, 1), five(800, 2));
        FitResult r = fit("gmm-diag", data, Map.of(), 3);
        List<HistoryPoint> cand = candidates(r);
        List<Integer> ks = cand.stream().map(h -> h.values().get("k").intValue()).toList();
        List<Double> scores = cand.stream().map(h -> h.values().get("val_ll")).toList();
        // The grid 1, 2, ..., 100 (cap 1200 / 10 = 120), walked until a k scores below the best (PATIENCE).
        List<Integer> grid = GmmEm.kGrid(120);
        assertEquals(List.of(1, 2, 5, 10, 20, 50, 100), grid);
        int stop = grid.size();
        double best = Double.NEGATIVE_INFINITY;
        int worse = 0;
        for (int t = 0; t < scores.size(); t++) {
            if (scores.get(t) > best) {
                best = scores.get(t);
                worse = 0;
            } else if (++worse == GmmEm.PATIENCE) {
                stop = t + 1;
                break;
            }
        }
        assertEquals(grid.subList(0, stop), ks, r.detail());
        assertTrue(stop < grid.size(), "this data should stop the search early: " + r.detail());
        assertTrue(r.detail().contains("k grid [1, 2, 5, 10, 20, 50, 100] (cap 120 = 1200 training points / 10 per "
                + "component), stopped after k = " + ks.get(ks.size() - 1)), r.detail());
        assertEquals(best, scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        int chosen = ks.get(scores.indexOf(best));
        assertEquals(chosen, ((GaussianMixtureModel) r.model()).components());
        // The EM iterations carry their candidate's k, in the order the candidates were recorded.
        List<Integer> emOrder = new ArrayList<>();
        for (HistoryPoint h : r.history()) {
            if (h.values().containsKey("train_ll")) {
                int k = h.values().get("k").intValue();
                if (emOrder.isEmpty() || emOrder.get(emOrder.size() - 1) != k) {
                    emOrder.add(k);
                }
            }
        }
        assertEquals(ks, emOrder);
        // Every recorded score is the validation log-likelihood of the fit with that k fixed; the
        // chosen model is that fit, bit for bit.
        for (HistoryPoint h : cand) {
            int k = h.values().get("k").intValue();
            FitResult fixed = fit("gmm-diag", data, Map.of("k", Integer.toString(k)), 3);
            assertEquals(meanLogProb((GaussianMixtureModel) fixed.model(), data.validation()), h.values().get("val_ll"),
                    1e-9, "k = " + k);
            if (k == chosen) {
                assertSameParameters(fixed, r);
            }
        }
        assertEquals(r.history().get(r.history().size() - 1).step(),
                r.history().stream().filter(h -> h.values().containsKey("train_ll")).count(),
                "steps count the EM iterations of all candidates");
    }

    @Test
    void gmmFullRecordsShrinkageAndReproducesTheChoiceWhenBothAreFixed() {
        // Few points per dimension in 8-D, strongly correlated within components: shrinkage has
        // something to trade; whatever is chosen must be reproduced by fixing it.
        Rng rng = new Rng(5);
        double[][] train = correlated8(rng, 300);
        double[][] val = correlated8(rng, 300);
        Dataset data = continuous(train, val);
        FitResult r = fit("gmm-full", data, Map.of("k_max", "5"), 2);
        List<HistoryPoint> cand = candidates(r);
        assertTrue(cand.stream().allMatch(h -> h.values().containsKey("shrinkage")), cand.toString());
        assertEquals(List.of(1, 2, 5), cand.stream().map(h -> h.values().get("k").intValue()).distinct().toList());
        HistoryPoint best = cand.stream().max((a, b) -> Double.compare(a.values().get("val_ll"), b.values().get("val_ll")))
                .orElseThrow();
        String k = Integer.toString(best.values().get("k").intValue());
        String s = Double.toString(best.values().get("shrinkage"));
        assertEquals(((GaussianMixtureModel) r.model()).components(), best.values().get("k").intValue());
        FitResult fixed = fit("gmm-full", data, Map.of("k", k, "shrinkage", s), 2);
        assertSameParameters(fixed, r);
        assertTrue(r.detail().contains("(cap 5 = k_max; 300 training points / 10 per component allows 30)"), r.detail());
        // Shrinkage 1 is the diagonal mixture.
        FitResult one = fit("gmm-full", data, Map.of("k", "2", "shrinkage", "1"), 2);
        FitResult diag = fit("gmm-diag", data, Map.of("k", "2"), 2);
        assertEquals(meanLogProb((GaussianMixtureModel) diag.model(), val),
                meanLogProb((GaussianMixtureModel) one.model(), val), 1e-9);
    }

    /** The fitted arrays (the configs differ: k = 0 against the fixed k). */
    static void assertSameParameters(FitResult a, FitResult b) {
        var sa = a.model().state();
        var sb = b.model().state();
        assertEquals(sa.arrays().keySet(), sb.arrays().keySet());
        for (String name : sa.arrays().keySet()) {
            assertTrue(java.util.Arrays.equals(sa.array(name), sb.array(name)), name);
        }
    }

    private static double[][] correlated8(Rng rng, int n) {
        double[][] x = new double[n][8];
        for (int i = 0; i < n; i++) {
            double shift = rng.uniform() < 0.5 ? 0 : 6;
            double common = rng.gaussian();
            for (int j = 0; j < 8; j++) {
                x[i][j] = shift + common + 0.5 * rng.gaussian();
            }
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmm-diag", "gmm-full"})
    void aFixedKRunsNoSearchAndReadsNoValidation(String id) {
        double[][] train = five(600, 4);
        FitResult r = fit(id, continuous(train, null), Map.of("k", "5"), 1);
        assertEquals(5, ((GaussianMixtureModel) r.model()).components());
        for (HistoryPoint h : r.history()) {
            assertEquals(java.util.Set.of("train_ll", "restart"), h.values().keySet());
        }
        assertFalse(r.detail().contains("chosen"), r.detail());
        InputException e = assertThrows(InputException.class, () -> fit(id, continuous(train, null), Map.of(), 1));
        assertTrue(e.getMessage().contains("validation") && e.getMessage().contains("k = K"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmm-diag", "gmm-full"})
    void theSameSeedGivesTheSameSearch(String id) {
        FitResult a = fit(id, fiveData(), Map.of("k_max", "10"), 7);
        FitResult b = fit(id, fiveData(), Map.of("k_max", "10"), 7);
        assertEquals(a.model().state(), b.model().state());
        assertEquals(a.history().stream().map(HistoryPoint::values).toList(),
                b.history().stream().map(HistoryPoint::values).toList());
        assertEquals(a.detail(), b.detail());
    }

    @Test
    void theCapFollowsTheDataAndKMax() {
        assertEquals(107, GmmEm.kCap(1079, 64, false, 0));
        assertEquals(16, GmmEm.kCap(1079, 64, true, 0)); // at least d + 1 = 65 points per full component
        assertEquals(1000, GmmEm.kCap(10_000, 2, false, 0));
        assertEquals(12, GmmEm.kCap(10_000, 784, true, 0));
        assertEquals(20, GmmEm.kCap(50_000, 784, false, 20));
        assertEquals(1, GmmEm.kCap(5, 2, false, 0));
        assertEquals(List.of(1), GmmEm.kGrid(1));
        assertEquals(List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000), GmmEm.kGrid(1000));
    }

    @Test
    void aShrinkageOutsideItsMeaningsIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> fit("gmm-full", fiveData(), Map.of("k", "2", "shrinkage", "-0.5"), 1));
        assertTrue(e.getMessage().contains("shrinkage") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void largeTrainingSetsAreSubsampledForEm() {
        Dataset data = continuous(five(1200, 8), five(300, 9));
        FitResult r = fit("gmm-diag", data, Map.of("k", "5", "max_points", "400"), 2);
        assertTrue(r.detail().contains("EM on a random 400 of 1200 training points"), r.detail());
        assertEquals(r.model().state(), fit("gmm-diag", data, Map.of("k", "5", "max_points", "400"), 2).model().state());
    }
}
