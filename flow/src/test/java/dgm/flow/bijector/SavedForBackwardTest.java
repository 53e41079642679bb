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
            for (double v : saved) {
                assertEquals(false, Double.isNaN(v), name + ": every saved slot is written");
            }
        }
        assertEquals(2, new AffineTransformer(1.0).savedPerDim());
    }
}
