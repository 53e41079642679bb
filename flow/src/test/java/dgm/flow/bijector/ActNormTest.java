package dgm.flow.bijector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

class ActNormTest {

    @Test
    void dataDependentInitialisationStandardisesTheFirstBatchOnce() {
        ParamBuffer params = new ParamBuffer();
        ActNorm an = new ActNorm(params, new ParamBuffer(), "an", 2);
        Rng rng = new Rng(1);
        int n = 500;
        double[] x = new double[n * 2];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 3 + 5 * rng.gaussian();
            x[2 * i + 1] = -7 + 0.1 * rng.gaussian();
        }
        an.initializeFromData(x, n);
        assertTrue(an.isInitialized());
        double[] z = new double[n * 2];
        an.forward(x, n, z, new double[n]);
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                m += z[2 * i + j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                v += (z[2 * i + j] - m) * (z[2 * i + j] - m);
            }
            assertEquals(0.0, m, 1e-9);
            assertEquals(1.0, v / (n - 1), 1e-4); // log(sd + 1e-6): exact up to 1e-6/sd
        }
        double[] before = params.snapshot();
        an.initializeFromData(new double[] {100, 100, -100, 0}, 2);
        assertEquals(before[0], params.values()[0], 0.0, "a second initialisation must not happen");
    }
}
