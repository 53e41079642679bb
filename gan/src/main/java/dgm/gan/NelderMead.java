package dgm.gan;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The Nelder–Mead simplex minimiser (Nelder and Mead 1965; standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½). Non-finite objective values are treated as +∞, so a
 * region where the objective is infinite simply repels the simplex.
 */
public final class NelderMead {
    private NelderMead() {
    }

    /** The best point, its value and the number of objective evaluations. */
    public record Result(double[] x, double value, int evaluations) {
    }

    /**
     * Minimises {@code f} from {@code x0} with an initial simplex of axis steps {@code step}, until
     * the spread of the simplex values is ≤ fTol and its diameter is ≤ xTol, or maxEvaluations.
     */
    public static Result minimise(ToDoubleFunction<double[]> f, double[] x0, double step, double fTol, double xTol, int maxEvaluations) {
        int n = x0.length;
        double[][] s = new double[n + 1][];
        double[] fs = new double[n + 1];
        int[] evals = {0};
        ToDoubleFunction<double[]> g = x -> {
            evals[0]++;
            double v = f.applyAsDouble(x);
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        };
        s[0] = x0.clone();
        fs[0] = g.applyAsDouble(s[0]);
        for (int i = 0; i < n; i++) {
            s[i + 1] = x0.clone();
            s[i + 1][i] += step;
            fs[i + 1] = g.applyAsDouble(s[i + 1]);
        }
        Integer[] idx = new Integer[n + 1];
        while (evals[0] < maxEvaluations) {
            for (int i = 0; i <= n; i++) {
                idx[i] = i;
            }
            final double[] fv = fs;
            Arrays.sort(idx, (a, b) -> Double.compare(fv[a], fv[b]));
            double[][] s2 = new double[n + 1][];
            double[] f2 = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                s2[i] = s[idx[i]];
                f2[i] = fs[idx[i]];
            }
            s = s2;
            fs = f2;
            double diam = 0;
            for (int i = 1; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    diam = Math.max(diam, Math.abs(s[i][j] - s[0][j]));
                }
            }
            if (Math.abs(fs[n] - fs[0]) <= fTol && diam <= xTol) {
                break;
            }
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[j] += s[i][j] / n;
                }
            }
            double[] xr = affine(c, s[n], -1.0);
            double fr = g.applyAsDouble(xr);
            if (fr < fs[0]) {
                double[] xe = affine(c, s[n], -2.0);
                double fe = g.applyAsDouble(xe);
                if (fe < fr) {
                    s[n] = xe;
                    fs[n] = fe;
                } else {
                    s[n] = xr;
                    fs[n] = fr;
                }
            } else if (fr < fs[n - 1]) {
                s[n] = xr;
                fs[n] = fr;
            } else {
                boolean outside = fr < fs[n];
                double[] xc = outside ? affine(c, s[n], -0.5) : affine(c, s[n], 0.5);
                double fc = g.applyAsDouble(xc);
                if (fc < (outside ? fr : fs[n])) {
                    s[n] = xc;
                    fs[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        s[i] = affine(s[0], s[i], 0.5);
                        fs[i] = g.applyAsDouble(s[i]);
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (fs[i] < fs[best]) {
                best = i;
            }
        }
        return new Result(s[best].clone(), fs[best], evals[0]);
    }

    /** c + t (x − c). */
    private static double[] affine(double[] c, double[] x, double t) {
        double[] y = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            y[j] = c[j] + t * (x[j] - c[j]);
        }
        return y;
    }
}
