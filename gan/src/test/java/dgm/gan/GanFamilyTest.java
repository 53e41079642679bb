package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ImplicitModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelFamily;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanFamilyTest {

    static ModelSpec spec(String id) {
        return new GanFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Two well-separated 2-D blobs, 600 training rows. */
    static Dataset blobs() {
        Rng rng = new Rng(5);
        double[][][] splits = new double[3][][];
        for (int s = 0; s < 3; s++) {
            double[][] x = new double[s == 0 ? 600 : 200][2];
            for (int i = 0; i < x.length; i++) {
                double c = i % 2 == 0 ? -2 : 2;
                x[i][0] = 10 + c + 0.3 * rng.gaussian();
                x[i][1] = -5 + 0.5 * rng.gaussian();
            }
            splits[s] = x;
        }
        return new Dataset("blobs", "two blobs", DataKind.CONTINUOUS, 0, "test", splits[0], splits[1], splits[2],
                Optional.empty(), Optional.empty());
    }

    /** Small, fast settings: 60 steps, width-16 networks, batch 64, F̂ on 256 rows every 20 steps; then {@code overrides}. */
    static Map<String, String> small(Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>(Map.of("steps", "60", "hidden", "16", "critic_hidden", "16", "batch", "64",
                "log_every", "20", "eval_size", "256"));
        o.putAll(overrides);
        return o;
    }

    static FitResult fit(String id, Map<String, String> overrides, long seed, List<HistoryPoint> sink) {
        ModelSpec s = spec(id);
        return s.fitter().fit(new FitContext(blobs(), Params.resolve(id, s.params(), small(overrides)), new Seeds(seed),
                sink::add));
    }

    @Test
    void serviceLoaderFindsTheGanFamilyWithNineSampleOnlyIds() {
        ModelFamily gan = null;
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class)) {
            if (f.name().equals("gan")) {
                gan = f;
            }
        }
        assertTrue(gan != null, "family 'gan' not registered");
        List<String> ids = new ArrayList<>();
        for (ModelSpec s : gan.models()) {
            ids.add(s.id());
            assertEquals(Capability.SAMPLES_ONLY, s.capability(), s.id());
        }
        assertEquals(List.of("fgan-tv", "fgan-kl", "fgan-rkl", "fgan-pearson", "fgan-neyman", "fgan-hellinger", "fgan-jeffrey",
                "fgan-js", "fgan-gan"), ids);
    }

    @Test
    void badParametersAreRejectedNamingTheAllowedValues() {
        ModelSpec s = spec("fgan-js");
        InputException e = assertThrows(InputException.class,
                () -> Params.resolve("fgan-js", s.params(), Map.of("method", "simultaneous")));
        assertTrue(e.getMessage().contains("single-step"), e.getMessage());
        e = assertThrows(InputException.class, () -> Params.resolve("fgan-js", s.params(), Map.of("generator_loss", "nonsat")));
        assertTrue(e.getMessage().contains("alternative"), e.getMessage());
        assertThrows(InputException.class, () -> Params.resolve("fgan-js", s.params(), Map.of("likelihood", "true")));
    }

    @Test
    void fitsAreSampleOnlyAndRecordTheBoundInTheHistory() {
        for (String method : List.of("single-step", "alternating")) {
            List<HistoryPoint> seen = new ArrayList<>();
            FitResult r = fit("fgan-kl", Map.of("method", method, "critic_steps", "2"), 1, seen);
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            GenerativeModel m = r.model();
            assertTrue(m instanceof ImplicitModel);
            assertFalse(m instanceof DensityModel || m instanceof LatentVariableModel, "an f-GAN must not claim a likelihood");
            assertEquals(3, r.history().size(), "rows at steps 20, 40, 60 and none twice: " + r.history());
            assertEquals(r.history(), seen, "the listener sees every history row");
            HistoryPoint last = r.history().get(r.history().size() - 1);
            assertEquals(60, last.step());
            for (String k : List.of("bound_hat", "bound_se", "critic_loss", "generator_loss")) {
                assertTrue(Double.isFinite(last.values().get(k)), k + " in " + last.values());
            }
            assertTrue(r.detail().contains("final F̂"), r.detail());
        }
    }

    /** The critic and the divergence survive save → load (samples, state and the rest: GanContractTest). */
    @Test
    void saveLoadKeepsTheCriticAndTheDivergence(@TempDir Path dir) {
        GanModel m = (GanModel) fit("fgan-gan", Map.of(), 2, new ArrayList<>()).model();
        Path f = dir.resolve("fgan-gan.dgmw");
        ModelIO.save(m, f);
        GanModel back = (GanModel) spec("fgan-gan").restorer().restore(ModelIO.read(f));
        double[] probe = {0.1, -0.3, 1.0, 2.0};
        assertArrayEquals(m.gan().critic().outputs(probe, 2), back.gan().critic().outputs(probe, 2), 0.0);
        assertEquals(Divergence.GAN, back.divergence());
    }

    @Test
    void samplesAreInDataCoordinates() {
        // standardisation is undone when sampling: samples of a model trained on data centred at (10, −5) sit there
        // (300 fast steps, with momentum: the quick fit this check needs)
        double[][] x = Arrays2.toMatrix(fit("fgan-js", Map.of("steps", "300", "lr_g", "2e-3", "lr_c", "2e-3", "beta1", "0.5"), 1,
                new ArrayList<>()).model().sample(2000, new Rng(2)));
        double m0 = 0;
        double m1 = 0;
        for (double[] r : x) {
            m0 += r[0] / x.length;
            m1 += r[1] / x.length;
        }
        assertEquals(10.0, m0, 1.0);
        assertEquals(-5.0, m1, 1.0);
    }

    /**
     * A learning rate far too large makes e^{v−1} overflow for KL: the run must end DIVERGED with
     * finite parameters that are those at the start of the last all-finite step.
     */
    @Test
    void nanGuardRestoresTheLastGoodParameters() {
        List<HistoryPoint> seen = new ArrayList<>();
        FitResult r = fit("fgan-kl", Map.of("lr_c", "1.0", "lr_g", "1.0", "clip", "0", "steps", "2000", "beta1", "0.0"), 1, seen);
        assertEquals(RunStatus.DIVERGED, r.status(), r.detail());
        GanModel m = (GanModel) r.model();
        assertTrue(m.gan().generator().params().allFinite() && m.gan().critic().params().allFinite());
        for (double[] row : m.sampleRows(10, new Rng(1))) {
            assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
        }
        assertTrue(r.detail().contains("became"), r.detail());
        assertTrue(r.detail().contains("at step 1;"), r.detail());
        // step 0 was finite and step 1 was not: the parameters are those at the start of step 0, the initial ones
        GanModel init = GanModel.build("fgan-kl", m.config(), 2, m.shift(), m.scale(), new Seeds(1).rng("init"));
        assertArrayEquals(init.gan().generator().params().values(), m.gan().generator().params().values(), 0.0);
        assertArrayEquals(init.gan().critic().params().values(), m.gan().critic().params().values(), 0.0);
    }
}
