package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import dgm.core.math.LogSumExp;
import dgm.core.rng.Rng;

/**
 * {@code pinwheel}: five curved arms.
 *
 * <p>Definition (FFJORD, {@code lib/toy_data.py}; docs/data.md): class k ∈ {0..4} (⌊n/5⌋ points
 * each), features f = (f₀, f₁) with f₀ ~ N(1, 0.3²), f₁ ~ N(0, 0.1²), angle a = 2πk/5 + 0.25·e^{f₀},
 * x = 2·(f₀ cos a + f₁ sin a, −f₀ sin a + f₁ cos a), rows permuted. FFJORD returns only 5⌊n/5⌋ rows;
 * here the n − 5⌊n/5⌋ remaining rows get distinct random classes, so that exactly n rows come back.
 *
 * <p>Density. With y = x/2, y = R(−a) f (R a rotation), so |y| = |f| and arg y = arg f − a. In polar
 * coordinates f = r(cos ψ, sin ψ), class k maps ψ to arg y = T(ψ) − 2πk/5 (mod 2π) with
 * T(ψ) = ψ − 0.25·exp(r cos ψ), at fixed r = |y|. The map f ↦ y has Jacobian determinant
 * T′(ψ) = 1 + 0.25·e^{f₀}·f₁ (tested against a finite-difference Jacobian), which vanishes on a fold
 * far in the tails (f₁ ≈ −4e^{−f₀}); so
 * <pre>
 *   p(x) = ¼ · Σ_k ⅕ · Σ_{ψ : T(ψ) ≡ arg y + 2πk/5} N(r cos ψ; 1, 0.3²) N(r sin ψ; 0, 0.1²) / |T′(ψ)|.
 * </pre>
 * T′ = 1 + ¼ r sin ψ e^{r cos ψ} has one minimum on the circle, at cos ψ* = (√(1+4r²) − 1)/(2r),
 * ψ* &lt; 0; so T is monotone (one root per class) or has two folds ψ₁ &lt; ψ* &lt; ψ₂ and three monotone
 * pieces. Every root is found by safeguarded Newton on its bracket, one per 2π of T's range.
 *
 * <p>Far out the number of roots grows like e^{r}/(4π) (the arm winds ever faster), so:
 * <ul>
 *   <li>up to 100 roots per class (r ≲ 7.2, |x| ≲ 14; every sample of the distribution lies far
 *       inside this): all roots are summed;</li>
 *   <li>beyond, only roots with ψ in the window where the Gaussian factor is within 40 nats of its
 *       maximum (the rest weigh less than e^{-40} of it), all of them while there are at most 256
 *       (r ≲ 11.7);</li>
 *   <li>beyond that, the 64 roots nearest the fold on each side are summed and the rest replaced by
 *       (2π)^{-1} ∫ N N dψ over their part of the window, the midpoint rule read backwards; tested
 *       against the full root sum, the log-density differs by ≤ 4e-6 nats (out of ≈ −900);</li>
 *   <li>beyond r = 30 (|x| &gt; 60, log p ≈ −4600), where T's rounding error nears a root spacing, the
 *       whole sum is replaced by its winding average (2π)^{-1} ∫ N N dψ, which differs from the
 *       previous regime by ~1e-4 nats at the switch.</li>
 * </ul>
 * All regimes work in log space, so the log-density is finite for every finite x with |x| &lt; 1e150.
 */
public final class Pinwheel implements ToyDistribution {

    static final double RADIAL_SD = 0.3;
    static final double TANGENTIAL_SD = 0.1;
    static final double RATE = 0.25;
    static final int CLASSES = 5;

    static final int ALL_ROOTS_CAP = 100;
    static final int WINDOW_ROOTS_CAP = 256;
    static final double WINDOW_NATS = 40;
    static final double AVERAGE_BEYOND_R = 30;
    static final int NEAR_FOLD = 64;
    private static final double[][] GL8 = ToyMath.gaussLegendre(8);

    private static final double TWO_PI = 2 * Math.PI;
    private static final double LOG_NORM_F = -Math.log(TWO_PI * RADIAL_SD * TANGENTIAL_SD);
    private static final double INV2_R = 1 / (2 * RADIAL_SD * RADIAL_SD);
    private static final double INV2_T = 1 / (2 * TANGENTIAL_SD * TANGENTIAL_SD);

    private final double allRootsCap;
    private final double windowRootsCap;

