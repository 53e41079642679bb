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

    /**
     * Labelled positions on a logarithmic axis over [lo, hi] (lo &gt; 0): the powers of ten inside, and
     * where fewer than three of them fall inside, also 2 and 5 times each power.
     */
    static double[] log(double lo, double hi) {
        double[] decades = log(lo, hi, 1);
        return decades.length >= 3 ? decades : log(lo, hi, 1, 2, 5);
    }

    /** The positions {@code m × 10^k} inside [lo, hi] for the given multiples m (1 … 9), ascending. */
    static double[] log(double lo, double hi, int... multiples) {
        if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi)) {
            return new double[0];
        }
        List<Double> out = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lo)) - 1; k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (int m : multiples) {
                double v = m * Math.pow(10, k);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Unlabelled minor positions on a logarithmic axis: 2 … 9 times each power of ten inside [lo, hi]. */
    static double[] logMinor(double lo, double hi) {
        if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi)) {
            return new double[0];
        }
        List<Double> out = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lo)) - 1; k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (int m = 2; m <= 9; m++) {
                double v = m * Math.pow(10, k);
                if (v >= lo && v <= hi) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Labels for logarithmic ticks: 0.01, 0.5, 20, 500, 1k, 20k, 1M; each as few digits as it needs. */
    static String[] logLabels(double[] ticks) {
        String[] out = new String[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            double v = ticks[i];
            String suffix = "";
            if (v >= 1e6 - 1e-6) {
                v /= 1e6;
                suffix = "M";
            } else if (v >= 1000 - 1e-9) {
                v /= 1000;
                suffix = "k";
            }
            java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros();
            out[i] = (b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString()) + suffix;
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
