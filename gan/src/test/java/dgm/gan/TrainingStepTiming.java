package dgm.gan;

import dgm.core.nn.Activation;
import dgm.core.rng.Rng;
import dgm.core.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times one f-GAN (KL) training step in the reference configuration of docs/performance.md: generator 2→128→128→2,
 * critic 2→128→128→1 (ReLU), batch 256, Adam, one critic and one generator update (alternating,
 * k = 1), and the paper's single-step update. Prints; asserts nothing. Run with
 * {@code OMP_NUM_THREADS=1 mvn -Pslow test -pl gan -Dtest=TrainingStepTiming}.
 */
@Tag("slow")
class TrainingStepTiming {

    @Test
    void klStep() {
        Rng rng = new Rng(1);
        double[][] data = new double[10_000][2];
        for (double[] r : data) {
            double a = 2 * Math.PI * rng.nextInt(8) / 8;
            r[0] = 2 * Math.cos(a) + 0.2 * rng.gaussian();
            r[1] = 2 * Math.sin(a) + 0.2 * rng.gaussian();
        }
        for (FGanTrainer.Method method : FGanTrainer.Method.values()) {
            MlpGenerator g = new MlpGenerator(2, 2, 128, 2, Activation.RELU);
            Critic c = new Critic(2, 128, 2, Activation.RELU);
            g.initialize(rng);
            c.initialize(rng);
            FGan gan = new FGan(Divergence.KL, g, c);
            for (int round = 0; round < 2; round++) {
                int steps = 1000;
                FGanTrainer.Options o = new FGanTrainer.Options(method, GeneratorLoss.ALTERNATIVE, steps, 256, 1, 2e-4, 2e-4,
                        0.5, "constant", 10.0, steps, 2, 1e9);
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                dgm.core.train.GradientTrainer.Outcome out = FGanTrainer.fit(gan, BatchSource.rows(data, new Rng(round)), BatchSource.rows(data, new Rng(9)),
                        o, new Rng(round + 100), new Rng(7), TrainingListener.NONE);
                double msStep = (System.nanoTime() - t0) / 1e6 / steps;
                double cpuStep = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
                System.out.printf(java.util.Locale.ROOT,
                        "RESULT fgan-kl %s step (G 2-128-128-2, C 2-128-128-1, batch 256): %.3f ms wall, %.3f ms thread CPU; "
                                + "engine %s; %s; load average %.2f%n", method.id(), msStep, cpuStep,
                        dgm.core.nn.Engine.current(), out.status().label(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }
}
