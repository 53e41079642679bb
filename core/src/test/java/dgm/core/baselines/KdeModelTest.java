package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.fit;
import static dgm.core.baselines.BaselineTesting.fitModel;
import static dgm.core.baselines.BaselineTesting.meanLogProb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.rng.Rng;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KdeModelTest {

    @Test
    void chosenBandwidthIsInteriorAndBeatsTooSmallAndTooLarge() {
        Rng rng = new Rng(17);
        double[][] train = rng.gaussian(1000, 2);
        double[][] val = rng.gaussian(500, 2);
        FitResult r = fit("kde", continuous(train, val), Map.of(), 3);
        KdeModel m = (KdeModel) r.model();
        double h = m.bandwidth();
        double hScott = Math.pow(1000, -1.0 / 6);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (HistoryPoint p : r.history()) {
            min = Math.min(min, p.values().get("bandwidth"));
            max = Math.max(max, p.values().get("bandwidth"));
            bestLl = Math.max(bestLl, p.values().get("val_ll"));
        }
        // For a standard normal, Scott's rule is near-optimal: the initial grid ¼..4 × Scott suffices.
        assertEquals(9, r.history().size(), "grid was extended: " + r.history());
        assertTrue(h > min && h < max, "h = " + h + " not interior of [" + min + ", " + max + "]");
        assertTrue(h > hScott / 4 && h < hScott * 4);
        // The recorded validation log-likelihood is the model's, recomputed through logProb.
        double chosen = meanLogProb(m, val);
        assertEquals(bestLl, chosen, 1e-9);
        for (double f : new double[] {0.25, 4}) {
            var other = fitModel("kde", continuous(train, val), Map.of("bandwidth", Double.toString(h * f)), 3);
            assertTrue(meanLogProb(other, val) < chosen - 0.01, "factor " + f);
        }
        // The true density's mean log-likelihood is about −log(2π) − 1 = −2.84; a good KDE is near it.
        assertEquals(-2.84, chosen, 0.15);
    }

    @Test
    void standardizeIsTheKeyAndTheBritishSpellingIsRefusedNamingIt() {
        // dimension sds 1 and 3: standardize=true keeps them, false uses their root mean square √5
        double[][] c = {{-1, -3}, {1, 3}};
        KdeModel own = (KdeModel) fitModel("kde", continuous(c, null), Map.of("bandwidth", "0.5"), 1);
        assertArrayEquals(new double[] {1, 3}, own.scale(), 1e-15);
        KdeModel common = (KdeModel) fitModel("kde", continuous(c, null),
                Map.of("bandwidth", "0.5", "standardize", "false"), 1);
        assertArrayEquals(new double[] {Math.sqrt(5), Math.sqrt(5)}, common.scale(), 1e-15);
        InputException e = assertThrows(InputException.class, () -> dgm.core.model.Params.resolve("model kde",
                KdeModel.PARAMS, Map.of("standardise", "false")));
        assertTrue(e.getMessage().contains("parameter 'standardise' was renamed to 'standardize'"), e.getMessage());
    }

    @Test
    void logProbIsTheHandComputedKernelSum() {
        // Centres (−1,−1) and (1,1): the ML standard deviation of each dimension is exactly 1, so the
        // kernel is N(x; cᵢ, h² I) with h = 0.5.
        double[][] c = {{-1, -1}, {1, 1}};
        KdeModel m = (KdeModel) fitModel("kde", continuous(c, null), Map.of("bandwidth", "0.5"), 1);
        assertArrayEquals(new double[] {1, 1}, m.scale(), 1e-15);
        double[] x = {0.3, -0.2};
        double s2 = 0.25; // h² σ²
        double k1 = Math.exp(-((x[0] + 1) * (x[0] + 1) + (x[1] + 1) * (x[1] + 1)) / (2 * s2)) / (2 * Math.PI * s2);
        double k2 = Math.exp(-((x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1)) / (2 * s2)) / (2 * Math.PI * s2);
        assertEquals(Math.log((k1 + k2) / 2), Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {x})))[0], 1e-12);
        // At (60, 60) both kernels underflow (exp(−13924) = 0), so a naive sum gives −∞. Exactly:
        // log q = log ½ − log(2π s²) − 2·59²/(2s²) + log(1 + exp(−(2·61² − 2·59²)/(2s²))), and the last
        // term is log(1 + e^−960) = 0 in double precision.
        double got = Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {{60, 60}})))[0];
        double expected = Math.log(0.5) - Math.log(2 * Math.PI * s2) - 2 * 59.0 * 59.0 / (2 * s2);
        assertEquals(expected, got, 1e-12 * Math.abs(expected));
    }

    /**
     * From {@link KdeModel#PRODUCT_MIN_DIMENSION} dimensions on the distances come from a matrix
     * product; the log-densities must still be the kernel sum, computed here term by term, and a
     * point far from every centre must still get its finite log-density.
     */
    @Test
    void theProductPathInHighDimensionIsTheDirectKernelSum() {
        int d = 40;
        Rng rng = new Rng(23);
        double[][] c = rng.gaussian(300, d);
        for (double[] row : c) {
            row[0] = 100 + 3 * row[0]; // an offset and a spread unlike the rest
        }
        KdeModel m = (KdeModel) fitModel("kde", continuous(c, null), Map.of("bandwidth", "0.7"), 1);
        double[] sc = m.scale();
        double h = 0.7;
        double[][] q = rng.gaussian(5, d);
        q[0][0] = 100;
        q[4][3] = 80; // far from every centre: all kernels underflow in a naive sum
        double[] got = Arrays2.toVector(m.logProb(Arrays2.matrix(q)));
        for (int r = 0; r < q.length; r++) {
            double[] e = new double[c.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < c.length; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = (q[r][j] - c[i][j]) / (h * sc[j]);
                    s += t * t;
                }
                e[i] = -0.5 * s;
                max = Math.max(max, e[i]);
            }
            double sum = 0;
            for (double v : e) {
                sum += Math.exp(v - max);
            }
            double logNorm = -Math.log(c.length) - d * 0.5 * Math.log(2 * Math.PI) - d * Math.log(h);
            for (double s : sc) {
                logNorm -= Math.log(s);
            }
            double expected = max + Math.log(sum) + logNorm;
            assertEquals(expected, got[r], 1e-10 * Math.abs(expected), "row " + r);
        }
    }

    @Test
    void largeTrainingSetsAreSubsampledReproducibly() {
        double[][] train = new Rng(2).gaussian(3000, 2);
        double[][] val = new Rng(3).gaussian(200, 2);
        KdeModel a = (KdeModel) fitModel("kde", continuous(train, val), Map.of("max_points", "700"), 9);
        KdeModel b = (KdeModel) fitModel("kde", continuous(train, val), Map.of("max_points", "700"), 9);
        KdeModel c = (KdeModel) fitModel("kde", continuous(train, val), Map.of("max_points", "700"), 10);
        assertEquals(700, a.centres());
        assertEquals(a.state(), b.state());
        assertTrue(!a.state().equals(c.state()), "a different seed must draw a different subset");
        assertEquals(2 * 700 + 2 + 1, a.parameterCount());
    }

    @Test
    void bandwidthSelectionNeedsValidationData() {
        double[][] train = new Rng(2).gaussian(50, 2);
        InputException e = assertThrows(InputException.class, () -> fit("kde", continuous(train, null), Map.of(), 1));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        // A fixed bandwidth needs none.
        assertEquals(0.3, ((KdeModel) fitModel("kde", continuous(train, null), Map.of("bandwidth", "0.3"), 1)).bandwidth());
    }

    @Test
    void theParzenEstimateIsTheKdeWithOneCommonScaleAndItsFormula() {
        Rng rng = new Rng(23);
        int d = 10; // above PRODUCT_MIN_DIMENSION: the distances come from matrix products
        double[][] centres = rng.gaussian(300, d);
        double[][] selection = rng.gaussian(200, d);
        double[][] test = rng.gaussian(50, d);
        KdeModel.Parzen p = KdeModel.parzen(centres, selection, test);
        KdeModel same = (KdeModel) fitModel("kde", continuous(centres, selection), Map.of("standardize", "false"), 1);
        assertEquals(same.bandwidth() * same.scale()[0], p.width(), 1e-15);
        assertTrue(p.interior());
        double[] viaModel = same.logProb(Arrays2.matrix(test)).toDoubleVector();
        assertArrayEquals(viaModel, p.logDensities(), 1e-10);
        // log q(x) = log Σᵢ exp(−‖x − cᵢ‖² / 2w²) − log m − (d/2) log(2π w²), summed directly
        double w2 = p.width() * p.width();
        for (int r = 0; r < test.length; r++) {
            double[] e = new double[centres.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < centres.length; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = test[r][j] - centres[i][j];
                    s += t * t;
                }
                e[i] = -s / (2 * w2);
                max = Math.max(max, e[i]);
            }
            double sum = 0;
            for (double v : e) {
                sum += Math.exp(v - max);
            }
            double expected = max + Math.log(sum) - Math.log(centres.length) - 0.5 * d * Math.log(2 * Math.PI * w2);
            assertEquals(expected, p.logDensities()[r], 1e-9 * Math.abs(expected), "row " + r);
        }
    }

    @Test
    void aParzenEstimateOfIdenticalPointsIsRefused() {
        double[][] same = {{1, 2}, {1, 2}, {1, 2}};
        InputException e = assertThrows(InputException.class, () -> KdeModel.parzen(same, same, same));
        assertTrue(e.getMessage().contains("identical"), e.getMessage());
    }
}
