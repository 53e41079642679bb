package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks of the training loss's gradient with respect to every parameter, with the
 * noise ε held fixed (so the loss is a deterministic, smooth function of the parameters), for each
 * decoder and both objectives. A smooth activation (tanh) is used so that central differences are
 * exact to O(h²).
 */
class VaeGradientTest {

    @ParameterizedTest(name = "{0} decoder, {1}, k={2}, beta={3}")
    @CsvSource({
        "gaussian, ELBO, 1, 1.0",
        "gaussian, ELBO, 3, 0.3",
        "gaussian, IWAE, 4, 1.0",
        "bernoulli, ELBO, 2, 1.0",
        "bernoulli, IWAE, 3, 1.0",
        "dlogistic, ELBO, 2, 0.7",
        "dlogistic, IWAE, 4, 1.0",
    })
    void lossGradientMatchesCentralDifferences(String decoder, VaeModel.Objective obj, int k, double beta) {
        int d = 3;
        int dz = 2;
        int levels = 5;
        VaeModel m = VaeTesting.model(d, dz, 4, 1, "tanh", decoder, decoder.equals("dlogistic") ? levels : 0, 0.05, 1);
        VaeTesting.randomize(m, 2, 0.5);
        Rng rng = new Rng(3);
        m.setStandardisation(new double[] {0.5, -0.2, 1.0}, new double[] {1.5, 0.7, 2.0});
        int n = 5;
        double[] x = VaeTesting.flat(VaeTesting.data(decoder, n, d, levels, rng));
        double[] eps = new double[n * k * dz];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.gaussian();
        }
        m.params().zeroGrad();
        double loss = m.objective(x, n, k, eps, obj, beta, true);
        assertTrue(Double.isFinite(loss));
        double[] g = m.params().grads().clone();
        double[] v = m.params().values();
        double h = 1e-5;
        double maxErr = 0;
        for (int p = 0; p < v.length; p++) {
            double old = v[p];
            v[p] = old + h;
            double up = m.objective(x, n, k, eps, obj, beta, false);
            v[p] = old - h;
            double down = m.objective(x, n, k, eps, obj, beta, false);
            v[p] = old;
            double fd = (up - down) / (2 * h);
            double err = Math.abs(fd - g[p]) / Math.max(1.0, Math.abs(fd));
            maxErr = Math.max(maxErr, err);
            assertEquals(fd, g[p], 1e-6 * Math.max(1.0, Math.abs(fd)), "parameter " + p + " of " + v.length);
        }
        assertTrue(maxErr < 1e-6, "max relative error " + maxErr);
    }
}