    public Pinwheel() {
        this(ALL_ROOTS_CAP, WINDOW_ROOTS_CAP);
    }

    /**
     * With other switch points between the three far-field regimes, for tests: above
     * {@code allRootsCap} roots per class only the window is summed, above {@code windowRootsCap}
     * roots in the window the winding average is used.
     */
    Pinwheel(double allRootsCap, double windowRootsCap) {
        this.allRootsCap = allRootsCap;
        this.windowRootsCap = windowRootsCap;
    }

    @Override
    public String id() {
        return "pinwheel";
    }

    @Override
    public String description() {
        return "pinwheel: 5 arms, f~(N(1,0.3^2),N(0,0.1^2)) rotated by 2pi k/5 + 0.25 exp(f0), x2 (FFJORD)";
    }

    @Override
    public double[][] sample(int n, Rng rng) {
        int perClass = n / CLASSES;
        int[] labels = new int[n];
        for (int i = 0; i < CLASSES * perClass; i++) {
            labels[i] = i / perClass;
        }
        int[] extra = rng.permutation(CLASSES);
        for (int i = CLASSES * perClass; i < n; i++) {
            labels[i] = extra[i - CLASSES * perClass];
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double f0 = rng.gaussian() * RADIAL_SD + 1;
            double f1 = rng.gaussian() * TANGENTIAL_SD;
            double a = TWO_PI * labels[i] / CLASSES + RATE * Math.exp(f0);
            double c = Math.cos(a);
            double s = Math.sin(a);
            out[i][0] = 2 * (f0 * c + f1 * s);
            out[i][1] = 2 * (-f0 * s + f1 * c);
        }
        rng.shuffle(out);
        return out;
    }

    /** The per-point transform x = map(f, k), exposed for the Jacobian test. */
    static double[] transform(double f0, double f1, int k) {
        double a = TWO_PI * k / CLASSES + RATE * Math.exp(f0);
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[] {2 * (f0 * c + f1 * s), 2 * (-f0 * s + f1 * c)};
    }

    /** det ∂y/∂f of y = x/2 as a function of f: 1 + 0.25·e^{f₀}·f₁. */
    static double jacobianDeterminant(double f0, double f1) {
        return 1 + RATE * Math.exp(f0) * f1;
    }

    static double logFeatureDensity(double f0, double f1) {
        double d = f0 - 1;
        return LOG_NORM_F - d * d * INV2_R - f1 * f1 * INV2_T;
    }

    @Override
    public double logDensity(double x, double y) {
        // p_x(x) = p_y(x/2) / 4
        return logDensityHalf(0.5 * x, 0.5 * y) - Math.log(4);
    }

    private double logDensityHalf(double y0, double y1) {
        double r = Math.hypot(y0, y1);
        if (Double.isNaN(r)) {
            return Double.NaN;
        }
        if (r == 0) {
            // y = 0 only from f = 0, where the determinant is 1, in every class.
            return logFeatureDensity(0, 0);
        }
        if (r > AVERAGE_BEYOND_R) {
            return logWindingAverage(r);
        }
        double theta = Math.atan2(y1, y0);
        Folds folds = new Folds(r);
        int mode = 0; // 0: all roots, 1: roots in the window, 2: window, exact near the fold only
        double w = Math.PI;
        if (!folds.monotone && folds.rootsPerClass() > allRootsCap) {
            w = windowHalfWidth(r);
            mode = folds.rootsInWindow(w) > windowRootsCap ? 2 : 1;
        }
        double[] terms = new double[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            double tau = theta + TWO_PI * k / CLASSES;
            double lc = switch (mode) {
                case 0 -> logClass(r, tau, folds, null);
                case 1 -> logClass(r, tau, folds, new double[] {-w, w});
                default -> logClassNearFold(r, tau, folds, w);
            };
            terms[k] = lc - Math.log(CLASSES);
        }
        return LogSumExp.of(terms, terms.length);
    }

    /** T(ψ) = ψ − 0.25 e^{r cos ψ}. */
    private static double t(double r, double psi) {
        return psi - RATE * Math.exp(r * Math.cos(psi));
    }

    /** T′(ψ) = 1 + 0.25 r sin ψ e^{r cos ψ}, the Jacobian determinant at f = r(cos ψ, sin ψ). */
    private static double tPrime(double r, double psi) {
        return 1 + RATE * r * Math.sin(psi) * Math.exp(r * Math.cos(psi));
    }

