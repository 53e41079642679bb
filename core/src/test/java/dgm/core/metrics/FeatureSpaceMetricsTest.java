package dgm.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against its closed form, and the classifier score and class spread at their extremes. */
class FeatureSpaceMetricsTest {

    @Test
    void frechetDistanceOfDiagonalGaussiansIsTheClosedForm() {
        // commuting covariances: FD = ‖μ₁ − μ₂‖² + Σ_j (σ₁ⱼ − σ₂ⱼ)²
        double[] mu1 = {0, 1, 2};
        double[] mu2 = {1, 1, 0};
        double[] s1 = {4, 0, 0, 0, 1, 0, 0, 0, 9};
        double[] s2 = {1, 0, 0, 0, 1, 0, 0, 0, 16};
        double expected = 1 + 0 + 4 + (2 - 1) * (2 - 1) + 0 + (3 - 4) * (3 - 4);
        assertEquals(expected, FrechetDistance.distance(mu1, s1, mu2, s2), 1e-12);
    }

    @Test
    void frechetDistanceOfNonCommutingCovariancesIsTheClosedForm() {
        // 2-D: tr √(Σ₁Σ₂) = √(tr(Σ₁Σ₂) + 2√det(Σ₁Σ₂)) for 2 × 2 positive definite matrices
        double[] s1 = {2, 1, 1, 2};
        double[] s2 = {3, -1, -1, 1};
        double[] p = {2 * 3 + 1 * -1, 2 * -1 + 1 * 1, 1 * 3 + 2 * -1, 1 * -1 + 2 * 1};
        double tr = p[0] + p[3];
        double det = p[0] * p[3] - p[1] * p[2];
        double trSqrt = Math.sqrt(tr + 2 * Math.sqrt(det));
        double[] mu1 = {0.5, -1};
        double[] mu2 = {0, 1};
        double expected = 0.25 + 4 + (2 + 2) + (3 + 1) - 2 * trSqrt;
        assertEquals(trSqrt, FrechetDistance.traceSqrtProduct(s1, s2, 2), 1e-13);
        assertEquals(expected, FrechetDistance.distance(mu1, s1, mu2, s2), 1e-12);
        assertEquals(0, FrechetDistance.distance(mu1, s1, mu1, s1), 1e-12, "one Gaussian against itself");
        assertEquals(FrechetDistance.distance(mu1, s1, mu2, s2), FrechetDistance.distance(mu2, s2, mu1, s1), 1e-12, "symmetric");
    }

    @Test
    void frechetDistanceOfSamplesApproachesTheClosedForm() {
        Rng rng = new Rng(8);
        int n = 40_000;
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = rng.gaussian();
            double b = rng.gaussian();
            x[i] = new double[] {a, 2 * b};
            y[i] = new double[] {1 + a + b, b};       // mean (1, 0), covariance [[2, 1], [1, 1]]
        }
        double[] s1 = {1, 0, 0, 4};
        double[] s2 = {2, 1, 1, 1};
        double exact = FrechetDistance.distance(new double[] {0, 0}, s1, new double[] {1, 0}, s2);
        double est = FrechetDistance.between(x, y);
        assertEquals(exact, est, 0.05, "plug-in FD of 40,000 points a side");
        FrechetDistance.Gaussian g = FrechetDistance.fit(y);
        assertEquals(1, g.mean()[0], 0.03);
        assertEquals(1, g.covariance()[1], 0.03);
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.fit(new double[][] {{1, 2}}));
    }

    /** p(y|x_i) one-hot on class i mod k: a perfect, confident classifier on balanced classes. */
    private static double[][] oneHot(int n, int k) {
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            p[i][i % k] = 1;
        }
        return p;
    }

    @Test
    void scoreIsTheNumberOfClassesForAConfidentUniformClassifierAndOneForAConstantOne() {
        assertEquals(10, ClassifierScore.score(oneHot(1000, 10)), 1e-12);
        assertEquals(Math.log(10) / Math.log(2), ClassifierScore.spreadBits(oneHot(1000, 10)), 1e-12);
        double[][] constant = new double[500][];
        for (int i = 0; i < constant.length; i++) {
            constant[i] = new double[] {0.5, 0.2, 0.3};
        }
        assertEquals(1, ClassifierScore.score(constant), 1e-12);
        assertEquals(0, ClassifierScore.spreadBits(constant), 0);
        // every sample confidently in class 0: one class, score 1
        double[][] one = new double[100][];
        for (int i = 0; i < one.length; i++) {
            one[i] = new double[] {1, 0, 0, 0};
        }
        assertEquals(1, ClassifierScore.score(one), 1e-12);
        assertEquals(0, ClassifierScore.spreadBits(one), 0);
    }

    @Test
    void scoreOfHalfTheClassesIsHalfTheNumberOfClasses() {
        // confident and balanced over 5 of 10 classes: exp(log 5)
        double[][] p = new double[1000][10];
        for (int i = 0; i < p.length; i++) {
            p[i][2 * (i % 5)] = 1;
        }
        assertEquals(5, ClassifierScore.score(p), 1e-12);
        assertEquals(Math.log(5) / Math.log(2), ClassifierScore.spreadBits(p), 1e-12);
        // uncertain between two classes for every sample, marginal uniform over 2: MI = 0
        double[][] unsure = new double[10][];
        for (int i = 0; i < unsure.length; i++) {
            unsure[i] = new double[] {0.5, 0.5};
        }
        assertEquals(1, ClassifierScore.score(unsure), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassifierScore.score(new double[0][]));
    }
}
