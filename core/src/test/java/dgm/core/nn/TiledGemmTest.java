package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

/**
 * {@link TiledGemm}: a product cut into tiles equals the one OpenBLAS call, on image-sized shapes
 * cut by rows and by columns, for every combination of transposes and β. (That the bits do not
 * depend on the thread count is {@link ThreadCountTest}.)
 */
class TiledGemmTest {

    private static DoublePointer random(long n, Random r) {
        DoublePointer p = new DoublePointer(n);
        for (long i = 0; i < n; i++) {
            p.put(i, r.nextGaussian());
        }
        return p;
    }

    private static double[] get(DoublePointer p, int n) {
        double[] a = new double[n];
        p.get(a, 0, n);
        return a;
    }

    @Test
    void tilesComputeTheWholeProduct() {
        // m, n, k: cut by rows (m ≥ 128), by columns (m < 128, n ≥ 128), with a last partial tile (130, 97)
        int[][] shapes = {{10_000, 64, 64}, {256, 1568, 64}, {64, 1568, 256}, {784, 64, 256}, {256, 784, 1568}, {1000, 256, 8}, {130, 97, 600}};
        assertEquals(3, TiledGemm.tiles(130, 97, 600));
        assertEquals(13, TiledGemm.tiles(64, 1568, 256), "25 blocks of 64 columns, two to a tile");
        assertEquals(16, TiledGemm.tiles(10_000, 64, 64), "157 blocks of 64 rows, ten to a tile");
        assertEquals(1, TiledGemm.tiles(64, 64, 64), "small products are one call");
        Random r = new Random(1);
        int same = 0;
        int total = 0;
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (double beta : new double[] {0.0, 1.0}) {
                        DoublePointer a = random((long) m * k, r);
                        DoublePointer b = random((long) k * n, r);
                        DoublePointer c0 = random((long) m * n, r);
                        DoublePointer c1 = new DoublePointer((long) m * n);
                        c1.put(get(c0, m * n), 0, m * n);
                        int lda = ta ? m : k;
                        int ldb = tb ? k : n;
                        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                                ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                                tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, k, 0.5, a, lda, b,
                                ldb, beta, c0, n);
                        double[][] tiled = new double[1][];
                        Workers.withThreads(2, () -> {
                            TiledGemm.gemm(ta, tb, m, n, k, 0.5, a, lda, b, ldb, beta, c1, n);
                            tiled[0] = get(c1, m * n);
                        });
                        double[] ref = get(c0, m * n);
                        assertArrayEquals(ref, tiled[0], 1e-10 * Math.sqrt(k));
                        total++;
                        if (java.util.Arrays.equals(ref, tiled[0])) {
                            same++;
                        }
                    }
                }
            }
        }
        // With the Zen kernels (this project's machine) every tile is bit for bit the single call's
        // part: tiles are multiples of the kernels' register blocks, so cutting changed no result
        // computed before it. Other kernels need only agree to rounding (checked above).
        if (OpenBlas.coreName().equals("Zen")) {
            assertEquals(total, same, "products bit-identical to one OpenBLAS call (Zen kernels)");
        }
    }
}