    /** The folds of T at radius r: where T′ = 0, if anywhere. */
    static final class Folds {
        final double r;
        final boolean monotone;
        /** ψ* (argmin of T′), and the folds ψ₁ &lt; ψ* &lt; ψ₂ when not monotone. */
        final double psiStar;
        final double psi1;
        final double psi2;

        Folds(double r) {
            this.r = r;
            // cos ψ* = (√(1+4r²) − 1)/(2r), written without cancellation for small r
            double cStar = 2 * r / (Math.sqrt(1 + 4 * r * r) + 1);
            psiStar = -Math.acos(cStar);
            monotone = tPrime(r, psiStar) >= 0;
            if (monotone) {
                psi1 = Double.NaN;
                psi2 = Double.NaN;
            } else {
                // T′ falls from 1 at −π to its minimum at ψ*, then rises to 1 at 0.
                psi1 = solveTPrimeZero(r, -Math.PI, psiStar, -1);
                psi2 = solveTPrimeZero(r, psiStar, 0, +1);
            }
        }

        /** (T(ψ₁) − T(ψ₂))/π + 1: about how many roots a class has. */
        double rootsPerClass() {
            return monotone ? 1 : (t(r, psi1) - t(r, psi2)) / Math.PI + 1;
        }

        /** About how many roots a class has with ψ in [−w, w]. */
        double rootsInWindow(double w) {
            double lo = Math.max(psi1, -w);
            double hi = Math.min(psi2, w);
            double dec = hi > lo ? t(r, lo) - t(r, hi) : 0;
            double inc = w > psi2 ? t(r, w) - t(r, Math.max(psi2, -w)) : 0;
            return (Math.abs(dec) + Math.abs(inc)) / TWO_PI + 2;
        }
    }

    /**
     * The zero of T′ on [lo, hi], where T′ is monotone with the given direction (+1 increasing),
     * by Newton's method safeguarded by bisection.
     */
    private static double solveTPrimeZero(double r, double lo, double hi, int dir) {
        double left = lo;
        double right = hi;
        double psi = 0.5 * (left + right);
        for (int it = 0; it < 200; it++) {
            double e = Math.exp(r * Math.cos(psi));
            double s = Math.sin(psi);
            double f = dir * (1 + RATE * r * s * e);
            if (f == 0) {
                return psi;
            }
            if (f < 0) {
                left = psi;
            } else {
                right = psi;
            }
            double df = dir * RATE * r * e * (Math.cos(psi) - r * s * s);
            double next = psi - f / df;
            if (!(next > left && next < right)) {
                next = 0.5 * (left + right);
            }
            if (Math.abs(next - psi) <= 1e-15 * (1 + Math.abs(psi)) || right - left <= 1e-15 * (1 + Math.abs(psi))) {
                return next;
            }
            psi = next;
        }
        return psi;
    }

    /**
     * Half-width w of the window |ψ| ≤ w where log N(r cos ψ; 1, 0.3²) + log N(r sin ψ; 0, 0.1²) is
     * within WINDOW_NATS of its value at ψ = 0. As a function of c = cos ψ that log-density is
     * A c² + B c + const with A = r²(1/0.02 − 1/0.18), B = 2r/0.18, so 1 − cos w solves
     * A e² − (2A + B) e + D = 0. (Its other local maximum, at ψ = π, is 22r nats lower: outside the
     * window for the r where windows are used.)
     */
    static double windowHalfWidth(double r) {
        double a = r * r * (INV2_T - INV2_R);
        double b = 2 * r * INV2_R;
        double p = 2 * a + b;
        // the discriminant p² − 4aD, scaled by p² so that it cannot overflow for huge r
        double q = 1 - (4 * WINDOW_NATS / p) * (a / p);
        if (q <= 0) {
            return Math.PI;
        }
        double e = 2 * WINDOW_NATS / (p * (1 + Math.sqrt(q)));
        // 1 − cos w = 2 sin²(w/2): exact also when e is below the rounding error of 1 − e
        return e >= 2 ? Math.PI : 2 * Math.asin(Math.sqrt(e / 2));
    }

