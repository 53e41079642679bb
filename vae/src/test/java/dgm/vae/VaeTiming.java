package dgm.vae;

import dgm.core.contracts.MonteCarlo;
import dgm.core.data.DigitsDataset;
import dgm.core.nn.Adam;
import dgm.core.rng.Rng;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times one VAE training step in the reference configuration of docs/performance.md (encoder 64→256→256→16, decoder
 * 8→256→256→64 Bernoulli logits, ReLU, batch 128, Adam; PyTorch: 6.6 ms) on the digits scaled to
 * [0, 1], the same with the discretised-logistic decoder (64→128 outputs), and the IWAE bound with
 * k = 1000 on 359 digits. Prints; asserts nothing. {@code mvn -Pslow test -pl vae -Dtest=VaeTiming}.
 */
@Tag("slow")
class VaeTiming {

    @Test
    void trainingStepAndIwaeBound() {
        double[][] raw = DigitsDataset.rawImages();
        double[][] unit = new double[raw.length][64];
        double[][] deq = new double[raw.length][64];
        Rng u = new Rng(1);
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < 64; j++) {
                unit[i][j] = raw[i][j] / 16.0;
                deq[i][j] = raw[i][j] + u.uniform();
            }
        }
        for (String decoder : new String[] {"bernoulli", "dlogistic"}) {
            double[][] data = decoder.equals("bernoulli") ? unit : deq;
            VaeModel m = new VaeModel("vae", new VaeConfig(64, 8, 256, 2, "relu", decoder, 17, 0.01), new Rng(2));
            m.fitStandardisation(data);
            int b = 128;
            double[] x = new double[b * 64];
            double[] eps = new double[b * 8];
            Adam adam = new Adam();
            Rng rng = new Rng(3);
            var mx = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 2; round++) {
                int steps = 200;
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                double loss = 0;
                for (int s = 0; s < steps; s++) {
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(data[rng.nextInt(data.length)], 0, x, i * 64, 64);
                    }
                    for (int q = 0; q < eps.length; q++) {
                        eps[q] = rng.gaussian();
                    }
                    m.params().zeroGrad();
                    loss = m.objective(x, b, 1, eps, VaeModel.Objective.ELBO, 1.0, true);
                    m.params().clipGradNorm(100);
                    adam.step(m.params(), 1e-3);
                }
                System.out.printf("vae %s 64-256-256-16 / 8-256-256-%d batch 128: %.3f ms/step wall, %.3f ms/step "
                                + "thread CPU (loss %.2f), OMP_NUM_THREADS=%s, load %.2f%n", decoder,
                        64 * m.likelihood().outputsPerDimension(), (System.nanoTime() - t0) / 1e6 / steps,
                        (mx.getCurrentThreadCpuTime() - c0) / 1e6 / steps, loss, System.getenv("OMP_NUM_THREADS"),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            double[][] test = new double[359][];
            for (int i = 0; i < 359; i++) {
                test[i] = data[5 * i + 4];
            }
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            double[] lb = m.lowerBound(test, 1000, new Rng(4));
            System.out.printf("vae %s IWAE k=1000 on 359 digits: %.2f s wall, %.2f s thread CPU (mean bound %.2f)%n",
                    decoder, (System.nanoTime() - t0) / 1e9, (mx.getCurrentThreadCpuTime() - c0) / 1e9,
                    MonteCarlo.mean(lb));
        }
    }
}
