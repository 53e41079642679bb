package dgm.experiments.bench;

import dgm.core.nn.Activation;
import dgm.core.run.ThreadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The elementwise passes a coupling-flow step cannot avoid when its layers are separate BLAS
 * calls, and nothing else: for every layer of every coupling's conditioner, the bias written into
 * the output (the product then accumulates onto it), and for every hidden layer the ReLU forward
 * (one read and one write of the activation) and its derivative in the backward pass (the gradient
 * times 1[output &gt; 0]: two reads, one write). On Java arrays, one per layer and coupling (the
 * memory a step touches), with {@link Activation}'s own vectorised loops; no copies to native
 * memory, no transformer, log-determinants or Adam.
 *
 * <p>Row {@code realnvp_step_elementwise_floor/batch=B}. Any implementation that runs the layers
 * as library GEMMs with the elementwise work in separate passes (ours; PyTorch's eager CPU
 * autograd too) needs at least the BLAS time plus this; summary.md prints that sum over the BLAS
 * time, a lower bound on the step's overhead ratio short of fusing the elementwise work into the
 * matrix-product kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseFloorBenchmark {
    @Param({"realnvp"})
    public String model;

    @Param({"1024"})
    public int batch;

    @Param({"64"})
    public int hidden;

    @Param({"2"})
    public int dim;

    /** Per layer: output width m, whether hidden (ReLU), its output, output gradient and bias. */
    private int[] widths;
    private boolean[] isHidden;
    private double[][] outs;
    private double[][] grads;
    private double[][] biases;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        List<int[]> nets = BenchData.conditionerSizes(BenchData.flow(model, dim, hidden, 1), model);
        List<Integer> w = new ArrayList<>();
        List<Boolean> h = new ArrayList<>();
        for (int[] s : nets) {
            for (int l = 0; l + 1 < s.length; l++) {
                w.add(s[l + 1]);
                h.add(l + 2 < s.length);
            }
        }
        int layers = w.size();
        widths = new int[layers];
        isHidden = new boolean[layers];
        outs = new double[layers][];
        grads = new double[layers][];
        biases = new double[layers][];
        java.util.Random r = new java.util.Random(5);
        for (int l = 0; l < layers; l++) {
            widths[l] = w.get(l);
            isHidden[l] = h.get(l);
            outs[l] = new double[batch * widths[l]];
            grads[l] = new double[batch * widths[l]];
            biases[l] = new double[widths[l]];
            for (int q = 0; q < biases[l].length; q++) {
                biases[l][q] = r.nextGaussian();
            }
            for (int q = 0; q < grads[l].length; q++) {
                grads[l][q] = r.nextGaussian();
            }
        }
    }

    @Benchmark
    public Object step(CpuTime cpu) {
        cpu.calls++;
        for (int l = 0; l < widths.length; l++) {
            int m = widths[l];
            double[] y = outs[l];
            // the bias into every row: the first row, then doubling copies (as the layers fill it)
            System.arraycopy(biases[l], 0, y, 0, m);
            for (int rows = 1; rows < batch; rows *= 2) {
                System.arraycopy(y, 0, y, rows * m, Math.min(rows, batch - rows) * m);
            }
            if (isHidden[l]) {
                Activation.RELU.apply(y, batch * m);
            }
        }
        for (int l = widths.length - 1; l >= 0; l--) {
            if (isHidden[l]) {
                Activation.RELU.backward(outs[l], grads[l], batch * widths[l]);
            }
        }
        return grads[0];
    }
}
