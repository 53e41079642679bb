package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/**
 * Identical results for any thread count ({@link TiledGemm}: tiles whose layout depends on the
 * product's shape only, each one single-threaded BLAS call over the whole reduction). Checked on an
 * image-sized MLP (784→256→256→1568, batch 256, large enough for OpenBLAS to
 * use every thread it has) and on a MADE-masked one, forward and backward, on the resident path and
 * layer by layer, with one, two and three threads.
 */
class ThreadCountTest {

    private static double[][] pass(Engine engine, boolean masked, int threads) {
        double[][][] out = new double[1][][];
        Workers.withThreads(threads, () -> out[0] = pass(engine, masked));
        return out[0];
    }

    private static double[][] pass(Engine engine, boolean masked) {
        {
            ParamBuffer params = new ParamBuffer();
            Mlp mlp = new Mlp(engine, params, "m", Activation.RELU, Activation.IDENTITY, 784, 256, 256, 1568);
            mlp.initialize(new Rng(1), 1.0);
            if (masked) {
                for (int l = 0; l < mlp.depth(); l++) {
                    Dense layer = mlp.layer(l);
                    assertEquals(mlp.sizes()[l], layer.in());
                    double[] mask = new double[mlp.sizes()[l] * mlp.sizes()[l + 1]];
                    for (int k = 0; k < mask.length; k++) {
                        mask[k] = (k * 7919L) % 3 != 0 ? 1 : 0;
                    }
                    layer.setMask(mask);
                }
            }
            Rng rng = new Rng(2);
            int n = 256;
            double[] x = new double[n * 784];
            for (int k = 0; k < x.length; k++) {
                x[k] = rng.gaussian();
            }
            double[] y = mlp.forward(x, n).clone();
            double[] dy = new double[y.length];
            for (int k = 0; k < dy.length; k++) {
                dy[k] = rng.gaussian();
            }
            params.zeroGrad();
            double[] dx = mlp.backward(dy, n, Mlp.Gradients.PARAMETERS_AND_INPUT).clone();
            return new double[][] {y, dx, params.grads().clone()};
        }
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        for (boolean resident : new boolean[] {true, false}) {
            for (boolean masked : new boolean[] {false, true}) {
                Engine engine = Engine.blas(Engine.DEFAULT_NATIVE_MIN, resident);
                double[][] one = pass(engine, masked, 1);
                assertEquals(1, OpenBlas.threads(), "OpenBLAS's own threads stay at one");
                for (int threads : new int[] {2, 3, 4}) {
                    double[][] many = pass(engine, masked, threads);
                    for (int part = 0; part < one.length; part++) {
                        assertArrayEquals(one[part], many[part], 0.0, "resident " + resident + ", masked " + masked
                                + ", " + threads + " threads, part " + part + " (output, input gradient, parameter gradients)");
                    }
                }
            }
        }
    }
}
