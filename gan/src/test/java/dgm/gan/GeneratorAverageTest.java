package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.ResumeContract;
import dgm.core.data.Dataset;
import dgm.core.model.ModelIO;
import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.train.FitResult;
import dgm.core.train.GradientTrainer;
import dgm.core.train.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moving average of the generator's weights ({@code ema}): the update rule, what samples, save and resume. */
class GeneratorAverageTest {

    private static FGan averagedGan(long seed) {
        MlpGenerator g = new MlpGenerator(3, 2, 5, 2, Activation.RELU);
        MlpGenerator avg = new MlpGenerator(3, 2, 5, 2, Activation.RELU);
        Critic c = new Critic(2, 6, 2, Activation.RELU);
        Rng init = new Rng(seed);
        g.initialize(init);
        c.initialize(init);
        avg.params().restore(g.params().values());
        return new FGan(Divergence.JENSEN_SHANNON, g, c, avg);
    }

    @Test
    void theRateWarmsUpToBeta() {
        assertEquals(0.1, FGan.averagingRate(0.999, 0), 0.0);
        assertEquals(6.0 / 15.0, FGan.averagingRate(0.999, 5), 0.0);
        assertEquals(0.999, FGan.averagingRate(0.999, 10_000), 0.0);
        assertEquals(0.5, FGan.averagingRate(0.5, 100), 0.0);
        // (1 + t)/(10 + t) reaches 0.99 at t = 890
        assertTrue(FGan.averagingRate(0.99, 889) < 0.99);
        assertEquals(0.99, FGan.averagingRate(0.99, 891), 0.0);
    }

    @Test
    void oneUpdateIsTheWeightedMeanOfAverageAndWeights() {
        FGan gan = averagedGan(1);
        double[] live = gan.generator().params().values();
        double[] avg = gan.averaged().params().values();
        Rng r = new Rng(2);
        for (int i = 0; i < live.length; i++) {
            live[i] = r.gaussian();
            avg[i] = r.gaussian();
        }
        double[] before = avg.clone();
        gan.updateAverage(0.999, 5);
        double b = 6.0 / 15.0;
        for (int i = 0; i < live.length; i++) {
            assertEquals(b * before[i] + (1 - b) * live[i], avg[i], 1e-15);
        }
        double[] liveBefore = live.clone();
        gan.updateAverage(0.9, 1000);   // β_t = min(0.9, 1001/1010) = 0.9
        for (int i = 0; i < live.length; i++) {
            assertEquals(0.9 * (b * before[i] + (1 - b) * liveBefore[i]) + 0.1 * liveBefore[i], avg[i], 1e-15);
        }
        assertArrayEquals(liveBefore, live, 0.0, "the update leaves the trained weights alone");
    }

