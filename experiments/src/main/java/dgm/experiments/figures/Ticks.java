package dgm.experiments.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" tick positions (1, 2 or 5 × 10^k) and their labels, with a typographic minus. */
final class Ticks {
    private Ticks() {
    }

    /** Positions within [lo, hi], about {@code target} of them. */
    static double[] nice(double lo, double hi, int target) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return Double.isFinite(lo) ? new double[] {lo} : new double[0];
        }
        double step = step(lo, hi, target);
        List<Double> t = new ArrayList<>();
        double first = Math.ceil(lo / step - 1e-9) * step;
        for (double v = first; v <= hi + step * 1e-9; v += step) {
            t.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double step(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * mag;
    }

    /** Labels for equally spaced ticks: as few decimals as the spacing needs; thousands as "k". */
    static String[] labels(double[] ticks) {
        String[] out = new String[ticks.length];
        if (ticks.length == 0) {
            return out;
        }
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.max(Math.abs(ticks[0]), 1);
        double max = 0;
        for (double t : ticks) {
            max = Math.max(max, Math.abs(t));
        }
        boolean thousands = max >= 10_000 && step >= 1000 && isMultiple(ticks, 1000);
        double unit = thousands ? 1000 : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step / unit) - 1e-9));
        if (Math.abs(step / unit * Math.pow(10, decimals) - Math.rint(step / unit * Math.pow(10, decimals))) > 1e-6) {
            decimals++; // 2.5 × 10^k
        }
        for (int i = 0; i < ticks.length; i++) {
            String s = String.format(Locale.ROOT, "%." + decimals + "f", ticks[i] / unit);
            if (s.startsWith("-")) {
                s = "\u2212" + s.substring(1);
            }
            if (s.equals("\u22120") || s.matches("\u22120\\.0*")) {
                s = s.substring(1);
            }
            out[i] = thousands ? s + "k" : s;
        }
        return out;
    }

    private static boolean isMultiple(double[] ticks, double m) {
        for (double t : ticks) {
            if (Math.abs(t / m - Math.rint(t / m)) > 1e-9) {
                return false;
            }
        }
        return true;
    }
}
