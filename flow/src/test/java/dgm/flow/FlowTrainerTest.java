package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FlowTrainerTest {

    static final double A = 2.0;
    static final double B = 1.5;
    static final double C = 0.5;

    /** log N(x; (3, −1), LLᵀ) with L = [[A, 0], [B, C]]. */
    static double trueLogDensity(double[] x) {
        double e1 = (x[0] - 3) / A;
        double e2 = (x[1] + 1 - B * e1) / C;
        return -0.5 * (e1 * e1 + e2 * e2) - Math.log(2 * Math.PI) - Math.log(A * C);
    }

    static double[][] gaussian(int n, Rng rng) {
        return TestData.correlatedGaussian(n, rng, new double[] {3, -1}, A, B, C);
    }

    static FitResult fit(String id, Map<String, String> overrides, double[][] train, double[][] val,
                         List<HistoryPoint> sink) {
        ModelSpec spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        Params p = Params.resolve(id, spec.params(), overrides);
        return spec.fitter().fit(new FitContext(TestData.dataset("gauss", train, val, val), p, new Seeds(3), sink::add));
    }

    @Test
    void maximumLikelihoodReachesTheEntropyOfACorrelatedGaussian() {
        Rng rng = new Rng(1);
        double[][] train = gaussian(4000, rng);
        double[][] val = gaussian(1000, rng);
        double[][] test = gaussian(4000, rng);
        double h = TestData.correlatedGaussianEntropy(A, C);
        for (String id : List.of("realnvp", "nice", "maf", "iaf", "nsf", "nsf-ar", "glow")) {
            List<HistoryPoint> hist = new ArrayList<>();
            FitResult r = fit(id, Map.of("layers", "3", "hidden", "16", "epochs", "25", "batch", "128", "lr", "5e-3"),
                    train, val, hist);
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            // paired with the true log-density on the same points, the gap estimates KL(p‖q) with a small error
            double[] lq = ((FlowModel) r.model()).logProb(test);
            double[] diff = new double[test.length];
            for (int i = 0; i < test.length; i++) {
                diff[i] = lq[i] - trueLogDensity(test[i]);
            }
            double[] kl = TestData.meanAndSe(diff);
            System.out.printf("%s: KL estimate on the Gaussian %.4f ± %.4f (entropy %.4f)%n", id, kl[0], kl[1], h);
            assertTrue(kl[0] < 0.02, id + ": KL(p‖q) estimate " + kl[0]);
            assertTrue(kl[0] > -3 * kl[1], id + ": test NLL below the truth's: " + kl[0] + " ± " + kl[1]);
            assertEquals(25, hist.size());
            assertTrue(hist.get(0).values().containsKey("val_nll") && hist.get(0).values().containsKey("train_nll"));
            assertTrue(hist.get(24).values().get("train_nll") < hist.get(0).values().get("train_nll"));
        }
    }

    @Test
    void standardisationKeepsTheNllInTheOriginalDataSpace() {
        // the same data in other units (y = 10x + 5): the same fit, and NLLs that differ by exactly d·log 10
        Rng rng = new Rng(6);
        double[][] train = gaussian(500, rng);
        double[][] val = gaussian(200, rng);
        double[][] test = gaussian(300, rng);
        Map<String, String> o = Map.of("layers", "2", "hidden", "8", "epochs", "3", "batch", "100");
        FlowModel a = (FlowModel) fit("realnvp", o, train, val, new ArrayList<>()).model();
        FlowModel b = (FlowModel) fit("realnvp", o, scaled(train), scaled(val), new ArrayList<>()).model();
        double nllA = a.meanNll(test);
        double nllB = b.meanNll(scaled(test));
        assertEquals(2 * Math.log(10), nllB - nllA, 1e-6);
    }

    private static double[][] scaled(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[] {10 * x[i][0] + 5, 10 * x[i][1] + 5};
        }
        return y;
    }

    @Test
    void planarFlowLearnsByMaximumLikelihood() {
        Rng rng = new Rng(9);
        double[][] train = gaussian(1000, rng);
        double[][] val = gaussian(300, rng);
        List<HistoryPoint> hist = new ArrayList<>();
        FitResult r = fit("planar", Map.of("layers", "4", "epochs", "8", "batch", "100", "lr", "1e-2"), train, val, hist);
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        assertTrue(hist.get(7).values().get("val_nll") < hist.get(0).values().get("val_nll"));
    }

    @Test
    void keepsTheParametersWithTheBestValidationNll() {
        Rng rng = new Rng(2);
        double[][] train = gaussian(600, rng);
        double[][] val = gaussian(300, rng);
        List<HistoryPoint> hist = new ArrayList<>();
        // a large constant learning rate makes the validation curve noisy, so the last epoch is rarely the best
        FitResult r = fit("realnvp", Map.of("layers", "2", "hidden", "8", "epochs", "15", "batch", "32", "lr", "0.05",
                "schedule", "constant", "patience", "0"), train, val, hist);
        double best = hist.stream().mapToDouble(p -> p.values().get("val_nll")).min().orElseThrow();
        assertEquals(best, ((FlowModel) r.model()).meanNll(val), 1e-9);
    }

    @Test
    void batchNormFlowTrainsAndEvaluatesWithItsRunningAverages() {
        Rng rng = new Rng(8);
        double[][] train = gaussian(2000, rng);
        double[][] val = gaussian(500, rng);
        double[][] test = gaussian(2000, rng);
        List<HistoryPoint> hist = new ArrayList<>();
        FitResult r = fit("maf", Map.of("layers", "3", "hidden", "16", "epochs", "10", "batch", "128", "lr", "5e-3",
                "batchnorm", "true"), train, val, hist);
        FlowModel m = (FlowModel) r.model();
        double[] diff = new double[test.length];
        double[] lq = m.logProb(test);
        for (int i = 0; i < test.length; i++) {
            diff[i] = lq[i] - trueLogDensity(test[i]);
        }
        double[] kl = TestData.meanAndSe(diff);
        assertTrue(kl[0] < 0.05 && kl[0] > -3 * kl[1], "KL estimate " + kl[0] + " ± " + kl[1]);
        // evaluation mode is a fixed map: a row's density does not depend on its batch
        assertEquals(lq[0], m.logProb(new double[][] {test[0]})[0], 1e-12);
        // the kept (best) state reproduces the best validation NLL, running averages included
        double best = hist.stream().mapToDouble(p -> p.values().get("val_nll")).min().orElseThrow();
        assertEquals(best, m.meanNll(val), 1e-9);
    }

    @Test
    void earlyStoppingEndsTheRunAfterPatienceEpochsWithoutImprovement() {
        Rng rng = new Rng(3);
        double[][] train = gaussian(500, rng);
        double[][] val = gaussian(200, rng);
        List<HistoryPoint> hist = new ArrayList<>();
        FitResult r = fit("nice", Map.of("layers", "1", "hidden", "4", "epochs", "1000", "lr", "1e-7",
                "patience", "2", "schedule", "constant"), train, val, hist);
        assertEquals(RunStatus.COMPLETED, r.status());
        assertTrue(hist.size() < 1000, "ran " + hist.size() + " epochs");
        assertTrue(r.detail().contains("early stop"), r.detail());
    }

    @Test
    void aNonFiniteLossStopsTheRunAsDivergedWithFiniteParameters() {
        Rng rng = new Rng(4);
        double[][] train = gaussian(1000, rng);
        double[][] val = gaussian(200, rng);
        train[700] = new double[] {Double.NaN, 0};
        List<HistoryPoint> hist = new ArrayList<>();
        FitResult r = fit("realnvp", Map.of("layers", "2", "hidden", "8", "epochs", "3", "batch", "50",
                "standardize", "false", "actnorm", "false"), train, val, hist);
        assertEquals(RunStatus.DIVERGED, r.status());
        assertTrue(r.detail().contains("NaN"), r.detail());
        FlowModel m = (FlowModel) r.model();
        assertTrue(m.params().allFinite());
        for (double v : m.logProb(val)) {
            assertTrue(Double.isFinite(v));
        }
        assertTrue(Double.isNaN(hist.get(hist.size() - 1).values().get("train_nll")));
        // it trained for some steps before the bad batch: the parameters are not the initial ones
        assertTrue(hist.get(hist.size() - 1).step() > 0);
    }

    @Test
    void theFamilyIsFoundByServiceLoaderAndValidatesItsParameters() {
        List<ModelFamily> fams = new ArrayList<>();
        ServiceLoader.load(ModelFamily.class).forEach(fams::add);
        ModelFamily flow = fams.stream().filter(f -> f.name().equals("flow")).findFirst().orElseThrow();
        ModelRegistry reg = new ModelRegistry(List.of(flow));
        assertEquals("flow", reg.family("realnvp"));
        assertEquals("flow", reg.family("nice"));
        assertEquals("flow", reg.family("maf"));
        assertEquals("flow", reg.family("iaf"));
        assertEquals("flow", reg.family("nsf"));
        assertEquals("flow", reg.family("nsf-ar"));
        assertEquals("flow", reg.family("glow"));
        assertEquals("flow", reg.family("planar"));
        assertEquals("flow", reg.family("radial"));
        ModelSpec spec = reg.spec("realnvp");
        assertThrows(() -> Params.resolve("realnvp", spec.params(), Map.of("hiden", "3")));
        assertThrows(() -> Params.resolve("realnvp", spec.params(), Map.of("base", "student")));
        assertThrows(() -> Params.resolve("realnvp", spec.params(), Map.of("layers", "0")));
        Rng rng = new Rng(5);
        FitResult r = fit("realnvp", new HashMap<>(Map.of("layers", "2", "hidden", "8", "epochs", "2",
                "permutation", "random")), gaussian(300, rng), gaussian(100, rng), new ArrayList<>());
        GenerativeModel back = reg.restore(r.model().state());
        double[][] x = gaussian(20, rng);
        org.junit.jupiter.api.Assertions.assertArrayEquals(((FlowModel) r.model()).logProb(x), ((FlowModel) back).logProb(x), 0.0);
        assertFalse(r.model().state().config().isEmpty());
    }

    private static void assertThrows(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(InputException.class, e);
    }
}
