package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

class PinwheelTest {

    /** det ∂(x/2)/∂f = 1 + 0.25 e^{f₀} f₁ against a central-difference Jacobian of the sampler's map. */
    @Test
    void jacobianDeterminantMatchesFiniteDifferences() {
        Rng rng = new Rng(51);
        double h = 1e-6;
        for (int i = 0; i < 200; i++) {
            double f0 = 1 + 0.6 * rng.gaussian();
            double f1 = 0.5 * rng.gaussian();
            int k = rng.nextInt(5);
            double[] a = Pinwheel.transform(f0 + h, f1, k);
            double[] b = Pinwheel.transform(f0 - h, f1, k);
            double[] c = Pinwheel.transform(f0, f1 + h, k);
            double[] d = Pinwheel.transform(f0, f1 - h, k);
            // y = x/2
            double j00 = (a[0] - b[0]) / (4 * h);
            double j10 = (a[1] - b[1]) / (4 * h);
            double j01 = (c[0] - d[0]) / (4 * h);
            double j11 = (c[1] - d[1]) / (4 * h);
            double det = j00 * j11 - j01 * j10;
            assertEquals(det, Pinwheel.jacobianDeterminant(f0, f1), 1e-6 * Math.max(1, Math.abs(det)));
        }
    }

    /** Where T is monotone the sample's own feature vector is the only root of its class. */
    @Test
    void densityAtAPointIsAtLeastItsOwnClassTerm() {
        Pinwheel p = new Pinwheel();
        Rng rng = new Rng(52);
        for (int i = 0; i < 200; i++) {
            double f0 = 1 + 0.3 * rng.gaussian();
            double f1 = 0.1 * rng.gaussian();
            int k = rng.nextInt(5);
            double[] x = Pinwheel.transform(f0, f1, k);
            double own = Math.log(0.25 / 5) + Pinwheel.logFeatureDensity(f0, f1)
                - Math.log(Math.abs(Pinwheel.jacobianDeterminant(f0, f1)));
            double lp = p.logDensity(x[0], x[1]);
            assertTrue(lp >= own - 1e-12, "density below its own class term");
            // the other four arms are far, so near the data they add little
            if (Math.abs(f1) < 0.2 && Math.abs(f0 - 1) < 0.6) {
                assertEquals(own, lp, 0.05);
            }
        }
    }

    @Test
    void foldsAreWhereTheDeterminantVanishes() {
        for (double r : new double[] {2, 3, 5, 8}) {
            Pinwheel.Folds f = new Pinwheel.Folds(r);
            assertTrue(!f.monotone, "r=" + r);
            for (double psi : new double[] {f.psi1, f.psi2}) {
                double det = Pinwheel.jacobianDeterminant(r * Math.cos(psi), r * Math.sin(psi));
                assertEquals(0.0, det, 1e-9, "r=" + r);
            }
        }
        assertTrue(new Pinwheel.Folds(1.0).monotone);
    }

    /** The window-only and near-fold regimes against the full root sum where that is affordable. */
    @Test
    void farFieldRegimesAgreeWithTheFullRootSum() {
        Pinwheel full = new Pinwheel(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        Pinwheel windowOnly = new Pinwheel(0, Double.POSITIVE_INFINITY);
        Pinwheel nearFold = new Pinwheel(0, 0);
        for (double r : new double[] {8, 10, 12.5}) {
            for (int k = 0; k < 3; k++) {
                double phi = 0.3 + 2.1 * k;
                double x = 2 * r * Math.cos(phi);
                double y = 2 * r * Math.sin(phi);
                double ref = full.logDensity(x, y);
                assertEquals(ref, windowOnly.logDensity(x, y), 1e-9 * Math.abs(ref), "window, r=" + r);
                assertEquals(ref, nearFold.logDensity(x, y), 1e-5, "near fold, r=" + r);
            }
        }
    }

    @Test
    void secondMomentAndClassBalanceFollowTheDefinition() {
        int n = 50_000;
        double[][] s = new Pinwheel().sample(n, new Rng(53));
        double m2 = 0;
        double m4 = 0;
        for (double[] p : s) {
            double q = p[0] * p[0] + p[1] * p[1];
            m2 += q;
            m4 += q * q;
        }
        m2 /= n;
        double se = Math.sqrt((m4 / n - m2 * m2) / n);
        // E|x|² = 4 E|f|² = 4 (1 + 0.3² + 0.1²)
        assertEquals(4 * (1 + 0.09 + 0.01), m2, 5 * se);
    }
}
