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
        double[][] s = BaselineTesting.rows(m.sample(40_000, new Rng(5)));
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
    void continuousDataGetsEqualWidthBinsAndExponentialTails() {
        // Each dimension spans [0, 4]; 4 inner bins of width w = 1 + 1e-9 (≈ [0,1), ..., [3,4]) and a
        // tail bin each side. Counts, dimension 0: 0 | 1 | 1 | 1 | 2 | 0 (tails first and last);
        // dimension 1 the same. P = (count + 1) / (5 + 6·1).
        double[][] x = {{0, 0}, {1.5, 1.2}, {2.5, 2.2}, {4, 4}, {3.2, 3.5}};
        DensityModel m = fitModel("histogram", continuous(x, null), Map.of("bins", "4", "alpha", "1"), 1);
        double w = 1 + 1e-9;
        double denom = 11;
        double[] lp = Arrays2.toVector(m.logProb(Arrays2.matrix(new double[][] {
            {0.5, 0.5},     // inner bins holding 1 point in each dimension
            {-0.5, 0.5},    // lower tail of dimension 0, half a width below the edge 0
            {4.5, 0.5},     // upper tail, half a width above the edge 4
            {-10.5, 0.5},   // far out: small but finite
            {3.9, 3.99},    // the training maximum's bin: 3.2 and 4 in dimension 0, 3.5 and 4 in dimension 1
        })));
        double inner1 = Math.log(2.0 / denom / w);
        double tail = Math.log(1.0 / denom / w);
        // The 1e-9 stretch about the centre 2 puts the outer edges at −2e-9 and 4 + 2e-9.
        double e0 = -2e-9;
        double e1 = 4 + 2e-9;
        assertEquals(2 * inner1, lp[0], 1e-12);
        assertEquals(tail - (e0 + 0.5) / w + inner1, lp[1], 1e-12);
        assertEquals(tail - (4.5 - e1) / w + inner1, lp[2], 1e-12);
        assertEquals(tail - (e0 + 10.5) / w + inner1, lp[3], 1e-12);
        assertEquals(2 * Math.log(3.0 / denom / w), lp[4], 1e-12);
        assertFalse(((HistogramModel) m).discrete());
        // Samples: a tail gets its mass 1/11, and the excess beyond the edge is Exp(1)·w (mean ≈ 1).
        double[][] s = BaselineTesting.rows(m.sample(20_000, new Rng(3)));
        int below = 0;
        double excess = 0;
        for (double[] row : s) {
            if (row[0] < 0) {
                below++;
                excess += -row[0];
            }
        }
        assertEquals(1.0 / 11, below / 20_000.0, 0.008); // binomial sd 0.002
        assertEquals(1.0, excess / below, 0.08);          // sd of the mean ≈ 1/sqrt(1800) = 0.024
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
