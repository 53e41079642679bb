package dgm.experiments.bench;

import dgm.core.run.ThreadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a JVM user would write instead of the workbench's RealNVP (row {@code samediff_realnvp_step},
 * beside {@code realnvp_step}): the same flow as a SameDiff graph, trained by SameDiff's own
 * {@code fit}. The model of {@code realnvp_step} and of {@code experiments/reference/pytorch_steps.py}:
 * d = 2, four affine couplings alternating the conditioned coordinate, conditioners 1→64→64→2 (ReLU),
 * log-scale s = c·tanh(r / c) with c = 2, standard normal base; loss the mean negative
 * log-likelihood of a batch of 256; Adam (1e-3). SameDiff's training config has no gradient-norm
 * clipping (the workbench and the PyTorch mirror clip at 10; it does not bind on these data).
 * Batches: 16 fixed standard normal batches taken in turn. {@code dtype}: float32 (DL4J's default)
 * or float64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SameDiffRealNvpBenchmark {
    @Param({"float", "double"})
    public String dtype;

    static final int BATCH = 256;
    static final int LAYERS = 4;
    static final int HIDDEN = 64;
    static final double BOUND = 2.0;

    private SameDiff sd;
    private final List<DataSet> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        DataType type = "float".equals(dtype) ? DataType.FLOAT : DataType.DOUBLE;
        Nd4j.getRandom().setSeed(2);
        sd = graph(type);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-3)).dataSetFeatureMapping("x").markLabelsUnused().build());
        for (int i = 0; i < 16; i++) {
            batches.add(new DataSet(Nd4j.randn(type, BATCH, 2), null));
        }
    }

    /** The flow's graph: placeholder {@code x} (n × 2), the loss {@code nll} (mean negative log-likelihood, nats). */
    static SameDiff graph(DataType type) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, 2);
        SDVariable logDet = null;
        for (int k = 0; k < LAYERS; k++) {
            SDVariable first = x.get(SDIndex.all(), SDIndex.interval(0, 1));
            SDVariable second = x.get(SDIndex.all(), SDIndex.interval(1, 2));
            SDVariable a = k % 2 == 0 ? first : second;
            SDVariable b = k % 2 == 0 ? second : first;
            SDVariable h = a;
            int in = 1;
            for (int l = 0; l < 2; l++) {
                SDVariable w = sd.var("w" + k + "_" + l, new XavierInitScheme('c', in, HIDDEN), type, in, HIDDEN);
                SDVariable bias = sd.var("b" + k + "_" + l, type, 1, HIDDEN);
                h = sd.nn().relu(h.mmul(w).add(bias), 0);
                in = HIDDEN;
            }
            SDVariable w = sd.var("w" + k + "_out", new XavierInitScheme('c', HIDDEN, 2), type, HIDDEN, 2);
            SDVariable bias = sd.var("b" + k + "_out", type, 1, 2);
            SDVariable out = h.mmul(w).add(bias);
            SDVariable r = out.get(SDIndex.all(), SDIndex.interval(0, 1));
            SDVariable t = out.get(SDIndex.all(), SDIndex.interval(1, 2));
            SDVariable s = sd.math().tanh(r.div(BOUND)).mul(BOUND);
            SDVariable moved = b.mul(sd.math().exp(s)).add(t);
            x = k % 2 == 0 ? sd.concat(1, a, moved) : sd.concat(1, moved, a);
            logDet = logDet == null ? s : logDet.add(s);
        }
        SDVariable logBase = x.mul(x).sum(true, 1).mul(-0.5).sub(Math.log(2 * Math.PI));
        SDVariable nll = logBase.add(logDet).mean().neg();
        nll.rename("nll");
        sd.setLossVariables(nll);
        return sd;
    }

    /** One SameDiff training iteration on the next batch; returns the batch's index (JMH sinks it). */
    @Benchmark
    public int step(CpuTime cpu) {
        cpu.calls++;
        DataSet b = batches.get(next);
        next = (next + 1) % batches.size();
        sd.fit(b);
        return next;
    }

    /** The loss (mean NLL, nats) of {@code x} at the current parameters, without training. */
    double nll(INDArray x) {
        return sd.output(java.util.Map.of("x", x), "nll").get("nll").getDouble(0);
    }
}
