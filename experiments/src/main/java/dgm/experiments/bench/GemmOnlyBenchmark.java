package dgm.experiments.bench;

import dgm.core.nn.BlasLayer;
import dgm.core.run.ThreadSettings;
import dgm.flow.FlowModel;
import dgm.flow.bijector.Bijector;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.Coupling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
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
 * The BLAS calls of one coupling-flow training step and nothing else: the baseline for "within 10%
 * of the time the BLAS calls alone need" (issue 7). For each coupling's conditioner
 * d_A → h → h → 2·d_B, in the order {@link FlowStepBenchmark#step} runs them: every layer's forward
 * ({@link BlasLayer#affine}), then backwards per layer its parameter gradients
 * ({@link BlasLayer#parameterGradients}: xᵀ·dy and the bias's column sum) and its input gradient
 * ({@link BlasLayer#inputGradient}; the step computes it for the first layer too: the coupling
 * needs dL/dx_A). The same methods the layers call, so the same routines (GEMM, GEMV or GER) with
 * the same shapes and count, on row-major native buffers allocated in the set-up and shared by all
 * layers as the layers' own per-thread buffers are (so the operands are as warm in cache as right
 * after the layers copy them in): no copying, no activations, transformer, log-determinants,
 * clipping or Adam.
 *
 * <p>Layers small enough for the Java kernels ({@code dgm.nn.nativeGemmMin}) are called through
 * BLAS here too, so at small batches this baseline is not what the step does; it is meant for
 * batch ≥ 1024, where every layer is native. Row {@code realnvp_step_gemm_only/batch=B}; summary.md
 * divides {@code realnvp_step/batch=B} by it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmOnlyBenchmark {
    @Param({"realnvp"})
    public String model;

    @Param({"256"})
    public int batch;

    @Param({"64"})
    public int hidden;

    @Param({"2"})
    public int dim;

    /** blas: {@link BlasLayer}'s calls on native buffers (the only engine; kept as a row-name field) */
    @Param({"blas"})
    public String engine;

    /**
     * One layer's calls: kind 0 forward, 1 parameter gradients, 2 input gradient; x [n×k], w and dw
     * [k×m], y (or dy) [n×m], db [m], dx [n×k].
     */
    private record Op(int kind, int n, int k, int m, DoublePointer x, DoublePointer w, DoublePointer y,
                      DoublePointer dw, DoublePointer db, DoublePointer dx) {
    }

    private DoublePointer ones;
    private Op[] ops;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.configureDefault();
        FlowModel flow = BenchData.flow(model, dim, hidden, 1);
        List<int[]> nets = new ArrayList<>();
        collect(flow.flow(), nets);
        if (nets.isEmpty()) {
            throw new IllegalArgumentException(model + " has no coupling conditioners to take the shapes from");
        }
        List<Op> list = new ArrayList<>();
        for (int[] s : nets) {
            for (int l = 0; l + 1 < s.length; l++) {
                list.add(op(0, batch, s[l], s[l + 1]));
            }
        }
        for (int q = nets.size() - 1; q >= 0; q--) {
            int[] s = nets.get(q);
            for (int l = s.length - 2; l >= 0; l--) {
                list.add(op(1, batch, s[l], s[l + 1]));
                list.add(op(2, batch, s[l], s[l + 1]));
            }
        }
        // one buffer per operand role, shared by all layers, as NativeGemm's per-thread slots are
        long nk = 1;
        long nm = 1;
        long km = 1;
        long mMax = 1;
        for (Op o : list) {
            nk = Math.max(nk, (long) o.n * o.k);
            nm = Math.max(nm, (long) o.n * o.m);
            km = Math.max(km, (long) o.k * o.m);
            mMax = Math.max(mMax, o.m);
        }
        DoublePointer x = pointer(random((int) nk));
        DoublePointer w = pointer(random((int) km));
        DoublePointer y = pointer(random((int) nm));
        DoublePointer dy = pointer(random((int) nm));
        DoublePointer dw = pointer(random((int) km));
        DoublePointer db = pointer(random((int) mMax));
        DoublePointer dx = pointer(random((int) nk));
        ops = list.stream().map(o -> new Op(o.kind, o.n, o.k, o.m, x, w, o.kind == 0 ? y : dy, dw, db, dx))
                .toArray(Op[]::new);
        ones = BlasLayer.ones(batch);
    }

    private static void collect(Bijector b, List<int[]> out) {
        if (b instanceof Composite c) {
            for (Bijector s : c.stages()) {
                collect(s, out);
            }
        } else if (b instanceof Coupling c) {
            out.add(c.conditioner().sizes());
        }
    }

    private Op op(int kind, int n, int k, int m) {
        if (!engine.equals("blas")) {
            throw new IllegalArgumentException("engine must be blas, got " + engine);
        }
        return new Op(kind, n, k, m, null, null, null, null, null, null);
    }

    private static DoublePointer pointer(double[] values) {
        DoublePointer p = new DoublePointer(values.length);
        p.put(values, 0, values.length);
        return p;
    }

    private static double[] random(int len) {
        java.util.Random r = new java.util.Random(len);
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    @Benchmark
    public Object step(CpuTime cpu) {
        cpu.calls++;
        for (Op o : ops) {
            switch (o.kind) {
                case 0 -> BlasLayer.affine(o.x, o.w, o.y, o.n, o.k, o.m);
                case 1 -> BlasLayer.parameterGradients(o.x, o.y, ones, o.dw, o.db, o.n, o.k, o.m);
                default -> BlasLayer.inputGradient(o.y, o.w, o.dx, o.n, o.k, o.m);
            }
        }
        return ops[ops.length - 1].dx;
    }
}
