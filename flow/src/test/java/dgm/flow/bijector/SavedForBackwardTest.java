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
}
