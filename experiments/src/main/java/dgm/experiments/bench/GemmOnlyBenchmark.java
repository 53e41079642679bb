package dgm.experiments.bench;

import dgm.core.nn.BlasLayer;
import dgm.core.run.ThreadSettings;
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
 * of the time the BLAS calls alone need" (docs/performance.md, targets). For each coupling's conditioner
 * d_A → h → h → 2·d_B, in the order {@link FlowStepBenchmark#step} runs them: every layer's forward
 * ({@link BlasLayer#affine}), then backwards per layer its parameter gradients
 * ({@link BlasLayer#parameterGradients}: xᵀ·dy and the bias's column sum) and its input gradient
 * ({@link BlasLayer#inputGradient}; the step computes it for the first layer too: the coupling
 * needs dL/dx_A). The same methods the layers call, so the same routines (GEMM, GEMV or GER) with
 * the same shapes and count, on row-major native buffers allocated in the set-up: no copying, no
 * activations, transformer, log-determinants, clipping or Adam. Two buffer layouts ({@link #engine}):
 * one buffer per operand role shared by all layers (engine {@code blas}, the floor: the operands
 * as warm in cache as they can be), and one activation and gradient buffer per layer and coupling
 * (engine {@code blas-per-layer}, row {@code …/engine=blas-per-layer}: the memory a step must touch,
 * since the backward pass needs every coupling's activations).
 *
 * <p>Layers small enough for the Java kernels ({@code dgm.nn.nativeGemmMin}) are called through
 * BLAS here too, so at small batches this baseline is not what the step does; it is meant for
 * batch ≥ 1024, where every layer is native. Row {@code realnvp_step_gemm_only/batch=B}; summary.md
 * divides {@code realnvp_step/batch=B} by both layouts' times.
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

    /**
     * Which buffers the calls run on: {@code blas}, one buffer per operand role shared by all layers
     * (the operands as warm in cache as they can be: a floor); {@code blas-per-layer}, each
     * coupling's layers on their own activation and gradient buffers, as the MLP's resident path
     * keeps them between the forward and the backward pass (the memory a real step touches).
     * Weights and weight gradients share one buffer per role in both, as the layers' are.
     */
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
        List<int[]> nets = BenchData.conditionerSizes(BenchData.flow(model, dim, hidden, 1), model);
        boolean perLayer = switch (engine) {
            case "blas" -> false;
            case "blas-per-layer" -> true;
            default -> throw new IllegalArgumentException("engine must be blas or blas-per-layer, got " + engine);
        };
        // weights and their gradients: one buffer per role, as NativeGemm's per-thread slots are
        long km = 1;
        long mMax = 1;
        long nk = 1;
        for (int[] s : nets) {
            for (int l = 0; l + 1 < s.length; l++) {
                km = Math.max(km, (long) s[l] * s[l + 1]);
                mMax = Math.max(mMax, s[l + 1]);
                nk = Math.max(nk, (long) batch * Math.max(s[l], s[l + 1]));
            }
        }
        DoublePointer w = pointer(random((int) km));
        DoublePointer dw = pointer(random((int) km));
        DoublePointer db = pointer(random((int) mMax));
        // activations and their gradients: shared by all layers (blas), or one per layer and
        // coupling (blas-per-layer), as the MLP's resident path holds them for the backward pass
        DoublePointer[][] acts = new DoublePointer[nets.size()][];
        DoublePointer[][] grads = new DoublePointer[nets.size()][];
        DoublePointer sharedX = perLayer ? null : pointer(random((int) nk));
        DoublePointer sharedY = perLayer ? null : pointer(random((int) nk));
        DoublePointer sharedDy = perLayer ? null : pointer(random((int) nk));
        DoublePointer sharedDx = perLayer ? null : pointer(random((int) nk));
        for (int q = 0; q < nets.size(); q++) {
            int[] s = nets.get(q);
            acts[q] = new DoublePointer[s.length];
            grads[q] = new DoublePointer[s.length];
            for (int l = 0; l < s.length; l++) {
                acts[q][l] = perLayer ? pointer(random(batch * s[l])) : l == 0 ? sharedX : sharedY;
                grads[q][l] = perLayer ? pointer(random(batch * s[l])) : l == 0 ? sharedDx : sharedDy;
            }
        }
        List<Op> list = new ArrayList<>();
        for (int q = 0; q < nets.size(); q++) {
            int[] s = nets.get(q);
            for (int l = 0; l + 1 < s.length; l++) {
                DoublePointer x = perLayer ? acts[q][l] : sharedX;
                list.add(new Op(0, batch, s[l], s[l + 1], x, w, acts[q][l + 1], dw, db, null));
            }
        }
        for (int q = nets.size() - 1; q >= 0; q--) {
            int[] s = nets.get(q);
            for (int l = s.length - 2; l >= 0; l--) {
                DoublePointer x = perLayer ? acts[q][l] : sharedX;
                DoublePointer dx = perLayer ? grads[q][l] : sharedDx;
                list.add(new Op(1, batch, s[l], s[l + 1], x, w, grads[q][l + 1], dw, db, dx));
                list.add(new Op(2, batch, s[l], s[l + 1], x, w, grads[q][l + 1], dw, db, dx));
            }
        }
        ops = list.toArray(Op[]::new);
        ones = BlasLayer.ones(batch);
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
