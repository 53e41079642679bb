package dgm.core.baselines;

import dgm.core.contracts.DensityModelContract;
import dgm.core.contracts.ModelSubject;
import dgm.core.data.Dataset;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelState;
import dgm.core.rng.Rng;
import java.util.List;
import java.util.Map;

/** Every baseline under the generative and density contracts (core's test-jar, dgm.core.contracts). */
class BaselineContractTest implements DensityModelContract {

    private static final Dataset MOONS = ModelSubject.toy("moons", 400);

    private static final String HISTOGRAM_GRID = "bin-aligned cells (8 per bin width w), so the midpoint rule is exact "
            + "on every inner bin; the exponential tails are integrated 13 w past the tail bins (mass left out e^-14 of "
            + "a tail's ≤ 1/418), at 8 cells per w (midpoint error ≈ (1/8)²/24 = 6.5e-4 of the tail mass): total "
            + "error below 1e-5";

    /** Tolerance 1e-4 on the default grid for the Gaussian, the mixtures and the KDE. */
    private static final String SMOOTH = "sums of Gaussians: on a smooth density that vanishes at the box's edges the "
            + "midpoint rule converges far faster than h² (aliasing error ~exp(−2π²σ²/h²); |M_h − M_2h| measured below "
            + "1e-7), so what remains is the tails' mass beyond the samples' extremes plus 10% of their range, measured "
            + "at 1e-6 to 2e-6";

    private static final List<ModelSubject> SUBJECTS = List.of(
            ModelSubject.fitted("gaussian", MOONS, Map.of()).fitIgnoresSeed().integrationTolerance(1e-4, SMOOTH),
            ModelSubject.fitted("gmm-diag", MOONS, Map.of("k", "4")).integrationTolerance(1e-4, SMOOTH),
            ModelSubject.fitted("gmm-full", MOONS, Map.of("k", "4")).integrationTolerance(1e-4, SMOOTH),
            ModelSubject.fitted("histogram", MOONS, Map.of("bins", "16")).fitIgnoresSeed()
                    .integrateOn(BaselineContractTest::histogramBox, 2e-5, HISTOGRAM_GRID),
            ModelSubject.fitted("histogram", dequantised(), Map.of()).fitIgnoresSeed().named("histogram (dequantised, L = 5)")
                    .integrateOn(m -> new ModelSubject.Box(0, 5, 80, 0, 5, 80), 1e-9,
                            "the density is constant on each unit cell of [0, 5)² and 0 outside: the midpoint rule on "
                                    + "16 × 16 cells per unit cell is exact up to rounding"),
            ModelSubject.fitted("kde", MOONS, Map.of()).fitIgnoresSeed().integrationTolerance(1e-4, SMOOTH),
            ModelSubject.fitted("kde", MOONS, Map.of("max_points", "300")).named("kde (a seeded subset of 300 centres)")
                    .integrationTolerance(1e-4, SMOOTH));

    @Override
    public String family() {
        return "baseline";
    }

    @Override
    public List<ModelSubject> subjects() {
        return SUBJECTS;
    }

    /** From the saved state: 13 bin widths beyond the tail bins on each side, 8 cells per width. */
    static ModelSubject.Box histogramBox(GenerativeModel m) {
        ModelState s = m.state();
        double[] lo = s.array("lo");
        double[] w = s.array("width");
        int nb = s.shape("prob")[1];
        int ext = 13;
        return new ModelSubject.Box(lo[0] - ext * w[0], lo[0] + (nb + ext) * w[0], (nb + 2 * ext) * 8,
                lo[1] - ext * w[1], lo[1] + (nb + ext) * w[1], (nb + 2 * ext) * 8);
    }

    /** Dequantised 2-D data with L = 5: ⌊|N(0,1)|·2⌋ capped at 4, and a uniform level in 0..2, plus U(0,1). */
    static Dataset dequantised() {
        double[][][] splits = new double[2][][];
        Rng rng = new Rng(4);
        for (int s = 0; s < 2; s++) {
            double[][] y = new double[300][2];
            for (double[] row : y) {
                row[0] = Math.min(4, Math.floor(Math.abs(rng.gaussian()) * 2)) + rng.uniform();
                row[1] = rng.nextInt(3) + rng.uniform();
            }
            splits[s] = y;
        }
        return BaselineTesting.dequantised(5, splits[0], splits[1]);
    }
}
