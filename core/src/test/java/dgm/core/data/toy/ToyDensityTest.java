package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.rng.Rng;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract tests run over every toy: the density is normalised and is the density of the sampler. */
class ToyDensityTest {

    static Stream<ToyDistribution> toys() {
        return Toys.all().stream();
    }

    /**
     * ∫ p = 1 on a grid over a box holding the mass. Expected error: the grid rule's aliasing error
     * (≤ e^{-70}, see {@link DensityGrid}), the mass outside the box (&lt; 1e-12) and the density's own
     * quadrature error (~1e-12); measured |∫p − 1| ≤ 3e-13 for all but pinwheel, whose arms curl
     * ever tighter and whose density has an integrable 1/√ singularity on a fold curve far in its
     * tail, so the grid sum converges more slowly (−6e-8 at h = 1/16, −4e-6 at h = 0.1). So 1e-6 is
     * ≥ 15× the expected error, yet a normalisation bug (a lost factor ½, ¼ vs ⅕, a wrong Jacobian) is
     * off by far more (a sign error in pinwheel's Jacobian gives +0.011).
     */
    @ParameterizedTest
    @MethodSource("toys")
    void integratesToOne(ToyDistribution toy) {
        assertEquals(1.0, DensityGrid.of(toy).mass(), 1e-6, toy.id());
    }

