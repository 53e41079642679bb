package dgm.vae.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.ResumeContract;
import dgm.core.data.Dataset;
import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dl4j-vae as the workbench sees it: listed by the registry with the vae's sizes and a bound, a
 * smoke-size fit on the 8×8 digits (two epochs, DL4J's own steps) with a finite bound that tightens
 * from k = 1 to k = 50, one val_nll per epoch in the history, samples, a bit-identical save and
 * restore, the same numbers from the same seed; and resuming from a checkpoint bit for bit.
 */
class Dl4jVaeFamilyTest {
    static final Dataset DIGITS = ResumeContract.dataset("digits", Map.of());

    static FitResult fit(Dataset data, Map<String, String> params, long seed) {
        ModelSpec spec = ModelRegistry.load().spec("dl4j-vae");
        Params p = Params.resolve("dl4j-vae", spec.params(), params);
        return spec.fitter().fit(new FitContext(data, p, new Seeds(seed).child("model"), TrainingListener.NONE));
    }

    @Test
    void registeredWithTheVaesSizesAndABound() {
        ModelRegistry r = ModelRegistry.load();
        ModelSpec s = r.spec("dl4j-vae");
        assertEquals("dl4j", r.family("dl4j-vae"));
        assertEquals(Capability.LOWER_BOUND, s.capability());
        Dl4jVaeConfig c = Dl4jVaeFamily.config(Params.resolve("dl4j-vae", s.params(), Map.of()), DIGITS);
        assertEquals(new Dl4jVaeConfig(64, 8, 256, 2, "relu", "double"), c);
        Dl4jVaeConfig toy = Dl4jVaeFamily.config(Params.resolve("dl4j-vae", s.params(), Map.of()),
                ResumeContract.dataset("moons", Map.of("n_train", "100", "n_val", "50", "n_test", "50")));
        assertEquals(new Dl4jVaeConfig(2, 2, 128, 2, "relu", "double"), toy);
    }

    @Test
    void aSmokeFitOnTheDigitsBoundsSamplesAndRoundTrips(@TempDir Path dir) {
        Map<String, String> params = Map.of("hidden", "32", "epochs", "2");
        FitResult fit = fit(DIGITS, params, 0);
        assertEquals(RunStatus.COMPLETED, fit.status(), fit.detail());
        long withVal = fit.history().stream().filter(h -> h.values().containsKey("val_nll")).count();
        assertEquals(2, withVal, "one val_nll per epoch: " + fit.history());
        for (HistoryPoint h : fit.history()) {
            assertTrue(Double.isFinite(h.values().get("val_nll")) && Double.isFinite(h.values().get("train_loss")), h.toString());
        }
        Dl4jVaeModel m = (Dl4jVaeModel) fit.model();
        double[][] test = java.util.Arrays.copyOf(DIGITS.test(), 100);
        double[] l1 = m.lowerBound(test, 1, new Rng(1));
        double[] l50 = m.lowerBound(test, 50, new Rng(2));
        double mean1 = 0;
        double mean50 = 0;
        for (int i = 0; i < test.length; i++) {
            assertTrue(Double.isFinite(l1[i]) && Double.isFinite(l50[i]), "row " + i);
            mean1 += l1[i] / test.length;
            mean50 += l50[i] / test.length;
        }
        assertTrue(mean50 > mean1, "L_50 " + mean50 + " should be above L_1 " + mean1);
        double[][] s = Arrays2.rows("dl4j-vae", m.sample(200, new Rng(3)), 64);
        assertEquals(200, s.length);
        for (double[] r : s) {
            for (double v : r) {
                assertTrue(Double.isFinite(v));
            }
        }
        // save → restore through the model file and the registry: the same state, bounds and samples, bit for bit
        ModelIO.save(m, dir.resolve("model.bin"));
        Dl4jVaeModel back = (Dl4jVaeModel) ModelRegistry.load().restore(ModelIO.read(dir.resolve("model.bin")));
        assertEquals(m.state(), back.state());
        assertArrayEquals(m.lowerBound(test, 50, new Rng(2)), back.lowerBound(test, 50, new Rng(2)), 0.0);
        double[][] a = Arrays2.rows("dl4j-vae", m.sample(20, new Rng(4)), 64);
        double[][] b = Arrays2.rows("dl4j-vae", back.sample(20, new Rng(4)), 64);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        // the restored DL4J network holds the same parameters
        assertArrayEquals(Dl4jNetworks.parameters(m.network()), Dl4jNetworks.parameters(back.network()), 0.0);
        // same seed → the same fit, bit for bit (DL4J's initialisation, ND4J's noise, the data order)
        FitResult again = fit(DIGITS, params, 0);
        assertEquals(m.state(), again.model().state());
        assertEquals(fit.history().stream().map(HistoryPoint::values).toList(),
                again.history().stream().map(HistoryPoint::values).toList());
    }

    @Test
    void resumesFromItsCheckpointsBitForBit() {
        ModelSpec spec = new Dl4jVaeFamily().models().get(0);
        ResumeContract.assertResumesBitForBit(spec, ResumeContract.dataset("moons", Map.of("n_train", "600", "n_val", "200",
                "n_test", "200")), Map.of("hidden", "16", "epochs", "4", "batch", "64", "patience", "2"), 9, 3);
    }
}
