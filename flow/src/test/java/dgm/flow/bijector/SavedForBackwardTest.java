package dgm.flow.bijector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/**
 * A transformer's forward with a save buffer gives the same z and log-det bit for bit as without,
 * and its backward from the saved values the same dx and dh as the backward that recomputes them;
 * the couplings' gradients themselves are checked against finite differences by
 * {@link BijectorContractTest}.
 */
class SavedForBackwardTest {
    @Test
    void savedBackwardEqualsRecomputedBitForBit() {
        Transformer[] ts = {new AffineTransformer(2.0), new AffineTransformer(0.7), new AdditiveTransformer(),
            new RationalQuadraticSpline(5, 3.0)};
        int n = 37;
        int m = 3;
        for (Transformer t : ts) {
            Rng rng = new Rng(4);
            int p = t.paramsPerDim();
            double[] x = new double[n * m];
            double[] h = new double[n * m * p];
            double[] dz = new double[n * m];
            double[] dl = new double[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * rng.gaussian();
                dz[i] = rng.gaussian();
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = 3 * rng.gaussian();
            }
            for (int i = 0; i < n; i++) {
                dl[i] = rng.gaussian();
            }
            double[] z1 = new double[n * m];
            double[] l1 = new double[n];
            t.forward(x, h, n, m, z1, l1);
            double[] z2 = new double[n * m];
            double[] l2 = new double[n];
            double[] saved = new double[n * m * t.savedPerDim()];
            java.util.Arrays.fill(saved, Double.NaN);
            t.forward(x, h, n, m, z2, l2, saved);
            String name = t.getClass().getSimpleName();
            assertArrayEquals(z1, z2, 0.0, name + " z");
            assertArrayEquals(l1, l2, 0.0, name + " logDet");
            double[] dx1 = new double[n * m];
            double[] dh1 = new double[n * m * p];
            t.backward(x, h, dz, dl, n, m, dx1, dh1);
            double[] dx2 = new double[n * m];
            double[] dh2 = new double[n * m * p];
            t.backward(x, h, dz, dl, n, m, dx2, dh2, saved);
            assertArrayEquals(dx1, dx2, 0.0, name + " dx");
            assertArrayEquals(dh1, dh2, 0.0, name + " dh");
            // every coordinate's slots are written, except the spline's outside its ±3 bound (identity tails)
            int sp = t.savedPerDim();
            for (int e = 0; e < n * m; e++) {
                boolean tail = t instanceof RationalQuadraticSpline && !(x[e] >= -3 && x[e] < 3);
                for (int q = 0; q < sp; q++) {
                    assertEquals(tail, Double.isNaN(saved[e * sp + q]), name + " slot " + q + " of coordinate " + e);
                }
            }
            // null: nothing saved, the backward recomputes
            double[] z3 = new double[n * m];
            double[] l3 = new double[n];
            t.forward(x, h, n, m, z3, l3, null);
            assertArrayEquals(z1, z3, 0.0, name + " z, saving nothing");
            double[] dx3 = new double[n * m];
            double[] dh3 = new double[n * m * p];
            t.backward(x, h, dz, dl, n, m, dx3, dh3, null);
            assertArrayEquals(dx1, dx3, 0.0, name + " dx, nothing saved");
            assertArrayEquals(dh1, dh3, 0.0, name + " dh, nothing saved");
        }
        assertEquals(2, new AffineTransformer(1.0).savedPerDim());
        assertEquals(43, new RationalQuadraticSpline(8, 3.0).savedPerDim());
    }

    @Test
    void saveBuffersAreReusedAndBounded() {
        Transformer affine = new AffineTransformer(1.0);
        double[] b = Transformer.savedBuffer(affine, null, 100);
        assertEquals(200, b.length);
        assertEquals(b, Transformer.savedBuffer(affine, b, 60), "large enough: reused");
        assertEquals(2 * 150, Transformer.savedBuffer(affine, b, 150).length);
        assertEquals(null, Transformer.savedBuffer(affine, b, Transformer.SAVED_MAX / 2 + 1), "over 2^20 doubles: none");
        assertEquals(null, Transformer.savedBuffer(new AdditiveTransformer(), null, 100), "saves nothing: none");
    }

