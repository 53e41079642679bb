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
}
