package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

class MadeTest {

    @Test
    void outputBlockJDependsExactlyOnInputsBeforeJ() {
        int d = 4;
        int p = 2;
        ParamBuffer params = new ParamBuffer();
        Mlp made = Made.build(params, "made", d, new int[] {7, 6}, p, Activation.TANH);
        Rng rng = new Rng(1);
        for (int k = 0; k < params.size(); k++) {
            params.values()[k] = rng.gaussian();
        }
        double[] x = {0.3, -1.2, 0.8, 2.0};
        double[] y0 = made.forward(x, 1).clone();
        for (int i = 0; i < d; i++) {
            double[] xp = x.clone();
            xp[i] += 0.5;
            double[] y = made.forward(xp, 1);
            for (int j = 0; j < d; j++) {
                for (int q = 0; q < p; q++) {
                    boolean changed = y[j * p + q] != y0[j * p + q];
                    if (i >= j) {
                        assertEquals(y0[j * p + q], y[j * p + q], 0.0, "output " + j + " must not see input " + i);
                    } else {
                        assertTrue(changed, "output " + j + " should see input " + i);
                    }
                }
            }
        }
    }

    @Test
    void maskedGradientsMatchFiniteDifferencesAndMaskedWeightsGetNone() {
        int d = 3;
        ParamBuffer params = new ParamBuffer();
        Mlp made = Made.build(params, "made", d, new int[] {5}, 2, Activation.TANH);
        Rng rng = new Rng(2);
        for (int k = 0; k < params.size(); k++) {
            params.values()[k] = rng.gaussian();
        }
        int n = 4;
        double[] x = new double[n * d];
        double[] c = new double[n * d * 2];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.gaussian();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.gaussian();
        }
        params.zeroGrad();
        made.forward(x, n);
        double[] dx = made.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT).clone();
        double[] g = params.grads().clone();
        double h = 1e-6;
        double[] v = params.values();
        for (int k = 0; k < v.length; k++) {
            double old = v[k];
            v[k] = old + h;
            double lp = dot(made.forward(x, n), c);
            v[k] = old - h;
            double lm = dot(made.forward(x, n), c);
            v[k] = old;
            assertEquals((lp - lm) / (2 * h), g[k], 1e-6 * (1 + Math.abs(g[k])), "parameter " + k);
        }
        for (int k = 0; k < x.length; k++) {
            double old = x[k];
            x[k] = old + h;
            double lp = dot(made.forward(x, n), c);
            x[k] = old - h;
            double lm = dot(made.forward(x, n), c);
            x[k] = old;
            assertEquals((lp - lm) / (2 * h), dx[k], 1e-6 * (1 + Math.abs(dx[k])), "input " + k);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The one-pass sequential solve against the definition: after each coordinate, the whole MADE
     * run again on the partial solution (d passes). Equal to rounding, for one and two hidden
     * layers, hidden layers narrower and wider than d − 1, and P = 1, 2, 3 outputs per coordinate.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"6, 4, 1, TANH", "6, 11, 2, RELU", "9, 5;7, 3, TANH",
            "9, 12;20, 2, RELU", "2, 3, 2, SIGMOID"})
    void sequentialSolveMatchesRerunningTheNetworkAfterEachCoordinate(int d, String hiddenSizes, int p, String act) {
        int[] hidden = java.util.Arrays.stream(hiddenSizes.split(";")).mapToInt(Integer::parseInt).toArray();
        ParamBuffer params = new ParamBuffer();
        Mlp made = Made.build(params, "made", d, hidden, p, Activation.valueOf(act));
        made.initialize(new dgm.core.rng.Rng(d + p), 1.0);
        int n = 5;
        double[] z = new double[n * d];
        dgm.core.rng.Rng rng = new dgm.core.rng.Rng(3);
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.gaussian();
        }
        // a toy autoregressive map: x_j = z_j·exp(tanh(h_0)) + Σ_q h_q for q ≥ 1
        java.util.function.BiFunction<Double, double[], Double> solve = (zv, h) -> {
            double v = zv * Math.exp(Math.tanh(h[0]));
            for (int q = 1; q < h.length; q++) {
                v += h[q];
            }
            return v;
        };
        double[] expected = new double[n * d];
        for (int j = 0; j < d; j++) {
            double[] out = made.forward(expected, n).clone();
            for (int i = 0; i < n; i++) {
                double[] h = java.util.Arrays.copyOfRange(out, (i * d + j) * p, (i * d + j) * p + p);
                expected[i * d + j] = solve.apply(z[i * d + j], h);
            }
        }
        double[] got = new double[n * d];
        java.util.Arrays.fill(got, Double.NaN); // the solve must not read what it has not written
        int[] next = {0};
        Made.solveSequentially(made, p, got, n, (j, h, xj) -> {
            assertEquals(next[0]++, j, "coordinates in order");
            for (int i = 0; i < n; i++) {
                xj[i] = solve.apply(z[i * d + j], java.util.Arrays.copyOfRange(h, i * p, i * p + p));
            }
        });
        assertEquals(d, next[0]);
        for (int k = 0; k < got.length; k++) {
            assertEquals(expected[k], got[k], 1e-12 * (1 + Math.abs(expected[k])), "x[" + k + "]");
        }
    }
}
