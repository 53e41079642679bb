package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.fit;
import static dgm.core.baselines.BaselineTesting.fitModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaussianModelTest {

    @Test
    void logProbIsTheClosedFormBivariateNormal() {
        // μ = (1, −2), Σ = [[2, 0.6], [0.6, 1]]: det Σ = 1.64, Σ⁻¹ = [[1, −0.6], [−0.6, 2]] / 1.64.
        ModelState s = ModelState.builder("gaussian", 2)
                .config(Map.of("ridge", "0.0"))
                .array("mean", new double[] {1, -2})
                .matrix("covariance", new double[][] {{2, 0.6}, {0.6, 1}})
                .build();
        GaussianModel m = GaussianModel.restore(s);
        double log2pi = Math.log(2 * Math.PI);
        // x = (2, −1): x−μ = (1, 1), quadratic form = (1 − 0.6 − 0.6 + 2)/1.64 = 1.8/1.64.
        // x = μ: quadratic form 0. x = (0, 0): x−μ = (−1, 2), quadratic form = 11.4/1.64.
        double[] expected = {
            -log2pi - 0.5 * Math.log(1.64) - 0.5 * 1.8 / 1.64,
            -log2pi - 0.5 * Math.log(1.64),
            -log2pi - 0.5 * Math.log(1.64) - 0.5 * 11.4 / 1.64,
        };
        // The same numbers evaluated independently (python, math module).
        assertArrayEquals(new double[] {-2.634005675132277, -2.085225187327399, -5.56083494342496}, expected, 1e-14);
        double[] got = Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {{2, -1}, {1, -2}, {0, 0}})));
        assertArrayEquals(expected, got, 1e-12);
        assertEquals(5, m.parameterCount());
    }

    @Test
    void fittedMeanAndCovarianceAreTheSampleMle() {
        Rng rng = new Rng(11);
        int n = 500;
        double[][] x = new double[n][3];
        for (double[] row : x) {
            double a = rng.gaussian();
            row[0] = 3 + 2 * a;
            row[1] = -1 + a + 0.5 * rng.gaussian();
            row[2] = 0.1 * rng.gaussian();
        }
        double[] mu = new double[3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                mu[j] += row[j] / n;
            }
        }
        double[][] cov = new double[3][3];
        for (double[] row : x) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    cov[a][b] += (row[a] - mu[a]) * (row[b] - mu[b]) / n; // ML: divides by n
                }
            }
        }
        GaussianModel m = (GaussianModel) fitModel("gaussian", continuous(x, null), Map.of("ridge", "0"), 1);
        assertArrayEquals(mu, m.mean(), 1e-12);
        for (int a = 0; a < 3; a++) {
            assertArrayEquals(cov[a], m.covariance()[a], 1e-12);
        }
        // The default ridge adds exactly 1e-9 to the diagonal and nothing else.
        GaussianModel r = (GaussianModel) fitModel("gaussian", continuous(x, null), Map.of(), 1);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(cov[a][b] + (a == b ? 1e-9 : 0), r.covariance()[a][b], 1e-12);
            }
        }
        // The recorded train_ll is the mean log-density of the training points under the fit.
        var res = fit("gaussian", continuous(x, null), Map.of(), 1);
        assertEquals(BaselineTesting.meanLogProb((GaussianModel) res.model(), x),
                res.history().get(0).values().get("train_ll"), 1e-12);
    }

    @Test
    void tooFewPointsAreRefusedWithTheReason() {
        double[][] x = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
        InputException e = assertThrows(InputException.class,
                () -> fit("gaussian", continuous(x, null), Map.of(), 1));
        assertTrue(e.getMessage().contains("d+1 = 4"), e.getMessage());
    }

    @Test
    void degenerateDataIsRefusedWithoutRidge() {
        double[][] x = new double[20][2];
        for (int i = 0; i < 20; i++) {
            x[i][0] = i;
            x[i][1] = 2 * i; // all on a line: the ML covariance is singular
        }
        InputException e = assertThrows(InputException.class,
                () -> fit("gaussian", continuous(x, null), Map.of("ridge", "0"), 1));
        assertTrue(e.getMessage().contains("ridge"), e.getMessage());
        // A real ridge makes it a proper (if narrow) density.
        assertTrue(Double.isFinite(BaselineTesting.meanLogProb(
                fitModel("gaussian", continuous(x, null), Map.of("ridge", "1e-3"), 1), x)));
        // Params are resolved against the spec: negative ridge is rejected there.
        assertThrows(InputException.class,
                () -> Params.resolve("gaussian", GaussianModel.PARAMS, Map.of("ridge", "-1")));
    }
}
