package dgm.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Kind;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelState;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Which models get a density panel, and whether its title says it is a bound. */
class DensitySurfaceTest {

    /** A standard normal on ℝ², as each capability. */
    private abstract static class Fake implements GenerativeModel {
        @Override
        public String id() {
            return getClass().getSimpleName().toLowerCase();
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public INDArray sample(int n, Rng rng) {
            return Arrays2.matrix(rng.gaussian(n, 2));
        }

        @Override
        public ModelState state() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long parameterCount() {
            return 0;
        }

        static double[] logNormal(INDArray x) {
            double[][] m = Arrays2.toMatrix(x);
            double[] out = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                out[i] = -Math.log(2 * Math.PI) - (m[i][0] * m[i][0] + m[i][1] * m[i][1]) / 2;
            }
            return out;
        }
    }

    private static final class Exact extends Fake implements DensityModel {
        @Override
        public INDArray logProb(INDArray x) {
            return Arrays2.vector(logNormal(x));
        }
    }

    private static final class Vae extends Fake implements LatentVariableModel {
        int lastK;

        @Override
        public INDArray lowerBound(INDArray x, int k, Rng rng) {
            lastK = k;
            double[] v = logNormal(x);
            for (int i = 0; i < v.length; i++) {
                v[i] -= 1.0 / k;
            }
            return Arrays2.vector(v);
        }
    }

    private static final class Gan extends Fake {
    }

    @Test
    void exactBoundOrNone() {
        double[][] pts = new double[2500][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new double[] {i % 50 / 10.0 - 2.5, i / 50 / 10.0 - 2.5};
        }
        DensitySurface exact = DensitySurface.of(new Exact(), 100, new Rng(1)).orElseThrow();
        assertEquals(Kind.EXACT, exact.kind());
        assertEquals("exact", exact.title());
        double[] lp = exact.field().logDensity(pts);
        assertEquals(-Math.log(2 * Math.PI) - 6.25, lp[0], 1e-12);

        Vae vae = new Vae();
        DensitySurface bound = DensitySurface.of(vae, DensitySurface.BOUND_SAMPLES, new Rng(1)).orElseThrow();
        assertEquals(Kind.BOUND, bound.kind());
        assertTrue(bound.title().contains("bound") && bound.title().contains("k=100"), bound.title());
        double[] lb = bound.field().logDensity(pts); // evaluated in chunks: all rows come back, in order
        assertEquals(pts.length, lb.length);
        assertEquals(100, vae.lastK);
        for (int i = 0; i < lp.length; i++) {
            assertEquals(lp[i] - 0.01, lb[i], 1e-12);
        }
        assertTrue(DensitySurface.of(new Vae(), 1, new Rng(1)).orElseThrow().title().contains("ELBO"));
        assertTrue(DensitySurface.of(new Gan(), 100, new Rng(1)).isEmpty(), "a GAN has no density to draw");
        assertArrayEquals(new double[0], exact.field().logDensity(new double[0][]));
    }
}
