package dgm.experiments.bench;

import dgm.core.nn.Gemm;
import dgm.core.run.ThreadSettings;
import dgm.flow.FlowModel;
import dgm.flow.bijector.Bijector;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.Coupling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;
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
 * The matrix products of one coupling-flow training step and nothing else: the baseline for
 * "within 10% of the time the BLAS calls alone need" (issue 7). For each coupling's conditioner
 * d_A → h → h → 2·d_B, in the order {@link FlowStepBenchmark#step} runs them: the forward products
 * y = x·W of every layer, then backwards per layer dW += xᵀ·dy and dx = dy·Wᵀ (the step computes
 * the input gradient of the first layer too: it is needed for the coupling's dL/dx_A). Same shapes,
 * same count; no activations, biases, transformer, log-determinants, clipping or Adam.
 *
 * <p>{@code engine}: {@code blas} (default) calls OpenBLAS's {@code cblas_dgemm} directly (the
 * cheapest way to reach it from Java, ~5 µs a call) on row-major native buffers allocated in the
 * set-up, every product however small, with no copying: the time BLAS alone needs. {@code dgm}
 * calls {@link Gemm}, i.e. what the step's layers call (Java kernels below the native threshold,
 * BLAS with copy-in/copy-out above it).
 * Row {@code realnvp_step_gemm_only/batch=B}; summary.md divides {@code realnvp_step/batch=B} by it.
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

    /** blas (cblas_dgemm on native buffers) or dgm (dgm.core.nn.Gemm on Java arrays) */
    @Param({"blas"})
    public String engine;

    /** One product: kind 0 y=x·W [n×k]·[k×m], 1 dW+=xᵀ·dy, 2 dx=dy·Wᵀ; x, w, y row-major (dy in y's place). */
    private record Op(int kind, int n, int k, int m, DoublePointer x, DoublePointer w, DoublePointer y, double[] ja,
                      double[] jb, double[] jc) {
    }

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
        ops = list.toArray(Op[]::new);
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
        if (engine.equals("dgm")) {
            double[] x = random(n * Math.max(k, m));
            double[] w = random(k * m);
            double[] y = random(n * Math.max(k, m));
            return new Op(kind, n, k, m, null, null, null, x, w, y);
        }
        if (!engine.equals("blas")) {
            throw new IllegalArgumentException("engine must be blas or dgm, got " + engine);
        }
        return new Op(kind, n, k, m, pointer(random(n * k)), pointer(random(k * m)), pointer(random(n * m)), null, null, null);
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
        if (engine.equals("dgm")) {
            for (Op o : ops) {
                switch (o.kind) {
                    case 0 -> Gemm.mul(o.ja, o.jb, 0, o.jc, o.n, o.k, o.m);
                    case 1 -> Gemm.accumulateTransposedA(o.ja, o.jc, o.jb, 0, o.n, o.k, o.m);
                    default -> Gemm.mulTransposedB(o.jc, o.jb, 0, o.ja, o.n, o.k, o.m);
                }
            }
            return ops[ops.length - 1].ja;
        }
        final int rowMajor = openblas_nolapack.CblasRowMajor;
        final int no = openblas_nolapack.CblasNoTrans;
        final int t = openblas_nolapack.CblasTrans;
        for (Op o : ops) {
            switch (o.kind) {
                // the same calls as dgm.core.nn.NativeGemm
                case 0 -> openblas_nolapack.cblas_dgemm(rowMajor, no, no, o.n, o.m, o.k, 1.0, o.x, o.k, o.w, o.m, 0.0, o.y, o.m);
                case 1 -> openblas_nolapack.cblas_dgemm(rowMajor, t, no, o.k, o.m, o.n, 1.0, o.x, o.k, o.y, o.m, 1.0, o.w, o.m);
                default -> openblas_nolapack.cblas_dgemm(rowMajor, no, t, o.n, o.k, o.m, 1.0, o.y, o.m, o.w, o.m, 0.0, o.x, o.k);
            }
        }
        return ops[ops.length - 1].y;
    }
}