    /**
     * log Σ over roots of class target τ = arg y + 2πk/5 of N N / |T′|; with a window, only roots
     * with ψ in [window[0], window[1]] (the window lies inside (−π, π)).
     */
    private static double logClass(double r, double tau, Folds folds, double[] window) {
        Acc acc = new Acc();
        if (folds.monotone) {
            // One increasing piece [ψ*, ψ* + 2π] over which T rises by exactly 2π: half-open, one root.
            double lo = folds.psiStar;
            double tlo = t(r, lo);
            double m = Math.ceil((tlo - tau) / TWO_PI);
            double target = tau + TWO_PI * m;
            double psi = solveT(r, target, +1, lo, lo + TWO_PI, lo + Math.PI);
            acc.add(r, psi);
            return acc.log();
        }
        double psi1 = folds.psi1;
        double psi2 = folds.psi2;
        if (window == null) {
            rootsOnPiece(r, tau, psi1, psi2, -1, acc);
            rootsOnPiece(r, tau, psi2, psi1 + TWO_PI, +1, acc);
        } else {
            double wl = window[0];
            double wh = window[1];
            // decreasing piece ∩ window
            if (Math.min(psi2, wh) > Math.max(psi1, wl)) {
                rootsOnPiece(r, tau, Math.max(psi1, wl), Math.min(psi2, wh), -1, acc);
            }
            // increasing piece [ψ₂, ψ₁ + 2π] ≡ [ψ₂, π] ∪ [−π, ψ₁], intersected with the window
            if (wh > psi2) {
                rootsOnPiece(r, tau, Math.max(psi2, wl), wh, +1, acc);
            }
            if (psi1 > wl) {
                rootsOnPiece(r, tau, wl, Math.min(psi1, wh), +1, acc);
            }
        }
        return acc.log();
    }

    /**
     * The window's root sum for large r: the NEAR_FOLD roots on each side of the fold ψ₂ exactly, and
     * beyond them the sum replaced by (2π)^{-1} ∫ N N dψ, the midpoint rule read backwards (each root
     * stands for a 2π-wide cell of T's range, and Σ_m h(τ_m) ≈ (2π)^{-1} ∫ h dT = (2π)^{-1} ∫ N N dψ
     * with h = N N/|T′|). Near the fold h varies like (T − T(ψ₂))^{-1/2}, which is why those roots are
     * summed exactly; beyond K windings the midpoint rule's relative error is ~1/(32K²) per cell.
     */
    private static double logClassNearFold(double r, double tau, Folds folds, double w) {
        Acc acc = new Acc();
        double psi1 = folds.psi1;
        double psi2 = folds.psi2;
        double t2 = t(r, psi2);
        long m0 = (long) Math.ceil((t2 - tau) / TWO_PI);
        double cut = tau + TWO_PI * (m0 + NEAR_FOLD - 1) + Math.PI;
        // increasing side [ψ₂, w]
        if (t(r, w) > cut) {
            double psiCut = solveT(r, cut, +1, psi2, w, Double.NaN);
            rootsOnPiece(r, tau, psi2, psiCut, +1, acc);
            acc.addLog(logFeatureIntegral(r, psiCut, w) - Math.log(TWO_PI));
        } else {
            rootsOnPiece(r, tau, psi2, w, +1, acc);
        }
        // decreasing side [max(ψ₁, −w), ψ₂]
        double lo = Math.max(psi1, -w);
        if (t(r, lo) > cut) {
            double psiCut = solveT(r, cut, -1, lo, psi2, Double.NaN);
            rootsOnPiece(r, tau, psiCut, psi2, -1, acc);
            acc.addLog(logFeatureIntegral(r, lo, psiCut) - Math.log(TWO_PI));
        } else {
            rootsOnPiece(r, tau, lo, psi2, -1, acc);
        }
        if (psi1 > -w) {
            rootsOnPiece(r, tau, -w, psi1, +1, acc);
        }
        return acc.log();
    }

    /** log ∫_a^b N(r cos ψ; 1, 0.3²) N(r sin ψ; 0, 0.1²) dψ by composite Gauss–Legendre in log space. */
    static double logFeatureIntegral(double r, double a, double b) {
        if (!(b > a)) {
            return Double.NEGATIVE_INFINITY;
        }
        // panels no wider than a third of the tangential sd 0.1/r, at most 512
        int panels = (int) Math.min(512, Math.max(8, Math.ceil((b - a) * r / 0.1 * 3)));
        double h = (b - a) / panels;
        Acc acc = new Acc();
        for (int q = 0; q < panels; q++) {
            for (int i = 0; i < GL8[0].length; i++) {
                double psi = a + (q + 0.5 * (GL8[0][i] + 1)) * h;
                acc.addLog(logFeatureDensity(r * Math.cos(psi), r * Math.sin(psi)) + Math.log(0.5 * h * GL8[1][i]));
            }
        }
        return acc.log();
    }