    /** One forward and backward: z, logDet, dx and the parameter gradients. */
    private static double[][] pass(Bijector b, dgm.core.nn.ParamBuffer p, double[] x, int n, long seed) {
        int d = b.dimension();
        Rng rng = new Rng(seed);
        double[] dz = new double[n * d];
        double[] dl = new double[n];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = rng.gaussian();
        }
        for (int i = 0; i < n; i++) {
            dl[i] = rng.gaussian();
        }
        double[] z = new double[n * d];
        double[] ld = new double[n];
        double[] dx = new double[n * d];
        p.zeroGrad();
        b.forward(x, n, z, ld);
        b.backward(dz, dl, n, dx);
        return new double[][] {z, ld, dx, p.grads().clone()};
    }

    private static double[] points(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * rng.gaussian();
        }
        return x;
    }

    private static void same(double[][] expected, double[][] actual, String what) {
        String[] parts = {"z", "logDet", "dx", "parameter gradients"};
        for (int q = 0; q < parts.length; q++) {
            assertArrayEquals(expected[q], actual[q], 0.0, what + ": " + parts[q]);
        }
    }

    /**
     * Couplings and MAF layers save only in training mode, and what they save belongs to their last
     * forward: training-mode passes equal evaluation-mode passes bit for bit (whose gradients
     * BijectorContractTest checks by finite differences), also after a forward of more rows, after
     * leaving training mode, and past the save limit, where nothing is saved.
     */
    @Test
    void layersSaveOnlyInTrainingAndForTheirLastForward() {
        for (int kind = 0; kind < 4; kind++) {
            dgm.core.nn.ParamBuffer p = new dgm.core.nn.ParamBuffer();
            Transformer t = kind % 2 == 0 ? new AffineTransformer(2.0) : new RationalQuadraticSpline(5, 2.5);
            Bijector b = kind < 2
                    ? new Coupling(p, "c", 3, new int[] {1}, t, new int[] {8}, dgm.core.nn.Activation.TANH)
                    : new MaskedAutoregressive(p, "m", 3, t, new int[] {9}, dgm.core.nn.Activation.TANH);
            BijectorContractTest.randomize(p, 30 + kind, 0.8);
            String name = b.describe();
            double[] x40 = points(40, 3, 1);
            double[] x25 = points(25, 3, 2);
            double[][] eval40 = pass(b, p, x40, 40, 3);
            double[][] eval25 = pass(b, p, x25, 25, 4);
            b.setTraining(true);
            same(eval40, pass(b, p, x40, 40, 3), name + ", training");
            // a forward of 40 rows, then one of 25 with its backward: the saved values are the 25's
            double[] z = new double[40 * 3];
            b.forward(x40, 40, z, new double[40]);
            same(eval25, pass(b, p, x25, 25, 4), name + ", training, after a larger forward");
            b.setTraining(false);
            b.setTraining(true);
            b.forward(x40, 40, z, new double[40]);
            b.setTraining(false);
            same(eval25, pass(b, p, x25, 25, 4), name + ", left training mode after a saving forward");
            // past the limit: nothing saved, the backward recomputes
            b.setTraining(true);
            int big = (int) (Transformer.SAVED_MAX / (t.savedPerDim() * (kind < 2 ? 2L : 3L))) + 1;
            double[] xb = points(big, 3, 5);
            b.setTraining(false);
            double[][] evalBig = pass(b, p, xb, big, 6);
            b.setTraining(true);
            same(evalBig, pass(b, p, xb, big, 6), name + ", " + big + " rows, past the save limit");
            b.setTraining(false);
        }
    }
}
