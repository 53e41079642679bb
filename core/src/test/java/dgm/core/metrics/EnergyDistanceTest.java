package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.MmdTest.assertMessage;
import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyDistanceTest {

    @Test
    void handComputedCases() {
        // x = {0, 1}, y = {3, 4}: E|X-Y| = (3 + 4 + 2 + 3)/4 = 3, E|X-X'| = 1, E|Y-Y'| = 1 -> 2*3 - 1 - 1 = 4
        assertEquals(4.0, EnergyDistance.unbiased(column(0, 1), column(3, 4)), 1e-15);
        // x = {0, 1}, y = {0, 2}: E|X-Y| = (0 + 2 + 1 + 1)/4 = 1, E|X-X'| = 1, E|Y-Y'| = 2 -> 2 - 1 - 2 = -1
        // (the unbiased form can be negative)
        assertEquals(-1.0, EnergyDistance.unbiased(column(0, 1), column(0, 2)), 1e-15);
        EnergyDistance.Result r = EnergyDistance.test(column(0, 1), column(0, 2), 0, 10, new Rng(1));
        assertEquals(-1.0, r.energyDistance().value(), 1e-15);
        assertEquals(Kind.ESTIMATE, r.energyDistance().kind());
        // 2-D: x = {(0,0), (3,4)}, y = {(0,4), (3,0)}: cross distances 4, 3, 3, 4 -> mean 3.5;
        // within: |(0,0)-(3,4)| = 5, |(0,4)-(3,0)| = 5 -> 2*3.5 - 5 - 5 = -3
        assertEquals(-3.0, EnergyDistance.unbiased(new double[][] {{0, 0}, {3, 4}}, new double[][] {{0, 4}, {3, 0}}), 1e-15);
    }

    @Test
    void onePassEngineMatchesTextbookSums() {
        Rng rng = new Rng(3);
        double[][] x = gaussian(rng, 41, 4);
        double[][] y = gaussian(rng, 29, 4, 0.4, 0.8);
        EnergyDistance.Result r = EnergyDistance.test(x, y, 20, 1000, new Rng(4));
        double direct = EnergyDistance.unbiased(x, y);
        assertEquals(direct, r.energyDistance().value(), 1e-12 * Math.abs(direct));
        assertEquals(70, r.energyDistance().n());
    }

    @Test
    void sameDistributionNearZeroShiftedClearlyPositive() {
        Rng rng = new Rng(5);
        EnergyDistance.Result same = EnergyDistance.test(gaussian(rng, 300, 2), gaussian(rng, 300, 2), new Rng(6));
        assertTrue(Math.abs(same.energyDistance().value()) < 4 * same.energyDistance().standardError(), same.toString());
        assertTrue(same.pValue() > 0.05, same.toString());
        EnergyDistance.Result shifted = EnergyDistance.test(gaussian(rng, 300, 2), gaussian(rng, 300, 2, 0.5, 1), new Rng(7));
        assertTrue(shifted.energyDistance().value() > 3 * shifted.energyDistance().standardError(), shifted.toString());
        assertEquals(1.0 / 201, shifted.pValue(), 1e-15);
    }

    /**
     * 1-D N(0,1) vs N(μ,1): closed form 2E|X−Y| − 2·(2/√π) with X − Y ~ N(−μ, 2); the mean of Ê over
     * 300 replicates matches it, and the reported SE matches the spread.
     */
    @Test
    void unbiasedAndStandardErrorCalibratedBySimulation() {
        int reps = 300;
        int n = 30;
        for (double mu : new double[] {0.0, 1.0}) {
            Rng rng = new Rng(mu == 0 ? 8 : 9);
            double[] v = new double[reps];
            double seSq = 0;
            for (int q = 0; q < reps; q++) {
                EnergyDistance.Result r = EnergyDistance.test(gaussian(rng, n, 1), gaussian(rng, n, 1, mu, 1), 0, n, rng);
                v[q] = r.energyDistance().value();
                seSq += Math.pow(r.energyDistance().standardError(), 2) / reps;
            }
            // E|N(m, s²)| = s√(2/π) exp(−m²/(2s²)) + m(1 − 2Φ(−m/s)); s = √2, m = μ. Φ(−1/√2) = 0.23975006109347669.
            double s = Math.sqrt(2);
            double eAbs = mu == 0 ? s * Math.sqrt(2 / Math.PI)
                    : s * Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / 4) + mu * (1 - 2 * 0.23975006109347669);
            double exact = 2 * eAbs - 2 * (2 / Math.sqrt(Math.PI));
            Estimate mean = Estimate.mean(v, Kind.ESTIMATE);
            assertTrue(Math.abs(mean.value() - exact) < 4 * mean.standardError(), "mu=" + mu + ": " + mean + " vs " + exact);
            double ratio = Math.sqrt(seSq) / (mean.standardError() * Math.sqrt(reps));
            // conservative under the null, accurate under the alternative (see KernelTwoSampleStatistic)
            assertTrue(mu == 0 ? ratio > 0.95 && ratio < 1.5 : ratio > 0.85 && ratio < 1.15, "mu=" + mu + ": rms SE / sd = " + ratio);
        }
    }

    @Test
    void sameSeedSameNumbersAndBadInputs() {
        Rng data = new Rng(10);
        double[][] x = gaussian(data, 60, 2);
        double[][] y = gaussian(data, 50, 2);
        assertEquals(EnergyDistance.test(x, y, 30, 40, new Rng(2)), EnergyDistance.test(x, y, 30, 40, new Rng(2)));
        assertEquals(40, EnergyDistance.test(x, y, 30, 40, new Rng(2)).nX());
        assertMessage("NaN", () -> EnergyDistance.test(x, new double[][] {{Double.NaN, 0}, {0, 0}}, data));
        assertMessage("dimension mismatch", () -> EnergyDistance.unbiased(x, gaussian(data, 3, 1)));
        assertMessage("empty", () -> EnergyDistance.unbiased(new double[0][], x));
    }
}