    /** All roots of T(ψ) ≡ τ (mod 2π) on [lo, hi], where T is monotone in direction dir. */
    private static void rootsOnPiece(double r, double tau, double lo, double hi, int dir, Acc acc) {
        double tlo = t(r, lo);
        double thi = t(r, hi);
        double tmin = Math.min(tlo, thi);
        double tmax = Math.max(tlo, thi);
        long mMin = (long) Math.ceil((tmin - tau) / TWO_PI);
        long mMax = (long) Math.floor((tmax - tau) / TWO_PI);
        if (mMax < mMin) {
            return;
        }
        // Walk the roots in increasing ψ, each bracketed by the previous root and hi.
        double left = lo;
        double guess = Double.NaN;
        for (long i = 0; i <= mMax - mMin; i++) {
            long m = dir > 0 ? mMin + i : mMax - i;
            double target = tau + TWO_PI * m;
            double psi = solveT(r, target, dir, left, hi, guess);
            acc.add(r, psi);
            left = psi;
            double slope = Math.abs(tPrime(r, psi));
            guess = psi + TWO_PI / Math.max(slope, 1e-300);
        }
    }

    /**
     * ψ in [lo, hi] with T(ψ) = target, T monotone there in direction dir: Newton's method safeguarded
     * by bisection, from {@code guess} if it lies inside the bracket.
     */
    private static double solveT(double r, double target, int dir, double lo, double hi, double guess) {
        double left = lo;
        double right = hi;
        double psi = guess > left && guess < right ? guess : 0.5 * (left + right);
        for (int it = 0; it < 300; it++) {
            double e = Math.exp(r * Math.cos(psi));
            double f = dir * (psi - RATE * e - target);
            if (f == 0) {
                return psi;
            }
            if (f < 0) {
                left = psi;
            } else {
                right = psi;
            }
            double df = dir * (1 + RATE * r * Math.sin(psi) * e);
            double next = psi - f / df;
            if (!(next > left && next < right)) {
                next = 0.5 * (left + right);
            }
            double tol = 2e-16 * (1 + Math.abs(psi));
            if (Math.abs(next - psi) <= tol || right - left <= tol) {
                return next;
            }
            psi = next;
        }
        return psi;
    }

    /** A streaming log-sum-exp of root contributions log N N − log|T′|. */
    private static final class Acc {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;

        void add(double r, double psi) {
            double f0 = r * Math.cos(psi);
            double f1 = r * Math.sin(psi);
            double det = Math.abs(1 + RATE * Math.exp(f0) * f1);
            addLog(logFeatureDensity(f0, f1) - Math.log(Math.max(det, Double.MIN_NORMAL)));
        }

        void addLog(double v) {
            if (v == Double.NEGATIVE_INFINITY || Double.isNaN(v)) {
                return;
            }
            if (v > max) {
                sum = sum * Math.exp(max - v) + 1;
                max = v;
            } else {
                sum += Math.exp(v - max);
            }
        }

        double log() {
            return max + Math.log(sum);
        }
    }

    /**
     * log (2π)^{-1} ∫ N(r cos ψ; 1, 0.3²) N(r sin ψ; 0, 0.1²) dψ: the root sum averaged over the
     * winding, the same for every class. Gauss–Legendre over the window, in log space.
     */
    static double logWindingAverage(double r) {
        double w = windowHalfWidth(r);
        int panels = 32;
        double[][] gl = ToyMath.gaussLegendre(8);
        double h = 2 * w / panels;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int q = 0; q < panels; q++) {
            for (int i = 0; i < gl[0].length; i++) {
                double psi = -w + (q + 0.5 * (gl[0][i] + 1)) * h;
                double v = logFeatureDensity(r * Math.cos(psi), r * Math.sin(psi)) + Math.log(0.5 * h * gl[1][i]);
                if (v == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                if (v > max) {
                    sum = sum * Math.exp(max - v) + 1;
                    max = v;
                } else {
                    sum += Math.exp(v - max);
                }
            }
        }
        return max + Math.log(sum) - Math.log(TWO_PI);
    }
}
