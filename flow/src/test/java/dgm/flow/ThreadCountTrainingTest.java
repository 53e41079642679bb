package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.Params;
import dgm.core.nn.Workers;
import dgm.core.rng.Rng;
import dgm.core.train.GradientTrainer;
import dgm.core.train.TrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training gives the same parameters, bit for bit, whatever the number of threads: MAF and RealNVP
 * with ActNorm at 128 dimensions and batch 256, conditioners 256 wide, where the matrix products
 * are cut into tiles and the elementwise passes are shared among the threads. Eight Adam steps each
 * with one, two and three threads.
 */
class ThreadCountTrainingTest {

    private static final int D = 128;

    /** The flow trained here: 3 layers, conditioners 256 wide, ActNorm, at 128-D, seeded initial parameters. */
    private static FlowModel flow(String id) {
        var specs = new FlowFamily().models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().params();
        Map<String, String> config = Params.resolve(id, specs, Map.of("layers", "3", "hidden", "256", "actnorm", "true")).asMap();
        return Architectures.build(id, config, D, new Rng(1)).model();
    }

    private static double[] train(String id, int threads) {
        double[][] out = new double[1][];
        Workers.withThreads(threads, () -> {
            FlowModel flow = flow(id);
            double[][] data = new Rng(2).gaussian(1024, D);
            GradientTrainer t = FlowTrainer.trainer(flow, data, null,
                    TrainingOptions.iterations(8, 256, "constant", 10, Integer.MAX_VALUE), 1e-3, 0.0, new Rng(3), null);
            for (int s = 0; s < 8; s++) {
                t.step();
            }
            out[0] = flow.params().values().clone();
        });
        return out[0];
    }

    @Test
    void parametersAfterTrainingDoNotDependOnTheThreadCount() {
        for (String id : new String[] {"maf", "realnvp"}) {
            double[] one = train(id, 1);
            double[] initial = flow(id).params().values();
            assertTrue(!java.util.Arrays.equals(initial, one), id + ": training moved the parameters");
            for (int threads : new int[] {2, 3}) {
                assertArrayEquals(one, train(id, threads), 0.0, id + " with " + threads + " threads");
            }
        }
    }
}
