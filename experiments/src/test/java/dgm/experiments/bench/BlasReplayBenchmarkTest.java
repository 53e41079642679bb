package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.nn.BlasTrace;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The replay baseline records what the step does: every family's step at batch 1024 makes BLAS
 * calls only over the batch's rows or a multiple of them (every layer native), and RealNVP's recorded multiply-adds are
 * exactly those of its conditioners' forward and backward passes, the list the hand-written
 * BLAS-only baseline ({@link GemmOnlyBenchmark}) builds from the conditioner shapes.
 */
class BlasReplayBenchmarkTest {
    private static List<BlasTrace.Call> trace(String model, int batch) {
        Runnable step = BlasReplayBenchmark.step(model, batch);
        step.run();
        step.run();
        return BlasTrace.record(step);
    }

    @Test
    void everyFamilysStepAtBatch1024IsRecordedAndReplays() {
        Assumptions.assumeTrue(dgm.core.nn.Engine.current().kind() == dgm.core.nn.Engine.Kind.BLAS, "this JVM runs -Ddgm.engine=java");
        for (String model : BlasReplayBenchmark.MODELS) {
            List<BlasTrace.Call> calls = trace(model, 1024);
            assertFalse(calls.isEmpty(), model);
            for (BlasTrace.Call c : calls) {
                // the f-GAN's critic takes data and generated points in one pass: 2 × 1024 rows
                boolean overRows = c.routine() == BlasTrace.Routine.GEMM ? c.m() % 1024 == 0 || c.k() % 1024 == 0
                        : c.m() % 1024 == 0;
                assertTrue(overRows, model + ": a call not over the batch's rows: " + c);
            }
            try (BlasTrace.Replay r = new BlasTrace.Replay(calls, 1)) {
                r.run();
                assertTrue(r.bufferCount() >= 4, model + " used " + r.bufferCount() + " buffers");
            }
        }
    }

    @Test
    void realNvpsRecordedWorkIsItsConditionersForwardAndBackward() {
        Assumptions.assumeTrue(dgm.core.nn.Engine.current().kind() == dgm.core.nn.Engine.Kind.BLAS, "this JVM runs -Ddgm.engine=java");
        int n = 1024;
        long expected = 0;
        for (int[] s : BenchData.conditionerSizes(BenchData.flow("realnvp", 2, 64, 1), "realnvp")) {
            for (int l = 0; l + 1 < s.length; l++) {
                // forward, weight gradient, input gradient (n·k·m each) and the bias's column sum (n·m)
                expected += 3L * n * s[l] * s[l + 1] + (long) n * s[l + 1];
            }
        }
        assertEquals(expected, trace("realnvp", n).stream().mapToLong(BlasTrace.Call::flops).sum());
    }

    @Test
    void unknownModelsAreNamedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlasReplayBenchmark.step("vea", 1024));
        assertTrue(e.getMessage().contains("vea") && e.getMessage().contains("realnvp, maf, nsf, glow, vae, fgan"),
                e.getMessage());
    }
}
