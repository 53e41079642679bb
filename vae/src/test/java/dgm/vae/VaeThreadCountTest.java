package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dgm.core.nn.Workers;
import dgm.core.rng.Rng;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * The VAE at image size (784-D, decoder 8→256→256→2·784, batch 128) trains to the same parameters
 * and gives the same IWAE bound, bit for bit, with one, two and three threads: its products are
 * cut into tiles and its per-row log-likelihoods and log-weights are shared among the threads.
 */
class VaeThreadCountTest {

    private static double[][] run(String decoder, int threads) {
        double[][] out = new double[2][];
        Workers.withThreads(threads, () -> {
            int d = 784;
            VaeModel m = new VaeModel("vae", new VaeConfig(d, 8, 256, 2, "relu", decoder, 0, 0.01), new Rng(1));
            double[][] data = new Rng(2).gaussian(512, d);
            m.fitStandardisation(data);
            GradientTrainer t = VaeTrainer.trainer(m, data, null,
                    new VaeTrainer.Settings(VaeModel.Objective.ELBO, 1, 1.0, 0, 1e-3, 0.0),
                    TrainingOptions.iterations(4, 128, "constant", 100, Integer.MAX_VALUE), new Rng(3), new Rng(4));
            for (int s = 0; s < 4; s++) {
                t.step();
            }
            out[0] = m.params().values().clone();
            out[1] = m.lowerBound(java.util.Arrays.copyOf(data, 3), 200, new Rng(5));
        });
        return out;
    }

    @Test
    void trainingAndTheBoundDoNotDependOnTheThreadCount() {
        double[][] one = run("gaussian", 1);
        assertFalse(Double.isNaN(one[1][0]));
        for (int threads : new int[] {2, 3}) {
            double[][] many = run("gaussian", threads);
            assertArrayEquals(one[0], many[0], 0.0, "parameters after 4 steps, " + threads + " threads");
            assertArrayEquals(one[1], many[1], 0.0, "IWAE bound (k = 200), " + threads + " threads");
        }
    }
}
