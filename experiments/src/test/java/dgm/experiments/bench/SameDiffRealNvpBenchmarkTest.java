package dgm.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff RealNVP of the benchmark computes the flow's NLL (checked where it is known: at zero
 * output weights every coupling is the identity, so the NLL is the standard normal's) and its fit trains.
 */
class SameDiffRealNvpBenchmarkTest {
    @Test
    void atZeroConditionerOutputsTheFlowIsTheIdentityAndItsNllTheBases() {
        var sd = SameDiffRealNvpBenchmark.graph(DataType.DOUBLE);
        for (var v : sd.variables()) {
            if (v.getVarName().startsWith("w") && v.getVarName().endsWith("_out")) {
                v.getArr().assign(0);
            }
        }
        var x = Nd4j.create(new double[][] {{0.3, -1.2}, {2.0, 0.5}});
        double expected = 0;
        for (double[] r : new double[][] {{0.3, -1.2}, {2.0, 0.5}}) {
            expected += (0.5 * (r[0] * r[0] + r[1] * r[1]) + Math.log(2 * Math.PI)) / 2;
        }
        // biases start at zero, so r = t = 0 and s = 0: y = x, log|det J| = 0
        assertEquals(expected, sd.output(java.util.Map.of("x", x), "nll").get("nll").getDouble(0), 1e-12);
    }

    /** ~15 s: SameDiff's step takes tens of milliseconds here. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void samediffsFitLowersTheNll() {
        for (String dtype : new String[] {"float"}) {
            SameDiffRealNvpBenchmark b = new SameDiffRealNvpBenchmark();
            b.dtype = dtype;
            b.setUp();
            CpuTime cpu = new CpuTime();
            // the training batches are standard normal: the NLL of fresh standard normal points approaches
            // the base's entropy, log(2πe) = 2.838 nats
            var fresh = Nd4j.randn("float".equals(dtype) ? DataType.FLOAT : DataType.DOUBLE, 4096, 2);
            double before = b.nll(fresh);
            for (int i = 0; i < 100; i++) {
                b.step(cpu);
            }
            double after = b.nll(fresh);
            double entropy = Math.log(2 * Math.PI * Math.E);
            assertTrue(Double.isFinite(before) && Double.isFinite(after), dtype);
            assertTrue(Math.abs(after - entropy) < Math.abs(before - entropy) && after < before && Math.abs(after - entropy) < 0.03,
                    dtype + ": NLL " + before + " → " + after + " (entropy " + entropy + ")");
        }
    }
}
