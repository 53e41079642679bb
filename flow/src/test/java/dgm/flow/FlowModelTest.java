package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.InputException;
import dgm.core.model.Params;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.flow.base.DiagonalNormal;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.FixedAffine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowModelTest {

    static Map<String, String> config(String id, Map<String, String> overrides) {
        var specs = new FlowFamily().models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().params();
        return Params.resolve(id, specs, overrides).asMap();
    }

    /** A small flow with every parameter drawn at random (a generic, non-identity point). */
    static FlowModel randomFlow(String id, int d, Map<String, String> overrides, long seed, double scale) {
        FlowModel m = Architectures.build(id, config(id, overrides), d, new Rng(seed)).model();
        Rng rng = new Rng(seed + 1);
        double[] v = m.params().values();
        for (int k = 0; k < v.length; k++) {
            v[k] = scale * rng.gaussian();
        }
        return m;
    }

    @Test
    void logProbOfAnAffineFlowIsTheGaussianClosedForm() {
        ParamBuffer params = new ParamBuffer();
        ParamBuffer buffers = new ParamBuffer();
        FixedAffine aff = new FixedAffine(buffers, "a", 2);
        double[] mu = {1.5, -0.5};
        double[] sigma = {0.4, 3.0};
        aff.set(mu, sigma);
        DiagonalNormal base = new DiagonalNormal(params, "base", 2);
        params.values()[0] = 0.3;   // base μ_0
        params.values()[3] = -0.2;  // base log σ_1
        FlowModel m = new FlowModel("affine", Map.of(), params, buffers, new Composite(2, List.of(aff)), base);
        double[][] x = {{0, 0}, {1.5, -0.5}, {3, 7}};
        double[] lp = m.logProb(x);
        for (int i = 0; i < x.length; i++) {
            // x = μ + σ·z with z ~ N(m_b, s_b²) ⇒ x_j ~ N(μ_j + σ_j m_bj, (σ_j s_bj)²)
            double expected = 0;
            double[] bm = {0.3, 0};
            double[] bs = {1, Math.exp(-0.2)};
            for (int j = 0; j < 2; j++) {
                double mean = mu[j] + sigma[j] * bm[j];
                double sd = sigma[j] * bs[j];
                double u = (x[i][j] - mean) / sd;
                expected += -0.5 * u * u - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
            }
            assertEquals(expected, lp[i], 1e-12);
        }
    }

    @Test
    void parameterGradientOfTheMeanNllMatchesFiniteDifferences() {
        FlowModel m = randomFlow("realnvp", 3, Map.of("layers", "3", "hidden", "6", "activation", "tanh",
                "base", "diagonal", "permutation", "random", "actnorm", "true"), 5, 0.5);
        // a non-trivial standardisation, too
        ((FixedAffine) ((Composite) m.flow()).stages().get(0)).set(new double[] {0.5, -1, 2}, new double[] {2, 0.5, 1.5});
        Rng rng = new Rng(9);
        int n = 6;
        double[] x = new double[n * 3];
        for (int k = 0; k < x.length; k++) {
            x[k] = 2 * rng.gaussian();
        }
        m.params().zeroGrad();
        m.meanNllAndGradient(x, n);
        double[] g = m.params().grads().clone();
        double[] v = m.params().values();
        double[] out = new double[n];
        double h = 1e-6;
        for (int k = 0; k < v.length; k++) {
            double old = v[k];
            v[k] = old + h;
            double lp = nll(m, x, n, out);
            v[k] = old - h;
            double lm = nll(m, x, n, out);
            v[k] = old;
            double num = (lp - lm) / (2 * h);
            assertEquals(num, g[k], 1e-6 * (1 + Math.abs(num)), "parameter " + k);
        }
    }

    private static double nll(FlowModel m, double[] x, int n, double[] out) {
        m.logProb(x, n, out);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s -= out[i];
        }
        return s / n;
    }

    @Test
    void mafParameterGradientMatchesFiniteDifferences() {
        FlowModel m = randomFlow("maf", 3, Map.of("layers", "2", "hidden", "6", "activation", "tanh",
                "base", "diagonal", "actnorm", "true"), 15, 0.5);
        Rng rng = new Rng(19);
        int n = 4;
        double[] x = new double[n * 3];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.gaussian();
        }
        m.params().zeroGrad();
        m.meanNllAndGradient(x, n);
        double[] g = m.params().grads().clone();
        double[] v = m.params().values();
        double[] out = new double[n];
        for (int k = 0; k < v.length; k++) {
            double old = v[k];
            v[k] = old + 1e-6;
            double lp = nll(m, x, n, out);
            v[k] = old - 1e-6;
            double lm = nll(m, x, n, out);
            v[k] = old;
            double num = (lp - lm) / 2e-6;
            assertEquals(num, g[k], 1e-6 * (1 + Math.abs(num)), "parameter " + k);
        }
    }

    @Test
    void couplingFlowsNeedTwoDimensions() {
        assertThrows(InputException.class, () -> Architectures.build("realnvp", config("realnvp", Map.of()), 1, new Rng(1)));
    }

    @Test
    void standardNormalBaseHasNoParametersAndTheRightCount() {
        FlowModel m = Architectures.build("realnvp", config("realnvp", new HashMap<>(Map.of("layers", "2",
                "hidden", "4", "depth", "1", "actnorm", "false"))), 2, new Rng(1)).model();
        // two couplings 1→4→2: (1·4 + 4) + (4·2 + 2) = 18 each
        assertEquals(36, m.parameterCount());
        assertEquals(StandardNormal.class, m.base().getClass());
    }

    @Test
    void temperatureScalesTheBaseDrawsAndOneIsTheModelItself() {
        for (String base : List.of("standard", "diagonal")) {
            FlowModel m = randomFlow("realnvp", 3, Map.of("layers", "2", "hidden", "8", "base", base), 5, 0.3);
            double[][] plain = m.sampleRows(7, new Rng(9));
            double[][] t1 = m.sampleRows(7, new Rng(9), 1.0);
            for (int i = 0; i < 7; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(plain[i], t1[i], base);
            }
            // T = 0: every draw is the base mean, so every sample is f⁻¹(mean), the same point
            double[][] t0 = m.sampleRows(4, new Rng(9), 0.0);
            for (int i = 1; i < 4; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(t0[0], t0[i], 1e-12, base);
            }
        }
        // with the standard base, the latent draws at T are exactly T times those at 1
        StandardNormal sn = new StandardNormal(3);
        double[] z1 = new double[6];
        double[] zt = new double[6];
        sn.sample(2, new Rng(4), z1);
        sn.sample(2, new Rng(4), zt, 0.7);
        for (int k = 0; k < 6; k++) {
            assertEquals(0.7 * z1[k], zt[k], 0.0);
        }
        FlowModel m = randomFlow("realnvp", 3, Map.of("layers", "2", "hidden", "8"), 5, 0.3);
        assertThrows(InputException.class, () -> m.sampleRows(2, new Rng(1), -0.5));
        assertThrows(InputException.class, () -> m.sampleRows(2, new Rng(1), Double.NaN));
    }
}
