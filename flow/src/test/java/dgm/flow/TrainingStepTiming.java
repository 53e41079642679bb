package dgm.flow;

import dgm.core.nn.Adam;
import dgm.core.rng.Rng;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times one RealNVP training step in the reference configuration of docs/performance.md (4 affine couplings, conditioner
 * 1→64→64→2 ReLU, tanh-bounded scale, batch 256, Adam) and the log-density of 10,000 points.
 * Prints; asserts nothing. Run with {@code mvn -Pslow test -pl flow -Dtest=TrainingStepTiming}.
 */
@Tag("slow")
class TrainingStepTiming {

    @Test
    void realNvpStep() {
        FlowModel m = Architectures.build("realnvp", FlowModelTest.config("realnvp", Map.of("layers", "4",
                "hidden", "64", "depth", "2", "actnorm", "false", "standardize", "false")), 2, new Rng(1)).model();
        double[][] data = TestData.moons(10_000, new Rng(2));
        FlowFamily.initializeFromData(m, data, new Rng(3));
        int b = 256;
        double[] x = new double[b * 2];
        Adam adam = new Adam();
        Rng rng = new Rng(4);
        for (int round = 0; round < 4; round++) {
            int steps = 1000;
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            double loss = 0;
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < b; i++) {
                    double[] r = data[rng.nextInt(data.length)];
                    x[2 * i] = r[0];
                    x[2 * i + 1] = r[1];
                }
                m.params().zeroGrad();
                loss = m.meanNllAndGradient(x, b);
                m.params().clipGradNorm(10);
                adam.step(m.params(), 1e-3);
            }
            double msStep = (System.nanoTime() - t0) / 1e6 / steps;
            // thread CPU time: less distorted than wall time when other processes share the cores
            double cpuStep = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
            long t1 = System.nanoTime();
            m.logProb(data);
            double msEval = (System.nanoTime() - t1) / 1e6;
            System.out.printf("realnvp 4x(1-64-64-2) batch 256: %.3f ms/step wall, %.3f ms/step thread CPU (loss %.3f); "
                    + "logProb of 10,000 points: %.2f ms wall; load average %.2f%n", msStep, cpuStep, loss, msEval,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
