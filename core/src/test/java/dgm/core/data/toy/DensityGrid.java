package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A toy's density on a square grid covering its mass, computed once per toy and shared by the tests
 * that integrate it (normalisation, bin probabilities, level-set masses).
 *
 * <p>Nodes x_i = −L + i·h, i = 0..N. The spacing h is at most about half the toy's noise sd: for a
 * smooth density that vanishes at the box edge, the trapezoid rule's error is then the aliasing term
 * ~exp(−2π²σ²/h²) ≤ e^{-70}, and composite Simpson over a bin (used for bin probabilities, where the
 * edges cut through the density) has relative error ~(h/σ)⁴/180 ≲ 4e-4. The bin width 0.5 is an even
 * number of cells. Checkerboard, whose density jumps on even-integer lines, uses cell midpoints
 * instead, for which the midpoint sum over aligned cells is exact.
 */
final class DensityGrid {

    static final double BIN = 0.5;

    final ToyDistribution toy;
    final double half;
    final double h;
    final int n;
    final boolean midpoint;
    /** logp[i][j] at (x_i, y_j). */
    final double[][] logp;

    private static final Map<String, DensityGrid> CACHE = new ConcurrentHashMap<>();

    static DensityGrid of(ToyDistribution toy) {
        return CACHE.computeIfAbsent(toy.id(), id -> new DensityGrid(toy));
    }

    private DensityGrid(ToyDistribution toy) {
        this.toy = toy;
        // (half-width L, spacing h): L leaves ≥ 8 noise sds (or ≥ 9 sds of f₀ for pinwheel) beyond
        // the support; h ≤ ~σ/2 with BIN/h even.
        double[] lh = switch (toy.id()) {
            case "rings" -> new double[] {4.5, 1.0 / 24};      // σ = 0.08
            case "circles" -> new double[] {5.5, 1.0 / 8};     // σ = 0.24
            case "8gaussians" -> new double[] {6.5, 1.0 / 8};  // σ = 0.354
            case "moons", "swissroll" -> new double[] {5.0, 1.0 / 12}; // σ = 0.2
            case "pinwheel" -> new double[] {7.5, 1.0 / 16};   // tangential sd 0.2, arms curling
            case "2spirals" -> new double[] {4.5, 1.0 / 16};   // σ = 0.1
            case "checkerboard" -> new double[] {4.5, 1.0 / 4};
            default -> throw new IllegalArgumentException(toy.id());
        };
        this.half = lh[0];
        this.h = lh[1];
        this.midpoint = toy.id().equals("checkerboard");
        this.n = (int) Math.round(2 * half / h);
        int m = midpoint ? n : n + 1;
        logp = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                logp[i][j] = toy.logDensity(coord(i), coord(j));
            }
        }
    }

    double coord(int i) {
        return -half + (midpoint ? (i + 0.5) * h : i * h);
    }

    private double trapezoidWeight(int i) {
        if (midpoint) {
            return h;
        }
        return (i == 0 || i == n) ? h / 2 : h;
    }

    /** ∫ p over the box (trapezoid / midpoint rule). */
    double mass() {
        double s = 0;
        for (int i = 0; i < logp.length; i++) {
            for (int j = 0; j < logp.length; j++) {
                s += trapezoidWeight(i) * trapezoidWeight(j) * Math.exp(logp[i][j]);
            }
        }
        return s;
    }

    /**
     * ∫ p·f(log p) over the box, for a smooth f (a hard indicator would cut grid cells and lose the
     * rule's accuracy). Terms where p = 0 contribute nothing.
     */
    double expectation(java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < logp.length; i++) {
            for (int j = 0; j < logp.length; j++) {
                if (logp[i][j] > Double.NEGATIVE_INFINITY) {
                    s += trapezoidWeight(i) * trapezoidWeight(j) * Math.exp(logp[i][j]) * f.applyAsDouble(logp[i][j]);
                }
            }
        }
        return s;
    }

    int bins() {
        return (int) Math.round(2 * half / BIN);
    }

    /** Bin index of coordinate v, or −1 outside the box. Bins are [−L + kB, −L + (k+1)B). */
    int bin(double v) {
        double u = (v + half) / BIN;
        return u >= 0 && u < bins() ? (int) u : -1;
    }

    /** Probability of every bin [bx][by], composite Simpson (midpoint for checkerboard). */
    double[][] binProbabilities() {
        int b = bins();
        double[][] prob = new double[b][b];
        if (midpoint) {
            int per = (int) Math.round(BIN / h);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    prob[i / per][j / per] += h * h * Math.exp(logp[i][j]);
                }
            }
            return prob;
        }
        int per = (int) Math.round(BIN / h);
        double[] sw = new double[per + 1];
        for (int k = 0; k <= per; k++) {
            sw[k] = h / 3 * (k == 0 || k == per ? 1 : (k % 2 == 1 ? 4 : 2));
        }
        for (int bx = 0; bx < b; bx++) {
            for (int by = 0; by < b; by++) {
                double s = 0;
                for (int k = 0; k <= per; k++) {
                    for (int l = 0; l <= per; l++) {
                        s += sw[k] * sw[l] * Math.exp(logp[bx * per + k][by * per + l]);
                    }
                }
                prob[bx][by] = s;
            }
        }
        return prob;
    }
}