    /**
     * Coarse chi-square: sample counts in 0.5 × 0.5 bins against the density's bin probabilities.
     * Bins with expected count &lt; 10 are pooled. Pass if X² &lt; df + 5√(2 df) (the stratified samplers
     * of circles/rings/moons make X² smaller than multinomial, never larger).
     */
    @ParameterizedTest
    @MethodSource("toys")
    void histogramAgreesWithDensity(ToyDistribution toy) {
        int n = 40_000;
        DensityGrid grid = DensityGrid.of(toy);
        double[][] prob = grid.binProbabilities();
        int b = grid.bins();
        long[][] counts = new long[b][b];
        long outside = 0;
        for (double[] p : toy.sample(n, new Rng(21))) {
            int bx = grid.bin(p[0]);
            int by = grid.bin(p[1]);
            if (bx < 0 || by < 0) {
                outside++;
            } else {
                counts[bx][by]++;
            }
        }
        assertEquals(0, outside, toy.id() + ": samples outside the box");
        double chi2 = 0;
        int df = -1;
        double pooledE = 0;
        long pooledO = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double e = n * prob[i][j];
                if (e < 10) {
                    pooledE += e;
                    pooledO += counts[i][j];
                } else {
                    chi2 += (counts[i][j] - e) * (counts[i][j] - e) / e;
                    df++;
                }
            }
        }
        if (pooledE >= 10) {
            chi2 += (pooledO - pooledE) * (pooledO - pooledE) / pooledE;
            df++;
        } else {
            assertTrue(pooledO <= pooledE + 5 * Math.sqrt(pooledE) + 5, toy.id() + ": " + pooledO
                + " samples where the density expects " + pooledE);
        }
        assertTrue(df > 20, toy.id() + ": too few bins " + df);
        double limit = df + 5 * Math.sqrt(2.0 * df);
        assertTrue(chi2 < limit, toy.id() + ": chi2 " + chi2 + " df " + df + " limit " + limit);
    }

    /**
     * E_p[f(log p)] two independent ways: over fresh samples (Monte Carlo, with its standard error) and
     * by the grid rule ∫ p f(log p) (deterministic, accurate to ~1e-8). With f(v) = v this is −H(p)
     * computed without sampling; with f = a soft indicator σ((c − v)/τ), τ = 1 nat, it is the mass of
     * a (smoothed) level set. A density that does not belong to the sampler fails: with a noise sd
     * 6 % too large, ∫ q log q moves by ln 1.06 ≈ 0.06 nats while the sample mean of log q moves by
     * KL ≈ 0.002, a 7-standard-error gap at n = 20,000.
     */
    @ParameterizedTest
    @MethodSource("toys")
    void sampleAveragesOfLogDensityMatchGridIntegrals(ToyDistribution toy) {
        int n = 20_000;
        double[] lp = toy.logDensity(toy.sample(n, new Rng(22)));
        DensityGrid grid = DensityGrid.of(toy);
        Estimate mean = Estimate.mean(lp, Kind.ESTIMATE);
        double negEntropy = grid.expectation(v -> v);
        assertEquals(negEntropy, mean.value(), 4.5 * mean.standardError() + 1e-6, toy.id() + ": E log p");
        if (toy.id().equals("checkerboard")) {
            assertEquals(-Math.log(32), negEntropy, 1e-12);
            return;
        }
        double[] sorted = lp.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
            double c = sorted[(int) (q * n)];
            double[] soft = new double[n];
            for (int i = 0; i < n; i++) {
                soft[i] = 1 / (1 + Math.exp(lp[i] - c));
            }
            Estimate frac = Estimate.mean(soft, Kind.ESTIMATE);
            double mass = grid.expectation(v -> 1 / (1 + Math.exp(v - c)));
            assertEquals(mass, frac.value(), 4.5 * frac.standardError() + 1e-6, toy.id() + " level quantile " + q);
        }
    }

    /**
     * The mean log-density of a fresh sample equals −H from entropy() on an independent sample, within
     * 4 combined standard errors; and the estimate is labelled as what it is.
     */
    @ParameterizedTest
    @MethodSource("toys")
    void entropyMatchesMeanLogDensityOfIndependentSample(ToyDistribution toy) {
        int n = 10_000;
        Estimate h = toy.entropy(n, new Rng(31));
        double[] lp = toy.logDensity(toy.sample(n, new Rng(32)));
        Estimate m = Estimate.mean(lp, Kind.ESTIMATE);
        double se = Math.hypot(h.standardError(), m.standardError());
        assertEquals(-h.value(), m.value(), 4 * se + 1e-12, toy.id());
        if (toy.id().equals("checkerboard")) {
            assertEquals(Kind.EXACT, h.kind());
            assertEquals(Math.log(32), h.value(), 1e-15);
            assertEquals(0.0, h.standardError());
        } else {
            assertEquals(Kind.ESTIMATE, h.kind());
            assertTrue(h.standardError() > 0 && h.standardError() < 0.03, toy.id());
            assertEquals(n, h.n());
        }
    }

    @ParameterizedTest
    @MethodSource("toys")
    void sameSeedSameSamplesOtherSeedOtherSamples(ToyDistribution toy) {
        double[][] a = toy.sample(1001, new Rng(7));
        double[][] b = toy.sample(1001, new Rng(7));
        double[][] c = toy.sample(1001, new Rng(8));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0, toy.id());
        }
        assertFalse(Arrays.deepEquals(a, c), toy.id());
    }

    @ParameterizedTest
    @MethodSource("toys")
    void returnsExactlyNRowsOfTwo(ToyDistribution toy) {
        for (int n : new int[] {0, 1, 2, 3, 7, 13, 1001}) {
            double[][] s = toy.sample(n, new Rng(n));
            assertEquals(n, s.length, toy.id() + " n=" + n);
            for (double[] row : s) {
                assertEquals(2, row.length);
                assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
                assertTrue(toy.logDensity(row[0], row[1]) > Double.NEGATIVE_INFINITY, toy.id());
            }
        }
    }

    /** Never NaN; finite for every finite point except outside checkerboard's support. */
    @ParameterizedTest
    @MethodSource("toys")
    void logDensityIsNeverNaNAndFiniteWhereTheDensityIsPositive(ToyDistribution toy) {
        double[] mags = {0, 1e-300, 1e-8, 0.5, 3, 7, 15, 29, 31, 100, 1e3, 1e6, 1e12, 1e50, 1e100};
        double previous = Double.POSITIVE_INFINITY;
        for (double m : mags) {
            double worst = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 6; k++) {
                double phi = 0.4 + 1.05 * k;
                double v = toy.logDensity(m * Math.cos(phi), m * Math.sin(phi));
                assertFalse(Double.isNaN(v), toy.id() + " at |x|=" + m);
                assertTrue(v < Double.POSITIVE_INFINITY, toy.id());
                if (!toy.id().equals("checkerboard")) {
                    assertTrue(v > Double.NEGATIVE_INFINITY, toy.id() + " at |x|=" + m);
                }
                worst = Math.max(worst, v);
            }
            if (m >= 15 && !toy.id().equals("checkerboard")) {
                // far away the density keeps falling
                assertTrue(worst < previous, toy.id() + " at |x|=" + m);
                previous = worst;
            }
        }
        for (double[] p : new double[][] {{Double.NaN, 0}, {0, Double.NaN}}) {
            double v = toy.logDensity(p[0], p[1]);
            assertTrue(Double.isNaN(v) || v == Double.NEGATIVE_INFINITY, toy.id());
        }
    }
}
