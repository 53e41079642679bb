package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;

/**
 * The BLAS trace records each call with the arguments it was made with, and a replay makes the same
 * calls: checked by replaying on copies of the recorded operands against the products computed
 * naively, and by the calls and multiply-adds an MLP's training pass must make.
 */
class BlasTraceTest {
    private static DoublePointer filled(double[] v) {
        DoublePointer p = new DoublePointer(v.length);
        p.put(v, 0, v.length);
        return p;
    }

    private static double[] random(int len, long seed) {
        Rng r = new Rng(seed);
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = r.gaussian();
        }
        return a;
    }

    private static double[] read(DoublePointer p, long offset, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = p.get(offset + i);
        }
        return v;
    }

    /**
     * GEMM with both transposes, leading dimensions wider than the rows and operands at offsets
     * into their buffers; GEMV both ways with strides; GER. Each replayed on copies of its operands
     * (the output zeroed again) must give the naive product, so the recorded arguments are the ones
     * the call was made with.
     */
    @Test
    void replayOnCopiedOperandsReproducesEachRoutine() {
        int m = 5;
        int n = 4;
        int k = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int lda = (ta ? m : k) + 2;
                int ldb = (tb ? k : n) + 1;
                int ldc = n + 3;
                double[] a = random(7 + (ta ? k : m) * lda, 1);
                double[] b = random(2 + (tb ? n : k) * ldb, 2);
                DoublePointer pa = filled(a);
                DoublePointer pb = filled(b);
                DoublePointer pc = new DoublePointer(4 + m * ldc);
                pc.fill(0);
                List<BlasTrace.Call> calls = BlasTrace.record(() -> BlasTrace.gemm(ta, tb, m, n, k, 1.5,
                        pa.position(7), lda, pb.position(2), ldb, 0.0, pc.position(4), ldc));
                pa.position(0);
                pb.position(0);
                pc.position(0);
                assertEquals(1, calls.size());
                double[] expected = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int q = 0; q < k; q++) {
                            double av = ta ? a[7 + q * lda + i] : a[7 + i * lda + q];
                            double bv = tb ? b[2 + j * ldb + q] : b[2 + q * ldb + j];
                            s += av * bv;
                        }
                        expected[i * n + j] = 1.5 * s;
                    }
                }
                for (int i = 0; i < m; i++) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * n, i * n + n),
                            read(pc, 4 + (long) i * ldc, n), 1e-12, "recorded call, transA=" + ta + " transB=" + tb);
                }
                try (BlasTrace.Replay r = new BlasTrace.Replay(calls, 9)) {
                    assertEquals(3, r.bufferCount());
                    r.copyFromRecorded();
                    r.buffer(pc.address()).fill(0);
                    r.run();
                    for (int i = 0; i < m; i++) {
                        assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * n, i * n + n),
                                read(r.buffer(pc.address()), 4 + (long) i * ldc, n), 1e-12,
                                "replay, transA=" + ta + " transB=" + tb);
                    }
                }
            }
        }
        // GEMV, both ways, strided vectors; GER into an offset block
        double[] a = random(m * (n + 1), 3);
        double[] x = random(2 * Math.max(m, n), 4);
        DoublePointer pa = filled(a);
        DoublePointer px = filled(x);
        for (boolean trans : new boolean[] {false, true}) {
            int yLen = trans ? n : m;
            int xLen = trans ? m : n;
            DoublePointer py = new DoublePointer(3L * yLen);
            py.fill(0);
            List<BlasTrace.Call> calls = BlasTrace.record(() -> BlasTrace.gemv(trans, m, n, 2.0, pa, n + 1, px, 2, 0.0,
                    py, 3));
            double[] expected = new double[yLen];
            for (int i = 0; i < yLen; i++) {
                for (int q = 0; q < xLen; q++) {
                    expected[i] += 2.0 * (trans ? a[q * (n + 1) + i] : a[i * (n + 1) + q]) * x[2 * q];
                }
            }
            try (BlasTrace.Replay r = new BlasTrace.Replay(calls, 9)) {
                r.copyFromRecorded();
                r.buffer(py.address()).fill(0);
                r.run();
                for (int i = 0; i < yLen; i++) {
                    assertEquals(expected[i], py.get(3L * i), 1e-12, "recorded gemv, trans=" + trans);
                    assertEquals(expected[i], r.buffer(py.address()).get(3L * i), 1e-12, "replayed gemv, trans=" + trans);
                }
            }
        }
        DoublePointer pg = new DoublePointer(2 + (long) m * (n + 1));
        pg.fill(0);
        double[] y = random(n, 5);
        DoublePointer pyv = filled(y);
        List<BlasTrace.Call> calls = BlasTrace.record(() -> BlasTrace.ger(m, n, 0.5, px, 2, pyv, 1, pg.position(2), n + 1));
        pg.position(0);
        try (BlasTrace.Replay r = new BlasTrace.Replay(calls, 9)) {
            r.copyFromRecorded();
            r.buffer(pg.address()).fill(0);
            r.run();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(0.5 * x[2 * i] * y[j], r.buffer(pg.address()).get(2 + (long) i * (n + 1) + j), 1e-12);
                }
            }
        }
    }

    /**
     * A resident MLP's forward and full backward pass make, per layer k → m on n rows: the forward
     * product (GEMM, or one GEMV per output column for m ≤ 4), the weight gradient xᵀ·dy (GEMM), the
     * bias gradient (a GEMV with ones) and the input gradient dy·Wᵀ (GEMM); 3·n·k·m + n·m
     * multiply-adds in all (a GEMV per column counts n·k each). The replay runs them on as many
     * buffers as the pass used.
     */
    @Test
    void anMlpPassRecordsTheProductsItMustMake() {
        int[] sizes = {5, 64, 64, 3};
        int n = 600;
        ParamBuffer p = new ParamBuffer();
        Mlp mlp = new Mlp(Engine.blas(Engine.DEFAULT_NATIVE_MIN, true), p, "m", Activation.RELU, Activation.IDENTITY,
                sizes);
        mlp.initialize(new Rng(1), 1.0);
        assertTrue(mlp.resident(n));
        double[] x = random(n * sizes[0], 2);
        double[] c = random(n * sizes[3], 3);
        // a first pass sizes the per-thread weight and gradient buffers (a buffer that grows moves)
        mlp.forward(x, n);
        mlp.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
        List<BlasTrace.Call> calls = BlasTrace.record(() -> {
            mlp.forward(x, n);
            mlp.backward(c, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
        });
        long expected = 0;
        int gemms = 0;
        int gemvs = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int k = sizes[l];
            int m = sizes[l + 1];
            expected += 3L * n * k * m + (long) n * m;
            gemms += (m <= BlasLayer.GEMV_MAX_COLUMNS ? 0 : 1) + 2;
            gemvs += (m <= BlasLayer.GEMV_MAX_COLUMNS ? m : 0) + 1;
        }
        long flops = calls.stream().mapToLong(BlasTrace.Call::flops).sum();
        assertEquals(expected, flops);
        assertEquals(gemms, calls.stream().filter(q -> q.routine() == BlasTrace.Routine.GEMM).count());
        assertEquals(gemvs, calls.stream().filter(q -> q.routine() == BlasTrace.Routine.GEMV).count());
        assertTrue(calls.stream().allMatch(q -> q.routine() != BlasTrace.Routine.GEMM || q.m() == n || q.k() == n),
                "every product runs over the n rows of the batch");
        try (BlasTrace.Replay r = new BlasTrace.Replay(calls, 4)) {
            // activations and gradients of 4 sizes each (8), weights, weight and bias gradients, ones
            assertEquals(12, r.bufferCount());
            r.run();
        }
        // nothing is recorded outside record(), and an empty recording cannot be replayed
        mlp.forward(x, n);
        assertThrows(IllegalArgumentException.class, () -> new BlasTrace.Replay(List.of(), 1));
    }
}
