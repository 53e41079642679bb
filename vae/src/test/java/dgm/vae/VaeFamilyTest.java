package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.data.DigitsDataset;
import dgm.core.data.ToyDataset;
import dgm.core.data.toy.Toys;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VaeFamilyTest {

    static ModelSpec spec(String id) {
        return new VaeFamily().models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    static Dataset toy(String id, int nTrain) {
        var src = new ToyDataset(Toys.byId(id).orElseThrow());
        return src.load(Params.resolve(id, src.params(), Map.of("n_train", "" + nTrain, "n_val", "500", "n_test", "500")),
                new Seeds(0));
    }

    static FitResult fit(String id, Dataset data, Map<String, String> overrides) {
        ModelSpec s = spec(id);
        return s.fitter().fit(new FitContext(data, Params.resolve(id, s.params(), overrides), new Seeds(1),
                TrainingListener.NONE));
    }

    @Test
    void theFamilyIsFoundByServiceLoaderAndValidatesItsParameters() {
        boolean found = false;
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class)) {
            if (f.name().equals("vae")) {
                found = true;
                assertEquals(List.of("vae", "iwae"), f.models().stream().map(ModelSpec::id).toList());
            }
        }
        assertTrue(found);
        assertThrows(InputException.class, () -> Params.resolve("vae", spec("vae").params(), Map.of("k_train", "5")));
        assertThrows(InputException.class, () -> Params.resolve("vae", spec("vae").params(), Map.of("decoder", "poisson")));
        assertThrows(InputException.class, () -> Params.resolve("iwae", spec("iwae").params(), Map.of("k_train", "0")));
        Dataset moons = toy("moons", 100);
        assertThrows(InputException.class, () -> fit("vae", moons, Map.of("decoder", "dlogistic")));
        assertThrows(InputException.class, () -> fit("vae", moons, Map.of("decoder", "bernoulli")));
        Dataset digits = new DigitsDataset().load(Params.of(Map.of()), new Seeds(0));
        assertThrows(InputException.class, () -> fit("vae", digits, Map.of("decoder", "bernoulli")));
        assertEquals("dlogistic", VaeFamily.config(Params.resolve("vae", spec("vae").params(), Map.of()), digits).decoder());
        VaeConfig c = VaeFamily.config(Params.resolve("vae", spec("vae").params(), Map.of()), moons);
        assertEquals("gaussian", c.decoder());
        assertEquals(2, c.latent());
    }

    @Test
    void bothIdsTrainAndRecordHistoryAndDiagnostics() {
        Dataset data = toy("8gaussians", 2000);
        for (String id : List.of("vae", "iwae")) {
            Map<String, String> o = new HashMap<>(Map.of("epochs", "4", "hidden", "32", "batch", "100"));
            if (id.equals("vae")) {
                o.put("warmup", "2");
            }
            FitResult r = fit(id, data, o);
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            VaeModel m = (VaeModel) r.model();
            assertEquals(id, m.id());
            List<HistoryPoint> h = r.history();
            assertEquals(5, h.size());
            assertTrue(h.get(0).values().containsKey("val_nll"));
            assertTrue(h.get(3).values().get("val_nll") < h.get(0).values().get("val_nll"),
                    id + ": " + h.get(0).values() + " → " + h.get(3).values());
            if (id.equals("vae")) {
                assertEquals(0.5, h.get(0).values().get("beta"), 1e-12);
                assertEquals(1.0, h.get(2).values().get("beta"), 1e-12);
            }
            Map<String, Double> diag = h.get(4).values();
            assertTrue(diag.containsKey("active_units") && diag.containsKey("kl_dim_1"), diag.toString());
            assertEquals(diag.get("val_kl"), diag.get("kl_dim_0") + diag.get("kl_dim_1"), 1e-9);
        }
    }

    @Test
    void keepsTheBestValidationParametersAndStopsEarly() {
        Dataset data = toy("moons", 1000);
        VaeModel m = new VaeModel("vae", new VaeConfig(2, 2, 16, 1, "relu", "gaussian", 0, 0.01), new Rng(1));
        m.fitStandardisation(data.train());
        VaeTrainer.Settings s = new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 3e-2, 0.0);
        TrainingOptions o = new TrainingOptions(0, 30, 100, "constant", 100, 3, 0, 0, 1);
        GradientTrainer.Outcome out = VaeTrainer.fit(m, data.train(), data.validation(), s, o, new Rng(2), new Rng(3),
                Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(RunStatus.COMPLETED, out.status());
        double best = out.history().stream().mapToDouble(h -> h.values().get("val_nll")).min().orElseThrow();
        assertEquals(best, out.bestScore(), 0);
        // the validation noise is the noise generator's first draw, the same at every epoch
        assertEquals(best, VaeTrainer.validationNll(m, data.validation(), s.objective(), s.k(), new Rng(3).nextLong()), 1e-12);
        // a learning rate too small to improve by 1e-4 an epoch: stops after 1 + patience epochs
        VaeTrainer.Settings slow = new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 1e-9, 0.0);
        GradientTrainer.Outcome stopped = VaeTrainer.fit(m, data.train(), data.validation(), slow, o, new Rng(2), new Rng(3),
                Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(4, stopped.history().size());
        assertTrue(stopped.detail().contains("early stop"), stopped.detail());
    }

    @Test
    void maxStepsGivesExactlyThatManyUpdates() {
        Dataset data = toy("moons", 1000);
        for (long budget : new long[] {3, 10, 11}) {
            VaeModel m = new VaeModel("vae", new VaeConfig(2, 2, 8, 1, "relu", "gaussian", 0, 0.01), new Rng(1));
            m.fitStandardisation(data.train());
            // the toy's training split with batch 100: 10 steps an epoch (or fewer); epochs=1 is overridden
            GradientTrainer.Outcome out = VaeTrainer.fit(m, data.train(), data.validation(),
                    new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 1e-3, 0.0),
                    new TrainingOptions(budget, 1, 100, "cosine", 100, 0, 0, 0, 1), new Rng(2), new Rng(3),
                    Checkpoints.NONE, TrainingListener.NONE);
            assertEquals(budget, out.steps());
            assertEquals(budget, out.history().get(out.history().size() - 1).step());
            assertTrue(out.detail().startsWith("ran all " + budget + " steps"), out.detail());
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunAsDivergedWithFiniteParameters() {
        Dataset data = toy("moons", 1000);
        double[][] train = data.train().clone();
        train[700] = new double[] {Double.NaN, 0};
        VaeModel m = new VaeModel("vae", new VaeConfig(2, 2, 16, 1, "relu", "gaussian", 0, 0.01), new Rng(1));
        GradientTrainer.Outcome out = VaeTrainer.fit(m, train, data.validation(),
                new VaeTrainer.Settings(VaeModel.Objective.IWAE, 3, 1.0, 0, 1e-3, 0.0),
                new TrainingOptions(0, 5, 100, "constant", 100, 0, 0, 0, 1), new Rng(2), new Rng(3),
                Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(RunStatus.DIVERGED, out.status());
        assertTrue(out.detail().contains("NaN"), out.detail());
        assertTrue(m.params().allFinite());
        for (double v : m.lowerBound(data.validation(), 5, new Rng(4))) {
            assertTrue(Double.isFinite(v));
        }
    }
}
