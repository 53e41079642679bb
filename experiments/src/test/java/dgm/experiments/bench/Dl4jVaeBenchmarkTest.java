package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DL4J VAE benchmark trains: its score (the layer's negative ELBO per row, nats) falls, in both precisions. */
class Dl4jVaeBenchmarkTest {
    @Test
    void theLayersOwnFitLowersItsNegativeElbo() {
        for (String dtype : new String[] {"float", "double"}) {
            Dl4jVaeBenchmark b = new Dl4jVaeBenchmark();
            b.dtype = dtype;
            b.setUp();
            CpuTime cpu = new CpuTime();
            double first = 0;
            for (int i = 0; i < 14; i++) {
                first += b.step(cpu) / 14;        // the first epoch (14 batches of 128 of the 1797 digits)
            }
            double later = 0;
            for (int e = 0; e < 5; e++) {
                for (int i = 0; i < 14; i++) {
                    later = b.step(cpu);
                }
            }
            assertTrue(Double.isFinite(first) && Double.isFinite(later), dtype + ": " + first + " → " + later);
            assertTrue(later < 0.9 * first, dtype + ": the negative ELBO should fall over six epochs: " + first + " → " + later);
        }
    }
}
