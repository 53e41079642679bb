package dgm.core.contracts;

import static dgm.core.contracts.ContractChecks.assertAllFinite;
import static dgm.core.contracts.ContractChecks.samples;
import static dgm.core.contracts.ContractChecks.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dgm.core.InputException;
import dgm.core.contracts.ContractChecks.Lazy;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.rng.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link DensityModel} promises beyond {@link GenerativeModelContract} (which a class
 * implementing this runs too), for each subject:
 *
 * <ul>
 *   <li><b>finite</b>: log q(x) is a finite [n] vector on held-out points and on the model's own
 *       samples;</li>
 *   <li><b>batch = rows</b>: a point's log-density does not depend on the batch it is evaluated in
 *       (alone, in a batch, in reversed order) beyond {@value #BATCH_TOLERANCE}·max(1, |log q|);</li>
 *   <li><b>wrong shape</b>: points of dimension d + 1 are an {@link InputException} that names
 *       "dimension d", and so is a rank-1 array;</li>
 *   <li>in 2-D, <b>∫ q = 1</b>: the midpoint rule on a grid of cells h gives M_h with
 *       |M_h − 1| ≤ tol, and the grid must resolve the density, |M_h − M_2h| ≤ tol (M_2h on cells
 *       2h; the midpoint rule's error is O(h²) for a density that is C² piecewise, so
 *       M_h's own error is about |M_h − M_2h| / 3 ≤ tol / 3);</li>
 *   <li>in 2-D, <b>samples follow the density</b>: the {@value #M} samples' counts in 8 × 8 bins
 *       of the grid against M·∫_bin q, by Pearson's χ² (bins expecting fewer than 5 pooled with the
 *       outside of the box), below its 1 − 10⁻⁶ quantile: a sampler and a density that disagree
 *       fail here even when both are normalised.</li>
 * </ul>
 *
 * <p>The default grid: the bounding box of {@value #M} samples of the model, widened by 10% of its
 * range on every side, in 256 × 256 cells, with tolerance {@value #DEFAULT_TOLERANCE}. The mass
 * outside the box is at most the mass beyond the samples' extremes, which is 4/(M + 1) = 2·10⁻⁴ in
 * expectation for any distribution (the order statistics' coverage), so with tol/3 of
 * discretisation a normalisation error above about 1.4·tol fails. A log-density off by a constant c
 * changes M_h by the factor e^c: c = 0.005 nats already fails. Subjects whose density has jumps
 * that the default grid would cut (histograms) give a box aligned to them
 * ({@link ModelSubject#integrateOn}).
 */
public interface DensityModelContract extends GenerativeModelContract {

    /** Samples drawn for the grid's box and the χ² counts. */
    int M = 20_000;

    /** Cells per axis of the default grid. */
    int CELLS = 256;

    /** Tolerance on |M_h − 1| and on |M_h − M_2h| for the default grid. */
    double DEFAULT_TOLERANCE = 2e-3;

    /** Relative tolerance between batch and single-row evaluation (reductions may regroup sums). */
    double BATCH_TOLERANCE = 1e-12;

    @TestFactory
    default Stream<DynamicNode> densityModelContract() {
        return subjects().stream().map(s -> dynamicContainer(s.name(), DensityCases.of(s)));
    }

    /** The cases, one subject at a time. */
    final class DensityCases {
        private DensityCases() {
        }

        static List<DynamicTest> of(ModelSubject s) {
            List<DynamicTest> t = new ArrayList<>();
            t.add(dynamicTest("log q is finite on held-out points and on its own samples", () -> finite(s)));
            t.add(dynamicTest("log q of a point does not depend on its batch", () -> batchEqualsRows(s)));
            t.add(dynamicTest("points of the wrong dimension or rank are an InputException", () -> wrongDimension(s)));
            if (s.data().dimension() == 2) {
                Lazy<Grid> grid = new Lazy<>(() -> Grid.of(s, density(s)));
                t.add(dynamicTest("∫ q = 1 on a 2-D grid", () -> grid.get().assertNormalised()));
                t.add(dynamicTest("samples follow the density (χ² on 8 × 8 bins)", () -> grid.get().assertSamplesFollow()));
            }
            return t;
        }

        static DensityModel density(ModelSubject s) {
            GenerativeModel m = s.model();
            if (!(m instanceof DensityModel dm)) {
                return fail(s + ": the density contract runs on density models; this one is " + m.getClass().getName());
            }
            return dm;
        }

        static void finite(ModelSubject s) {
            DensityModel m = density(s);
            double[][] held = s.heldOut();
            assertAllFinite(scores(m.logProb(Arrays2.matrix(held)), held.length, "log q of held-out points"),
                    s + ": log q of held-out points");
            int n = 2000;
            INDArray own = m.sample(n, new Rng(71));
            assertAllFinite(scores(m.logProb(own), n, "log q of own samples"), s + ": log q of its own samples");
        }

        static void batchEqualsRows(ModelSubject s) {
            DensityModel m = density(s);
            int d = m.dimension();
            double[][] held = s.heldOut();
            double[][] own = ContractChecks.rows(samples(m, 32, new Rng(72)), d);
            double[][] x = new double[Math.min(32, held.length) + own.length][];
            System.arraycopy(held, 0, x, 0, x.length - own.length);
            System.arraycopy(own, 0, x, x.length - own.length, own.length);
            double[] batch = scores(m.logProb(Arrays2.matrix(x)), x.length, "log q of a batch");
            double[][] rev = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                rev[i] = x[x.length - 1 - i];
            }
            double[] reversed = scores(m.logProb(Arrays2.matrix(rev)), x.length, "log q of the reversed batch");
            for (int i = 0; i < x.length; i++) {
                double alone = scores(m.logProb(Arrays2.matrix(new double[][] {x[i]})), 1, "log q of one row")[0];
                double tol = BATCH_TOLERANCE * Math.max(1, Math.abs(batch[i]));
                assertEquals(batch[i], alone, tol, s + ": row " + Arrays.toString(x[i]) + " alone vs in a batch");
                assertEquals(batch[i], reversed[x.length - 1 - i], tol,
                        s + ": row " + Arrays.toString(x[i]) + " in the batch vs in the reversed batch");
            }
        }

        static void wrongDimension(ModelSubject s) {
            DensityModel m = density(s);
            InputException e = assertThrows(InputException.class,
                    () -> m.logProb(Arrays2.matrix(new double[3][m.dimension() + 1])),
                    s + ": log q of points of dimension " + (m.dimension() + 1));
            assertTrue(e.getMessage().contains("dimension " + m.dimension()), s + ": the message should name dimension "
                    + m.dimension() + ": " + e.getMessage());
            assertThrows(InputException.class, () -> m.logProb(Arrays2.vector(new double[m.dimension()])),
                    s + ": log q of a rank-1 array (a point must be a row of an [n, d] array)");
        }
    }

    /** log q on the midpoint grids h and 2h of a box, with the samples that chose the box. */
    final class Grid {
        final ModelSubject subject;
        final ModelSubject.Box box;
        final double tolerance;
        final String why;
        final double massH;
        final double mass2H;
        /** ∫ q over each of the 8 × 8 bins (of nx/8 × ny/8 cells each), from the h grid. */
        final double[][] binMass = new double[8][8];
        final double[] samples;

        private Grid(ModelSubject s, DensityModel m, double[] samples, ModelSubject.Integration integ) {
            this.subject = s;
            this.samples = samples;
            this.box = integ.box().apply(m);
            this.tolerance = integ.tolerance();
            this.why = integ.why();
            this.massH = mass(m, box.nx(), box.ny(), binMass);
            this.mass2H = mass(m, box.nx() / 2, box.ny() / 2, null);
        }

        static Grid of(ModelSubject s, DensityModel m) {
            double[] x = samples(m, M, new Rng(73));
            ModelSubject.Integration byDefault = defaultIntegration(x);
            ModelSubject.Integration integ = s.integration().map(i -> i.box() != null ? i
                    : new ModelSubject.Integration(byDefault.box(), i.tolerance(), i.why())).orElse(byDefault);
            return new Grid(s, m, x, integ);
        }

        /** The samples' bounding box widened by 10% of its range on each side, 256 × 256 cells. */
        static ModelSubject.Integration defaultIntegration(double[] x) {
            double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < x.length; i++) {
                lo[i % 2] = Math.min(lo[i % 2], x[i]);
                hi[i % 2] = Math.max(hi[i % 2], x[i]);
            }
            double px = 0.1 * (hi[0] - lo[0]);
            double py = 0.1 * (hi[1] - lo[1]);
            ModelSubject.Box box = new ModelSubject.Box(lo[0] - px, hi[0] + px, CELLS, lo[1] - py, hi[1] + py, CELLS);
            return new ModelSubject.Integration(m -> box, DEFAULT_TOLERANCE, "the default grid (see DensityModelContract)");
        }

        /** Midpoint rule on nx × ny cells; adds each cell's mass to its 8 × 8 bin when {@code bins} is given. */
        private double mass(DensityModel m, int nx, int ny, double[][] bins) {
            double hx = (box.x1() - box.x0()) / nx;
            double hy = (box.y1() - box.y0()) / ny;
            double total = 0;
            int chunk = Math.max(1, 20_000 / ny);
            double[][] pts = new double[chunk * ny][];
            for (int i0 = 0; i0 < nx; i0 += chunk) {
                int rows = Math.min(chunk, nx - i0);
                double[][] p = rows == chunk ? pts : new double[rows * ny][];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < ny; j++) {
                        p[i * ny + j] = new double[] {box.x0() + (i0 + i + 0.5) * hx, box.y0() + (j + 0.5) * hy};
                    }
                }
                double[] lp = scores(m.logProb(Arrays2.matrix(p)), p.length, "log q on the grid");
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < ny; j++) {
                        double v = lp[i * ny + j];
                        if (Double.isNaN(v)) {
                            fail(subject + ": log q is NaN at " + Arrays.toString(p[i * ny + j]));
                        }
                        double c = Math.exp(v) * hx * hy;
                        total += c;
                        if (bins != null) {
                            bins[(i0 + i) / (nx / 8)][j / (ny / 8)] += c;
                        }
                    }
                }
            }
            return total;
        }

        private String describe() {
            return subject + ": M_h = " + massH + ", M_2h = " + mass2H + " on " + box + ", tolerance " + tolerance
                    + " (" + why + ")";
        }

        void assertNormalised() {
            assertTrue(Math.abs(massH - mass2H) <= tolerance,
                    "the grid does not resolve the density, |M_h − M_2h| = " + Math.abs(massH - mass2H) + " > tol: " + describe());
            assertTrue(Math.abs(massH - 1) <= tolerance, "∫ q ≠ 1: |M_h − 1| = " + Math.abs(massH - 1) + " > tol: " + describe());
        }

        void assertSamplesFollow() {
            long[][] counts = new long[8][8];
            long outside = 0;
            double hx = box.hx() * (box.nx() / 8);
            double hy = box.hy() * (box.ny() / 8);
            for (int i = 0; i < samples.length; i += 2) {
                int a = (int) Math.floor((samples[i] - box.x0()) / hx);
                int b = (int) Math.floor((samples[i + 1] - box.y0()) / hy);
                if (a >= 0 && a < 8 && b >= 0 && b < 8) {
                    counts[a][b]++;
                } else {
                    outside++;
                }
            }
            double chi2 = 0;
            int kept = 0;
            double keptExpected = 0;
            long keptObserved = 0;
            String worst = "";
            double worstTerm = -1;
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    double e = M * binMass[a][b];
                    if (e >= 5) {
                        double term = (counts[a][b] - e) * (counts[a][b] - e) / e;
                        chi2 += term;
                        kept++;
                        keptExpected += e;
                        keptObserved += counts[a][b];
                        if (term > worstTerm) {
                            worstTerm = term;
                            worst = "bin (" + a + ", " + b + "): " + counts[a][b] + " samples, " + String.format("%.1f", e) + " expected";
                        }
                    }
                }
            }
            // the pooled rest (small bins and the outside of the box); its expectation floored at 1
            double restE = Math.max(1, M - keptExpected);
            long restO = M - keptObserved;
            chi2 += (restO - restE) * (restO - restE) / restE;
            int df = kept;
            double critical = chiSquareQuantile(df, 4.753); // upper tail 1e-6
            assertTrue(kept >= 4, subject + ": only " + kept + " bins expect 5 samples or more; the box is too wide: " + describe());
            assertTrue(chi2 <= critical, subject + ": χ² = " + String.format("%.1f", chi2) + " on " + df
                    + " degrees of freedom exceeds its 1 − 1e-6 quantile " + String.format("%.1f", critical)
                    + "; worst " + worst + "; " + outside + " samples outside the box; " + describe());
        }

        /** Wilson–Hilferty: the χ²_k quantile at the standard-normal quantile z, k(1 − 2/(9k) + z√(2/(9k)))³. */
        static double chiSquareQuantile(int k, double z) {
            double c = 2.0 / (9 * k);
            double u = 1 - c + z * Math.sqrt(c);
            return k * u * u * u;
        }
    }
}
