package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.continuous;
import static dgm.core.baselines.BaselineTesting.dequantised;
import static dgm.core.baselines.BaselineTesting.fitModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract every baseline keeps. */
class AllBaselinesTest {
    private static final List<String> IDS = List.of("gaussian", "gmm-diag", "gmm-full", "histogram", "kde");

    /** Two elongated blobs, 400 points: small enough to integrate the KDE on a fine grid quickly. */
    private static final double[][] TRAIN = blobs(400, 1);
    private static final double[][] VAL = blobs(200, 2);

    private static double[][] blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double s = i % 3 == 0 ? -2 : 1.5;
            double a = rng.gaussian();
            x[i][0] = s + 0.8 * a;
            x[i][1] = 0.5 * s + 0.4 * a + 0.5 * rng.gaussian();
        }
        return x;
    }

    private static final Dataset DATA = continuous(TRAIN, VAL);

    @Test
    void theFamilyIsFoundByServiceLoaderWithItsFiveIds() {
        ModelRegistry reg = ModelRegistry.load();
        for (String id : IDS) {
            assertEquals("baseline", reg.family(id));
            assertEquals(Capability.EXACT_DENSITY, reg.spec(id).capability());
        }
        assertEquals(IDS, BaselineTesting.FAMILY.models().stream().map(ModelSpec::id).toList());
        for (ModelSpec s : BaselineTesting.FAMILY.models()) {
            for (ParamSpec p : s.params()) { // every default is valid against its own range
                assertEquals(p.validate(s.id(), p.defaultValue()), p.defaultValue(), s.id() + "." + p.name());
            }
        }
    }

    /**
     * Midpoint rule on a 300 × 300 grid over [−9, 9]²: every fitted component or kernel has sd ≥ 0.1
     * here, at least 1.6 grid steps, where the midpoint rule on a Gaussian is accurate far beyond 1e-4,
     * and the mass outside the box is below 1e-6. Tolerance 1e-4.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "kde"})
    void smoothDensitiesIntegrateToOne(String id) {
        DensityModel m = fitModel(id, DATA, Map.of(), 1);
        assertEquals(1.0, BaselineTesting.integrate(m, -9, 9, 300, -9, 9, 300), 1e-4, id);
    }

    /**
     * Histograms: inner bins integrate exactly on a grid that subdivides every bin (no cell straddles
     * an edge); the exponential tails (scale w) are integrated out to 14 w past the edges (mass left
     * out: e^−14 of the tail mass) with 8 cells per w (midpoint error ≈ (1/8)²/24 = 6.5e-4 of the tail
     * mass). Tail mass here is ≤ 1/418 per side, so the total error is below 1e-5: tolerance 2e-5.
     * Bin edges are read from the saved state.
     */
    @Test
    void histogramsIntegrateToOne() {
        HistogramModel m = (HistogramModel) fitModel("histogram", DATA, Map.of("bins", "16"), 1);
        ModelState s = m.state();
        double[] lo = s.array("lo");
        double[] w = s.array("width");
        int nb = s.shape("prob")[1];
        assertEquals(18, nb);
        int ext = 13; // the tail bin itself is 1 w wide on the grid, plus 13 w beyond
        double total = BaselineTesting.integrate(m,
                lo[0] - ext * w[0], lo[0] + (nb + ext) * w[0], (nb + 2 * ext) * 8,
                lo[1] - ext * w[1], lo[1] + (nb + ext) * w[1], (nb + 2 * ext) * 8);
        assertEquals(1.0, total, 2e-5);
        // Dequantised, L = 5: the unit cells of [0, 5)².
        double[][] y = new double[300][2];
        Rng rng = new Rng(4);
        for (double[] row : y) {
            row[0] = Math.min(4, Math.floor(Math.abs(rng.gaussian()) * 2)) + rng.uniform();
            row[1] = rng.nextInt(3) + rng.uniform();
        }
        DensityModel dq = fitModel("histogram", dequantised(5, y, null), Map.of(), 1);
        assertEquals(1.0, BaselineTesting.integrate(dq, 0, 5, 50, 0, 5, 50), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void saveLoadRestoresBitIdenticalSamplesAndDensities(String id, @TempDir Path dir) {
        DensityModel m = fitModel(id, DATA, Map.of(), 1);
        Path f = dir.resolve(id + ".dgmw");
        ModelIO.write(m.state(), f);
        ModelState read = ModelIO.read(f);
        assertEquals(m.state(), read);
        GenerativeModel back = BaselineTesting.spec(id).restorer().restore(read);
        assertEquals(id, back.id());
        assertEquals(2, back.dimension());
        assertEquals(m.parameterCount(), back.parameterCount());
        assertEquals(m.state(), back.state());
        double[][] a = BaselineTesting.rows(m.sample(200, new Rng(42)));
        double[][] b = BaselineTesting.rows(back.sample(200, new Rng(42)));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], id + " sample " + i);
        }
        double[][] probe = blobs(300, 77);
        assertArrayEquals(Arrays2.toVector(m.logProb(Arrays2.matrix(probe))),
                Arrays2.toVector(((DensityModel) back).logProb(Arrays2.matrix(probe))));
        // The registry restores it too (the path the workbench uses).
        assertEquals(m.state(), ModelRegistry.load().restore(read).state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void sameSeedSameFitAndSamplesAreSane(String id) {
        ModelState a = fitModel(id, DATA, Map.of(), 5).state();
        ModelState b = fitModel(id, DATA, Map.of(), 5).state();
        assertEquals(a, b);
        DensityModel m = fitModel(id, DATA, Map.of(), 5);
        INDArrayShape.check(m.sample(7, new Rng(1)), 7, 2);
        INDArrayShape.check(m.sample(0, new Rng(1)), 0, 2);
        double[] lp = Arrays2.toVector(m.logProb(m.sample(500, new Rng(3))));
        for (double v : lp) {
            assertTrue(Double.isFinite(v), id + ": a sample has log-density " + v);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void wrongDimensionIsAnInputErrorNamingBoth(String id) {
        DensityModel m = fitModel(id, DATA, Map.of(), 1);
        InputException e = assertThrows(InputException.class,
                () -> m.logProb(Arrays2.matrix(new double[][] {{1, 2, 3}})));
        assertTrue(e.getMessage().contains("dimension 2") && e.getMessage().contains("[1, 3]"), e.getMessage());
        assertThrows(InputException.class, () -> m.logProb(Arrays2.vector(new double[] {1, 2})));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void unknownParameterIsAnInputErrorNamingTheAllowedOnes(String id) {
        ModelSpec s = BaselineTesting.spec(id);
        InputException e = assertThrows(InputException.class,
                () -> Params.resolve(id, s.params(), Map.of("no_such_param", "1")));
        assertTrue(e.getMessage().contains("no_such_param"), e.getMessage());
        assertTrue(e.getMessage().contains(s.params().get(0).name()), e.getMessage());
    }

    /**
     * 64-D dequantised data shaped like the digits (L = 17, many near-constant pixels, 400 rows to
     * stay fast): every baseline fits and gives finite held-out log-densities.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void sixtyFourDimensionalDequantisedDataWorks(String id) {
        Dataset dq = dequantised(17, digitsLike(400, 1), digitsLike(100, 2));
        DensityModel m = fitModel(id, dq, Map.of("k", "3").entrySet().stream()
                .filter(e -> BaselineTesting.spec(id).params().stream().anyMatch(p -> p.name().equals(e.getKey())))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), 1);
        double[] lp = Arrays2.toVector(m.logProb(Arrays2.matrix(digitsLike(100, 3))));
        double mean = BaselineTesting.mean(lp);
        assertTrue(Double.isFinite(mean), id + ": " + mean);
        // No density on [0,17)^64 beats the uniform (−64 ln 17 = −181.3) by being wrong; all of these
        // should beat it on data this structured.
        assertTrue(mean > -64 * Math.log(17), id + ": " + mean);
    }

    /** Integer "pixels" in 0..16: a few stroke patterns plus noise, edge pixels mostly 0. */
    static double[][] digitsLike(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] proto = new Rng(99).gaussian(4, 64);
        double[][] y = new double[n][64];
        for (int i = 0; i < n; i++) {
            double[] p = proto[i % 4];
            for (int j = 0; j < 64; j++) {
                boolean edge = j % 8 == 0 || j % 8 == 7;
                double v = edge ? 0.3 * Math.abs(rng.gaussian()) : 8 + 5 * p[j] + 2 * rng.gaussian();
                y[i][j] = Math.max(0, Math.min(16, Math.rint(v))) + rng.uniform();
            }
        }
        return y;
    }

    private static final class INDArrayShape {
        static void check(org.nd4j.linalg.api.ndarray.INDArray a, long n, long d) {
            assertArrayEquals(new long[] {n, d}, a.shape());
        }
    }
}