    /** Step by step through the trainer: the average is the hand-computed recursion over the weights after each generator update. */
    @Test
    void theTrainerAveragesAfterEveryGeneratorUpdate() {
        for (FGanTrainer.Method method : FGanTrainer.Method.values()) {
            FGan gan = averagedGan(3);
            Rng rows = new Rng(4);
            double[][] x = new double[300][2];
            for (double[] row : x) {
                row[0] = 1 + rows.gaussian();
                row[1] = -1 + 0.5 * rows.gaussian();
            }
            double beta = 0.8;
            FGanTrainer.Options o = new FGanTrainer.Options(method, GeneratorLoss.ALTERNATIVE, 40, 32, 2, 1e-2, 1e-2, 0.5,
                    "constant", 10, 100, 64, 0, beta);
            GradientTrainer t = FGanTrainer.trainer(gan, BatchSource.rows(x, new Rng(5)), BatchSource.rows(x, new Rng(6)), o,
                    new Rng(7), new Rng(8));
            double[] expected = gan.generator().params().snapshot();
            for (int step = 0; step < 40; step++) {
                t.step();
                double[] w = gan.generator().params().values();
                double bt = Math.min(beta, (1.0 + step) / (10.0 + step));
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = bt * expected[i] + (1 - bt) * w[i];
                }
            }
            assertArrayEquals(expected, gan.averaged().params().values(), 1e-12, method.id());
            assertFalse(java.util.Arrays.equals(gan.generator().params().values(), gan.averaged().params().values()));
        }
    }

    @Test
    void theOptionsAndTheNetworksMustAgree() {
        FGan plain = new FGan(Divergence.JENSEN_SHANNON, new MlpGenerator(3, 2, 5, 2, Activation.RELU), new Critic(2, 6, 2, Activation.RELU));
        assertNull(plain.averaged());
        FGanTrainer.Options withEma = new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING, GeneratorLoss.ALTERNATIVE, 4, 8,
                1, 1e-3, 1e-3, 0.5, "constant", 10, 2, 8, 0, 0.9);
        double[][] x = new double[20][2];
        assertThrows(IllegalArgumentException.class, () -> FGanTrainer.trainer(plain, BatchSource.rows(x, new Rng(1)),
                BatchSource.rows(x, new Rng(2)), withEma, new Rng(3), new Rng(4)));
        assertThrows(IllegalArgumentException.class, () -> new FGanTrainer.Options(FGanTrainer.Method.ALTERNATING,
                GeneratorLoss.ALTERNATIVE, 4, 8, 1, 1e-3, 1e-3, 0.5, "constant", 10, 2, 8, 0, 1.0));
    }

    /** A fitted model samples from the average; the live generator trains exactly as without averaging; save → load keeps both. */
    @Test
    void theAveragedGeneratorSamplesAndSurvivesSaveAndLoad(@TempDir Path dir) {
        FitResult plain = GanFamilyTest.fit("fgan-js", Map.of(), 11, new ArrayList<>());
        FitResult averaged = GanFamilyTest.fit("fgan-js", Map.of("ema", "0.9"), 11, new ArrayList<>());
        assertEquals(RunStatus.COMPLETED, averaged.status());
        GanModel p = (GanModel) plain.model();
        GanModel a = (GanModel) averaged.model();
        assertNull(p.gan().averaged());
        assertEquals("0.9", a.config().get("ema"));
        assertArrayEquals(p.gan().generator().params().values(), a.gan().generator().params().values(), 0.0,
                "averaging does not change what the generator and the critic learn");
        assertArrayEquals(p.gan().critic().params().values(), a.gan().critic().params().values(), 0.0);
        double[] u = FGanTrainer.sample(a.gan().averaged(), 50, new Rng(9));
        double[][] x = a.sampleRows(50, new Rng(9));
        double[] shift = a.shift();
        double[] scale = a.scale();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(shift[j] + scale[j] * u[i * 2 + j], x[i][j], 0.0);
            }
        }
        assertFalse(java.util.Arrays.deepEquals(x, p.sampleRows(50, new Rng(9))), "the average, not the live generator, samples");

        Path f = dir.resolve("m.bin");
        ModelIO.save(a, f);
        GanModel back = (GanModel) GanFamilyTest.spec("fgan-js").restorer().restore(ModelIO.read(f));
        assertArrayEquals(a.gan().averaged().params().values(), back.gan().averaged().params().values(), 0.0);
        assertArrayEquals(a.gan().generator().params().values(), back.gan().generator().params().values(), 0.0);
        assertTrue(java.util.Arrays.deepEquals(x, back.sampleRows(50, new Rng(9))));
    }

    /** The NaN rule restores the average with the parameters: a run that overflows at step 1 ends with the initial weights in both. */
    @Test
    void theNanRuleRestoresTheAverageToo() {
        FitResult r = GanFamilyTest.fit("fgan-kl", Map.of("lr_c", "1.0", "lr_g", "1.0", "clip", "0", "steps", "2000", "beta1", "0.0",
                "ema", "0.9"), 1, new ArrayList<>());
        assertEquals(RunStatus.DIVERGED, r.status(), r.detail());
        assertTrue(r.detail().contains("at step 1;"), r.detail());
        GanModel m = (GanModel) r.model();
        GanModel init = GanModel.build("fgan-kl", m.config(), 2, m.shift(), m.scale(), new dgm.core.rng.Seeds(1).rng("init"));
        assertArrayEquals(init.gan().generator().params().values(), m.gan().averaged().params().values(), 0.0);
        assertArrayEquals(init.gan().generator().params().values(), m.gan().generator().params().values(), 0.0);
    }

    @Test
    void anAveragedRunResumesBitForBit() {
        Dataset moons = ResumeContract.dataset("moons", Map.of("n_train", "600", "n_val", "200", "n_test", "200"));
        for (String method : List.of("alternating", "single-step")) {
            ResumeContract.assertResumesBitForBit(GanFamilyTest.spec("fgan-js"), moons, Map.of("hidden", "8", "critic_hidden", "8",
                    "steps", "30", "batch", "32", "method", method, "log_every", "4", "eval_size", "64", "ema", "0.95"), 5, 3);
        }
    }
}
