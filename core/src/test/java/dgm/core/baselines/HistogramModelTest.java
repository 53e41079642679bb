package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.dequantised;
import static dgm.core.baselines.BaselineTesting.fit;
import static dgm.core.baselines.BaselineTesting.fitModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.rng.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramModelTest {

    /** Integer vectors v ∈ {0,1,2}² (L = 3), dequantised as v + u. */
    private static final int[][] V = {{0, 2}, {1, 2}, {1, 0}, {1, 2}, {2, 2}};

    private static double[][] dequantise(int[][] v, Rng rng) {
        double[][] y = new double[v.length][v[0].length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v[0].length; j++) {
                y[i][j] = v[i][j] + rng.uniform();
            }
        }
        return y;
    }

    @Test
    void dequantisedLogDensityIsTheHandComputedProduct() {
        DensityModel m = fitModel("histogram", dequantised(3, dequantise(V, new Rng(1)), null), Map.of(), 1);
        // Counts, dimension 0: level 0 → 1, 1 → 3, 2 → 1; dimension 1: 0 → 1, 1 → 0, 2 → 4.
        // With α = 1: P(b) = (count + 1) / (5 + 3·1) = (count + 1) / 8.
        double[][] y = {{1.5, 0.2}, {0.01, 1.99}, {2.7, 2.0}, {0.0, 0.0}};
        double[] expected = {
            Math.log(4.0 / 8) + Math.log(2.0 / 8),
            Math.log(2.0 / 8) + Math.log(1.0 / 8),
            Math.log(2.0 / 8) + Math.log(5.0 / 8),
            Math.log(2.0 / 8) + Math.log(2.0 / 8),
        };
        assertArrayEquals(expected, Arrays2.toVector(m.logProb(Arrays2.matrix(y))), 1e-14);
        // With α = 0.5: P = (count + 0.5) / 6.5; the empty level 1 of dimension 1 keeps 0.5 / 6.5.
        DensityModel h = fitModel("histogram", dequantised(3, dequantise(V, new Rng(1)), null), Map.of("alpha", "0.5"), 1);
        assertEquals(Math.log(1.5 / 6.5) + Math.log(0.5 / 6.5),
                Arrays2.toVector(h.logProb(Arrays2.matrix(new double[][] {{0.5, 1.5}})))[0], 1e-14);
        // Outside [0, L)^d, where dequantised data never is, the density is 0.
        double[] out = Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {{3.0, 1}, {-1e-9, 1}})));
        assertEquals(Double.NEGATIVE_INFINITY, out[0]);
        assertEquals(Double.NEGATIVE_INFINITY, out[1]);
        assertEquals(2 * 2, m.parameterCount());
    }

    @Test
    void dequantisedSamplesFollowTheCellProbabilities() {
        DensityModel m = fitModel("histogram", dequantised(3, dequantise(V, new Rng(1)), null), Map.of(), 1);
        double[][] s = Arrays2.toMatrix(m.sample(40_000, new Rng(5)));
        int[] level = new int[3];
        for (double[] row : s) {
            assertTrue(row[1] >= 0 && row[1] < 3);
            level[(int) Math.floor(row[1])]++;
        }
        // Dimension 1: P = 2/8, 1/8, 5/8; binomial sd at n = 40000 is ≤ 0.0025.
        assertEquals(2.0 / 8, level[0] / 40_000.0, 0.01);
        assertEquals(1.0 / 8, level[1] / 40_000.0, 0.01);
        assertEquals(5.0 / 8, level[2] / 40_000.0, 0.01);
    }

    @Test
    void continuousDataGetsPaddedEqualWidthBinsAndBoundedSupport() {
        // Dimension 0 spans [0, 4] with 4 bins of width 1 (+ 1e-9 relative): bins ..., [0,1), ..., [3,4], pad [4,5).
        double[][] x = {{0, 0}, {1.5, 1.2}, {2.5, 2.2}, {4, 4}, {3.2, 3.5}};
        DensityModel m = fitModel("histogram", continuous(x, null), Map.of("bins", "4", "alpha", "1"), 1);
        double w = 1 + 1e-9;
        double denom = 5 + 6; // n + (bins + 2)·α
        double[] lp = Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {
            {0.5, 0.5},     // inner bins holding 1 point in each dimension
            {-0.5, 0.5},    // the lower padding bin of dimension 0: smoothed mass only
            {4.5, 0.5},     // the upper padding bin
            {-1.5, 0.5},    // beyond the padding: zero density
            {3.9, 3.99},    // the training maximum's bin: dimension 0 holds 3.2 and 4; dimension 1 holds 3.5 and 4
        })));
        assertEquals(2 * Math.log(2.0 / denom / w), lp[0], 1e-12);
        assertEquals(Math.log(1.0 / denom / w) + Math.log(2.0 / denom / w), lp[1], 1e-12);
        assertEquals(Math.log(1.0 / denom / w) + Math.log(2.0 / denom / w), lp[2], 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, lp[3]);
        assertEquals(2 * Math.log(3.0 / denom / w), lp[4], 1e-12);
        assertFalse(((HistogramModel) m).discrete());
    }

    @Test
    void inputsThatHaveNoHistogramDensityAreRefused() {
        double[][] constant = {{1, 0}, {1, 1}, {1, 2}};
        InputException e = assertThrows(InputException.class, () -> fit("histogram", continuous(constant, null), Map.of(), 1));
        assertTrue(e.getMessage().contains("dimension 0 is constant"), e.getMessage());
        double[][] tooBig = {{0.5, 3.2}};
        InputException f = assertThrows(InputException.class,
                () -> fit("histogram", dequantised(3, tooBig, null), Map.of(), 1));
        assertTrue(f.getMessage().contains("[0, 3)"), f.getMessage());
    }
}
