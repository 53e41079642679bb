package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.InputException;
import dgm.core.model.Arrays2;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.flow.base.DiagonalNormal;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.FixedAffine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    void densityOfASmallRandomFlowIntegratesToOneOnA2dGrid() {
        for (String id : List.of("realnvp", "nice", "maf", "iaf", "nsf", "nsf-ar", "glow", "planar", "radial")) {
            Map<String, String> o = new HashMap<>(Map.of("layers", "3", "standardize", "false"));
            if (!id.equals("planar") && !id.equals("radial")) {
                o.put("hidden", "8");
                o.put("actnorm", "true");
            }
            if (id.equals("realnvp") || id.equals("maf") || id.equals("iaf") || id.equals("glow")) {
                o.put("scale_bound", "1.0");
            }
            // parameters of moderate size: large random spline parameters make spikes narrower than the grid
            FlowModel m = randomFlow(id, 2, o, 3, 0.3);
            double lo = -12;
            double h = 0.04;
            int k = (int) Math.round(24 / h);
            double[][] grid = new double[k * k][];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    grid[a * k + b] = new double[] {lo + (a + 0.5) * h, lo + (b + 0.5) * h};
                }
            }
            double[] lp = m.logProb(grid);
            double mass = 0;
            for (double v : lp) {
                mass += Math.exp(v) * h * h;
            }
            assertEquals(1.0, mass, 3e-3, id + ": ∫p over [−12, 12]²");
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"realnvp", "iaf"})
    void saveLoadGivesIdenticalLogDensitiesAndSamples(String id, @TempDir Path dir) {
        FlowModel m = randomFlow(id, 3, Map.of("layers", "2", "hidden", "5", "permutation", "random",
                "base", "diagonal"), 7, 0.3);
        ((FixedAffine) ((Composite) m.flow()).stages().get(0)).set(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Path file = dir.resolve("flow.dgm");
        ModelIO.save(m, file);
        ModelState state = ModelIO.read(file);
        assertEquals(m.state(), state);
        FlowModel back = (FlowModel) new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow().restorer().restore(state);
        double[][] x = new Rng(1).gaussian(50, 3);
        assertArrayEquals(m.logProb(x), back.logProb(x), 0.0);
        double[][] s1 = m.sampleRows(20, new Rng(42));
        double[][] s2 = back.sampleRows(20, new Rng(42));
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(s1[i], s2[i], 0.0);
        }
        assertEquals(m.toString(), back.toString());
    }

    @Test
    void sameSeedSameSamplesAndSamplesInvertToTheirLatents() {
        FlowModel m = randomFlow("nice", 2, Map.of("layers", "3", "hidden", "8"), 11, 0.4);
        INDArray a = m.sample(30, new Rng(5));
        INDArray b = m.sample(30, new Rng(5));
        INDArray c = m.sample(30, new Rng(6));
        assertEquals(a, b);
        assertFalse(a.equals(c));
        assertArrayEquals(new long[] {30, 2}, a.shape());
        assertEquals(30, m.logProb(a).length());
    }

    @Test
    void rejectsPointsOfTheWrongDimension() {
        FlowModel m = randomFlow("realnvp", 2, Map.of("layers", "1"), 1, 0.1);
        assertThrows(InputException.class, () -> m.logProb(Arrays2.matrix(new double[][] {{1, 2, 3}})));
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
}
