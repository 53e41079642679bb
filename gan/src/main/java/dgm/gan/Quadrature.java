package dgm.gan;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Globally adaptive Gauss–Kronrod (7/15-point) quadrature in float64, after QUADPACK's QAG/QAGI
 * (Piessens et al. 1983): the interval with the largest error estimate is bisected until the summed
 * error estimate is below max(absTol, relTol·|I|). Integrals over ℝ are split at given breakpoints;
 * the two infinite tails are mapped to (0, 1] by x = a ∓ (1 − t)/t, dx = dt/t².
 */
public final class Quadrature {
    private Quadrature() {
    }

    /** The value, the error estimate, the number of integrand evaluations and whether the tolerance was met. */
    public record Result(double value, double errorEstimate, int evaluations, boolean converged) {
    }

    /** Default tolerances used by the divergence ground truth. */
    public static final double ABS_TOL = 1e-13;
    public static final double REL_TOL = 1e-12;
    public static final int MAX_INTERVALS = 4000;

    private static final double[] XGK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0};
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    /** Gauss 7-point weights at XGK[1], XGK[3], XGK[5], XGK[7]. */
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
    private static final double EPS = Math.ulp(1.0);

    private static final class Segment {
        final DoubleUnaryOperator g;
        final double a;
        final double b;
        double value;
        double error;

        Segment(DoubleUnaryOperator g, double a, double b) {
            this.g = g;
            this.a = a;
            this.b = b;
        }
    }

    /** ∫_a^b f(x) dx for finite a &lt; b, default tolerances. */
    public static Result integrate(DoubleUnaryOperator f, double a, double b) {
        return integrate(f, a, b, ABS_TOL, REL_TOL, MAX_INTERVALS);
    }

    /** ∫_a^b f(x) dx for finite a ≤ b. */
    public static Result integrate(DoubleUnaryOperator f, double a, double b, double absTol, double relTol, int maxIntervals) {
        if (!(a <= b) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("need finite a <= b, got [" + a + ", " + b + "]");
        }
        if (a == b) {
            return new Result(0.0, 0.0, 0, true);
        }
        return run(new Segment[] {new Segment(f, a, b)}, absTol, relTol, maxIntervals);
    }

    /** ∫_ℝ f(x) dx, split at the (finite) breakpoints, default tolerances. */
    public static Result integrateReal(DoubleUnaryOperator f, double... breakpoints) {
        return integrateReal(f, breakpoints, ABS_TOL, REL_TOL, MAX_INTERVALS);
    }

    /** ∫_ℝ f(x) dx, split at the (finite) breakpoints; at least one breakpoint is needed. */
    public static Result integrateReal(DoubleUnaryOperator f, double[] breakpoints, double absTol, double relTol, int maxIntervals) {
        double[] bp = Arrays.stream(breakpoints).filter(Double::isFinite).sorted().distinct().toArray();
        if (bp.length == 0) {
            bp = new double[] {0.0};
        }
        Segment[] segs = new Segment[bp.length + 1];
        final double lo = bp[0];
        final double hi = bp[bp.length - 1];
        segs[0] = new Segment(t -> {
            double x = lo - (1.0 - t) / t;
            double fx = f.applyAsDouble(x);
            return fx == 0.0 ? 0.0 : fx / (t * t);
        }, 0.0, 1.0);
        for (int i = 0; i + 1 < bp.length; i++) {
            segs[i + 1] = new Segment(f, bp[i], bp[i + 1]);
        }
        segs[bp.length] = new Segment(t -> {
            double x = hi + (1.0 - t) / t;
            double fx = f.applyAsDouble(x);
            return fx == 0.0 ? 0.0 : fx / (t * t);
        }, 0.0, 1.0);
        return run(segs, absTol, relTol, maxIntervals);
    }

    private static Result run(Segment[] initial, double absTol, double relTol, int maxIntervals) {
        PriorityQueue<Segment> queue = new PriorityQueue<>((s, t) -> Double.compare(t.error, s.error));
        int evaluations = 0;
        for (Segment s : initial) {
            gk15(s);
            evaluations += 15;
            queue.add(s);
        }
        int intervals = initial.length;
        while (true) {
            double total = 0;
            double err = 0;
            for (Segment s : queue) {
                total += s.value;
                err += s.error;
            }
            if (!Double.isFinite(total) || !Double.isFinite(err)) {
                return new Result(total, err, evaluations, false);
            }
            if (err <= Math.max(absTol, relTol * Math.abs(total))) {
                return new Result(total, err, evaluations, true);
            }
            if (intervals >= maxIntervals) {
                return new Result(total, err, evaluations, false);
            }
            Segment worst = queue.poll();
            double mid = 0.5 * (worst.a + worst.b);
            if (!(mid > worst.a && mid < worst.b)) {
                // Cannot bisect further in float64: keep it, report non-convergence.
                queue.add(worst);
                return new Result(total, err, evaluations, false);
            }
            Segment left = new Segment(worst.g, worst.a, mid);
            Segment right = new Segment(worst.g, mid, worst.b);
            gk15(left);
            gk15(right);
            evaluations += 30;
            queue.add(left);
            queue.add(right);
            intervals++;
        }
    }

    /** One 15-point Kronrod rule with QUADPACK's error estimate. */
    private static void gk15(Segment s) {
        double centre = 0.5 * (s.a + s.b);
        double half = 0.5 * (s.b - s.a);
        double fc = s.g.applyAsDouble(centre);
        double resG = fc * WG[3];
        double resK = fc * WGK[7];
        double resAbs = Math.abs(resK);
        double[] f1 = new double[7];
        double[] f2 = new double[7];
        for (int j = 0; j < 7; j++) {
            double dx = half * XGK[j];
            f1[j] = s.g.applyAsDouble(centre - dx);
            f2[j] = s.g.applyAsDouble(centre + dx);
            double sum = f1[j] + f2[j];
            resK += WGK[j] * sum;
            resAbs += WGK[j] * (Math.abs(f1[j]) + Math.abs(f2[j]));
            if (j % 2 == 1) {
                resG += WG[j / 2] * sum;
            }
        }
        double mean = resK * 0.5;
        double resAsc = WGK[7] * Math.abs(fc - mean);
        for (int j = 0; j < 7; j++) {
            resAsc += WGK[j] * (Math.abs(f1[j] - mean) + Math.abs(f2[j] - mean));
        }
        double absHalf = Math.abs(half);
        resK *= half;
        resAbs *= absHalf;
        resAsc *= absHalf;
        double err = Math.abs((resK - resG * half));
        if (resAsc != 0 && err != 0) {
            err = resAsc * Math.min(1.0, Math.pow(200 * err / resAsc, 1.5));
        }
        if (resAbs > Double.MIN_NORMAL / (50 * EPS)) {
            err = Math.max(50 * EPS * resAbs, err);
        }
        s.value = resK;
        s.error = Double.isNaN(resK) ? Double.POSITIVE_INFINITY : err;
    }
}
