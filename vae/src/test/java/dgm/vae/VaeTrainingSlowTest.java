package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MonteCarlo;
import dgm.core.data.Dataset;
import dgm.core.data.DigitsDataset;
import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitResult;
import dgm.core.train.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Brief training runs whose bounds must be sensible: on a 2-D toy the test NLL bound may not fall
 * below the true entropy beyond Monte Carlo error (paired with the exact log-density) and must come
 * reasonably close; on the digits it must beat the uniform density on [0,17)^64 (181.33 nats) by a
 * wide margin, stay above a sanity floor, and the IWAE bound must be at least as tight as the ELBO.
 */
@Tag("slow")
class VaeTrainingSlowTest {

    @Test
    void vaeOnA2dToyStaysAboveTheTrueEntropyAndComesClose() {
        Dataset data = VaeFamilyTest.toy("8gaussians", 5000);
        FitResult r = VaeFamilyTest.fit("vae", data, Map.of("hidden", "64", "epochs", "30", "warmup", "3"));
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        VaeModel m = (VaeModel) r.model();
        ToyDistribution truth = data.truth().orElseThrow();
        double[][] test = data.test();
        double[] logp = truth.logDensity(test);
        double[] lb = m.lowerBound(test, 500, new Rng(1));
        double[] elbo = m.lowerBound(test, 1, new Rng(2));
        double[] gap = new double[test.length];
        double[] tighter = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            gap[i] = logp[i] - lb[i];
            tighter[i] = lb[i] - elbo[i];
        }
        double g = MonteCarlo.mean(gap);
        double se = MonteCarlo.standardError(gap);
        Estimate h = truth.entropy(100_000, new Rng(3));
        System.out.printf("8gaussians vae: test NLL ≤ %.4f (IWAE k=500), ELBO NLL %.4f, H = %.4f ± %.4f, gap %.4f ± %.4f%n",
                -MonteCarlo.mean(lb), -MonteCarlo.mean(elbo), h.value(), h.standardError(), g, se);
        assertTrue(g > -3 * se, "bound above the true log-density: gap " + g + " ± " + se);
        // a full-covariance Gaussian fit has a gap of about 1.4 nats on 8gaussians (H ≈ 2.83, Gaussian
        // entropy with the data's covariance ≈ 4.26): the VAE must clearly beat it
        assertTrue(g < 1.0, "gap to the true entropy after a brief fit: " + g);
        assertTrue(MonteCarlo.mean(tighter) > 0, "IWAE should be tighter than the ELBO");
    }

    @Test
    void vaeOnDigitsBeatsTheUniformDensityByFar() {
        Dataset data = new DigitsDataset().load(Params.of(Map.of()), new Seeds(0));
        FitResult r = VaeFamilyTest.fit("vae", data, Map.of("epochs", "60", "warmup", "5"));
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        VaeModel m = (VaeModel) r.model();
        assertEquals("dlogistic", m.config().decoder());
        double[] lb = m.lowerBound(data.test(), 200, new Rng(1));
        double[] elbo = m.lowerBound(data.test(), 1, new Rng(2));
        double nll = -MonteCarlo.mean(lb);
        double elboNll = -MonteCarlo.mean(elbo);
        int active = m.activeUnits(data.validation(), 0.01);
        System.out.printf("digits vae: test NLL ≤ %.2f nats (IWAE k=200) = %.3f bits/dim, ELBO NLL %.2f, active units %d/%d%n",
                nll, nll / (64 * Math.log(2)), elboNll, active, m.latentDimension());
        assertTrue(nll < 181.33 - 50, "the uniform density scores 181.33 nats; got " + nll);
        assertTrue(nll > 40, "implausibly good for 60 epochs on 1079 images: " + nll);
        assertTrue(nll <= elboNll, "IWAE " + nll + " vs ELBO " + elboNll);
        assertTrue(active >= 2, "active units: " + active);
    }
}
