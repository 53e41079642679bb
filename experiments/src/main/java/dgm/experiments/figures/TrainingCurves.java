package dgm.experiments.figures;

import dgm.core.run.Json;
import dgm.core.train.HistoryPoint;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The training figures of a comparison, per dataset, from the histories every run logs (run.json):
 * <ul>
 *   <li>{@link #heldOut}: one panel, the validation NLL of every gradient-trained model that logs one
 *       (flows; VAEs, whose value is a bound) against gradient steps, a mean line over seeds with a
 *       min–max band;</li>
 *   <li>{@link #flows}, {@link #vaes}, {@link #fgans}: each family's diagnostics, one small panel per
 *       quantity (or per model), for the families present;</li>
 *   <li>{@link #wallTime}: the only figure over wall-clock seconds: held-out curves against seconds and
 *       every model's training seconds as bars;</li>
 *   <li>{@link #baselineTraces}: the baselines' own fitting traces (EM over restarts and k, the KDE's
 *       bandwidth search), drawn only when asked for.</li>
 * </ul>
 * Each builder returns its figure with the caption that says what it shows, or nothing when there
 * is nothing to draw; a line is only drawn through two or more points. Legends sit outside the plot
 * areas. Every figure is one column of a paper wide ({@link Style#column()}).
 */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /** A figure with its caption for report.md. */
    public record Captioned(ChartFigure figure, String caption) {
    }

    /**
     * One model's runs on one dataset.
     *
     * @param model           the model id
     * @param family          its family ({@code flow}, {@code vae}, {@code gan}, {@code baseline})
     * @param gradientTrained whether it takes gradient steps (declares training parameters)
     * @param bound           whether its likelihood is a bound (a VAE's), not exact
     * @param seeds           the seeds with a record, in order
     * @param histories       each seed's history rows
     * @param trainSeconds    each seed's training seconds (NaN where not recorded)
     * @param resumed         per seed, whether its run resumed from a checkpoint (its seconds then come
     *                        from its history, see {@link #readRun})
     */
    public record ModelRuns(String model, String family, boolean gradientTrained, boolean bound, List<Long> seeds,
                            List<List<HistoryPoint>> histories, List<Double> trainSeconds, List<Boolean> resumed) {
        public ModelRuns {
            seeds = List.copyOf(seeds);
            histories = List.copyOf(histories);
            trainSeconds = List.copyOf(trainSeconds);
            resumed = List.copyOf(resumed);
            if (seeds.size() != histories.size() || seeds.size() != trainSeconds.size() || seeds.size() != resumed.size()) {
                throw new IllegalArgumentException(model + ": " + seeds.size() + " seeds, " + histories.size()
                        + " histories, " + trainSeconds.size() + " training times, " + resumed.size() + " resume flags");
            }
        }

        /** Runs none of which resumed from a checkpoint. */
        public ModelRuns(String model, String family, boolean gradientTrained, boolean bound, List<Long> seeds,
                         List<List<HistoryPoint>> histories, List<Double> trainSeconds) {
            this(model, family, gradientTrained, bound, seeds, histories, trainSeconds,
                    java.util.Collections.nCopies(seeds.size(), false));
        }

        /** Whether {@code key} has a finite value at two or more points in some seed's history. */
        boolean logs(String key) {
            for (List<HistoryPoint> h : histories) {
                int n = 0;
                for (HistoryPoint p : h) {
                    Double v = p.values().get(key);
                    if (v != null && Double.isFinite(v) && ++n >= 2) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The last finite value of {@code key} in each seed's history (NaN where a seed has none). */
        double[] last(String key) {
            double[] out = new double[histories.size()];
            for (int s = 0; s < out.length; s++) {
                out[s] = Double.NaN;
                for (HistoryPoint p : histories.get(s)) {
                    Double v = p.values().get(key);
                    if (v != null && Double.isFinite(v)) {
                        out[s] = v;
                    }
                }
            }
            return out;
        }
    }

    /** The held-out value of the likelihood models: mean −log q(x) (or its bound) on the validation split. */
    public static final String HELD_OUT = "val_nll";

    // ---- aggregation over seeds ----------------------------------------------------------------

    /**
     * A logged value aggregated over seeds at each logged step: x (the step, or the mean over seeds
     * of the seconds at that step), the mean, and a band [lo, hi] (NaN where fewer than two seeds
     * logged the step and no error is given).
     */
    record Curve(double[] x, double[] mean, double[] lo, double[] hi, int maxSeeds) {
        int points() {
            int n = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(mean[i])) {
                    n++;
                }
            }
            return n;
        }

        boolean hasBand() {
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(lo[i]) && Double.isFinite(hi[i]) && hi[i] > lo[i]) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code key} over the seeds' histories: at every step some seed logged it (finitely), the mean
     * over the seeds that did; the band is their min–max, or with {@code errKey} the envelope of
     * value ± error over them. A seed that logs a step twice counts its last row.
     */
    static Curve curve(List<List<HistoryPoint>> histories, String key, String errKey, boolean overSeconds) {
        TreeMap<Long, List<double[]>> byStep = new TreeMap<>();
        int seeds = 0;
        for (List<HistoryPoint> h : histories) {
            Map<Long, double[]> own = new LinkedHashMap<>();
            for (HistoryPoint p : h) {
                Double v = p.values().get(key);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                Double e = errKey == null ? null : p.values().get(errKey);
                own.put(p.step(), new double[] {v, e == null || !Double.isFinite(e) ? Double.NaN : e, p.seconds()});
            }
            if (!own.isEmpty()) {
                seeds++;
            }
            own.forEach((step, row) -> byStep.computeIfAbsent(step, k -> new ArrayList<>()).add(row));
        }
        int n = byStep.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int i = 0;
        for (Map.Entry<Long, List<double[]>> e : byStep.entrySet()) {
            List<double[]> rows = e.getValue();
            double sum = 0;
            double secs = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean errs = errKey != null;
            for (double[] r : rows) {
                sum += r[0];
                secs += r[2];
                double a = errKey == null ? r[0] : r[0] - r[1];
                double b = errKey == null ? r[0] : r[0] + r[1];
                errs &= Double.isFinite(r[1]);
                min = Math.min(min, a);
                max = Math.max(max, b);
            }
            x[i] = overSeconds ? secs / rows.size() : e.getKey();
            mean[i] = sum / rows.size();
            boolean band = errKey == null ? rows.size() >= 2 : errs;
            lo[i] = band ? min : Double.NaN;
            hi[i] = band ? max : Double.NaN;
            i++;
        }
        return new Curve(x, mean, lo, hi, seeds);
    }

    // ---- shared pieces -------------------------------------------------------------------------

    private static final double ASPECT = 0.72;
    private static final double SMALL_ASPECT = 0.8;
    /** Steps spanning this ratio or more are drawn on a logarithmic axis. */
    static final double LOG_RATIO = 20;
    /** A series of at most this many points gets a dot at each. */
    private static final int FEW_POINTS = 12;
    private static final Color GREY = new Color(0x555555);
    private static final Color BASELINE_BAR = new Color(0xb0b0b0);
    private static final Color TRAINED_BAR = new Color(0x4a6f94);

    /** Colours by model: the models that {@code which} accepts, in order, through {@link ColorMap#series}. */
    static Map<String, Color> colours(List<ModelRuns> runs, Predicate<ModelRuns> which) {
        Map<String, Color> out = new LinkedHashMap<>();
        for (ModelRuns r : runs) {
            if (which.test(r)) {
                out.put(r.model(), ColorMap.series(out.size()));
            }
        }
        return out;
    }

    /** The likelihood models: gradient-trained and logging a held-out NLL (flows, VAEs). */
    private static boolean likelihood(ModelRuns r) {
        return r.gradientTrained() && r.logs(HELD_OUT);
    }

    /** x range [lo, hi] of the curves' points (positive ones on a log axis), and whether it is logarithmic. */
    private record XAxis(double lo, double hi, boolean log) {
    }

    private static XAxis xAxis(List<Curve> curves, boolean allowLog) {
        double min = Double.POSITIVE_INFINITY;
        double minPositive = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (int i = 0; i < c.x().length; i++) {
                double v = c.x()[i];
                if (Double.isFinite(v) && Double.isFinite(c.mean()[i])) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    if (v > 0) {
                        minPositive = Math.min(minPositive, v);
                    }
                }
            }
        }
        if (!(max > min)) {
            double c = Double.isFinite(min) ? min : 0;
            return new XAxis(c - 1, c + 1, false);
        }
        if (allowLog && minPositive < max && max / minPositive >= LOG_RATIO) {
            double pad = Math.pow(max / minPositive, 0.03);
            return new XAxis(minPositive / pad, max * pad, true);
        }
        double pad = 0.03 * (max - min);
        return new XAxis(min - pad, max + pad, false);
    }

    /** The fraction of the x axis whose values may lie above the y range (the first steps' high losses). */
    static final double CUT_FRACTION = 0.1;

    /** y range [lo, hi], and the value above which early points run off the top (NaN: nothing cut). */
    private record YAxis(double lo, double hi, double cutAbove) {
    }

    /**
     * The y range of the curves (means and bands): from their lowest value to their highest after
     * the first {@link #CUT_FRACTION} of the x axis, when {@code cut}; earlier, higher values (the
     * first evaluations of an untrained model) run off the top rather than squash every curve into the
     * bottom of the panel.
     */
    private static YAxis yAxis(List<Curve> curves, XAxis xa, boolean cut) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double hiAll = Double.NEGATIVE_INFINITY;
        double from = xa.log() ? xa.lo() * Math.pow(xa.hi() / xa.lo(), CUT_FRACTION) : xa.lo() + CUT_FRACTION * (xa.hi() - xa.lo());
        for (Curve c : curves) {
            for (int i = 0; i < c.x().length; i++) {
                if (!Double.isFinite(c.x()[i]) || !Double.isFinite(c.mean()[i]) || (xa.log() && !(c.x()[i] > 0))) {
                    continue;
                }
                double top = Double.isFinite(c.hi()[i]) ? Math.max(c.hi()[i], c.mean()[i]) : c.mean()[i];
                double bottom = Double.isFinite(c.lo()[i]) ? Math.min(c.lo()[i], c.mean()[i]) : c.mean()[i];
                lo = Math.min(lo, bottom);
                hiAll = Math.max(hiAll, top);
                if (!cut || c.x()[i] >= from) {
                    hi = Math.max(hi, top);
                }
            }
        }
        if (!(hi >= lo)) {
            hi = hiAll;
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new YAxis(0, 1, Double.NaN);
        }
        double span = hi > lo ? hi - lo : Math.max(1e-9, Math.abs(hi) * 0.1 + 1e-9);
        double top = hi + 0.05 * span;
        return new YAxis(lo - 0.05 * span, top, hiAll > top ? hi : Double.NaN);
    }

    /** Draws a curve into a panel: its band (when it has one), then its mean line, dots for few points. */
    private static void draw(Chart a, Curve c, Color colour, boolean dashed, boolean bandToo) {
        if (bandToo && c.hasBand()) {
            a.band(c.x(), c.lo(), c.hi(), Legend.translucent(colour));
        }
        a.line(c.x(), c.mean(), colour, dashed, 1.0, c.points() <= FEW_POINTS ? 1.3 : 0);
    }

    private static Chart panel(XAxis xa, YAxis ya, double aspect) {
        Chart a = new Chart().aspect(aspect).xRange(xa.lo(), xa.hi()).yRange(ya.lo(), ya.hi());
        return xa.log() ? a.logX() : a;
    }

    /** "seeds 0, 1, 2" when every model has the same seeds, else each model's. */
    private static String seedText(List<ModelRuns> runs, String key) {
        Map<String, List<Long>> seeds = new LinkedHashMap<>();
        for (ModelRuns r : runs) {
            List<Long> s = new ArrayList<>();
            for (int i = 0; i < r.seeds().size(); i++) {
                for (HistoryPoint p : r.histories().get(i)) {
                    Double v = p.values().get(key);
                    if (v != null && Double.isFinite(v)) {
                        s.add(r.seeds().get(i));
                        break;
                    }
                }
            }
            seeds.put(r.model(), s);
        }
        return seedsByModel(seeds, "", "");
    }

    /**
     * The seeds of each model: "seeds 0, 1, 2" when every model has the same ones, else each model's,
     * between {@code before} and {@code after}.
     */
    private static String seedsByModel(Map<String, List<Long>> seeds, String before, String after) {
        TreeSet<String> distinct = new TreeSet<>();
        seeds.values().forEach(s -> distinct.add(s.toString()));
        if (distinct.size() == 1) {
            return listSeeds(seeds.values().iterator().next());
        }
        List<String> parts = new ArrayList<>();
        seeds.forEach((m, s) -> parts.add(m + ": " + listSeeds(s)));
        return before + String.join("; ", parts) + after;
    }

    private static String listSeeds(List<Long> s) {
        StringBuilder b = new StringBuilder(s.size() == 1 ? "seed " : "seeds ");
        for (int i = 0; i < s.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(s.get(i));
        }
        return b.toString();
    }

    /** What the line and the band are, for a caption. */
    private static String bandText(List<ModelRuns> runs, String key) {
        int most = 0;
        for (ModelRuns r : runs) {
            most = Math.max(most, curve(r.histories(), key, null, false).maxSeeds());
        }
        String seeds = seedText(runs, key);
        return most >= 2
                ? "Lines: the mean over " + seeds + " at each logged step; shaded: the min–max over the same seeds."
                : "Lines: " + seeds + " (one seed: no band).";
    }

    private static String axisText(XAxis xa, String what) {
        return xa.log() ? what + " (logarithmic axis)" : what;
    }

    private static String cutText(YAxis ya, String unit) {
        return Double.isNaN(ya.cutAbove()) ? ""
                : " The y axis ends just above " + significant(ya.cutAbove()) + " " + unit + ", the highest value after the first "
                        + "tenth of the x axis: the first evaluations, higher, run off the top.";
    }

    /** Three significant digits, plain. */
    static String significant(double v) {
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(3));
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }

    /** "seeds 0, 1, 2" of the runs that recorded their training seconds (each model's where they differ). */
    private static String timedSeeds(List<ModelRuns> runs) {
        Map<String, List<Long>> seeds = new LinkedHashMap<>();
        for (ModelRuns r : runs) {
            List<Long> s = new ArrayList<>();
            for (int i = 0; i < r.seeds().size(); i++) {
                if (Double.isFinite(r.trainSeconds().get(i)) && r.trainSeconds().get(i) > 0) {
                    s.add(r.seeds().get(i));
                }
            }
            if (!s.isEmpty()) {
                seeds.put(r.model(), s);
            }
        }
        return seedsByModel(seeds, "the seeds (", ")");
    }

    private static String modelList(List<ModelRuns> runs) {
        List<String> names = new ArrayList<>();
        runs.forEach(r -> names.add(r.model()));
        return String.join(", ", names);
    }

    // ---- the held-out figure ---------------------------------------------------------------------

    /**
     * DATASET-training: the validation NLL of every gradient-trained model that logs one, against
     * gradient steps, one panel, the legend at its right.
     */
    public static Optional<Captioned> heldOut(String dataset, List<ModelRuns> runs) {
        Map<String, Color> colour = colours(runs, TrainingCurves::likelihood);
        List<ModelRuns> shown = runs.stream().filter(TrainingCurves::likelihood).toList();
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<Curve> curves = new ArrayList<>();
        for (ModelRuns r : shown) {
            curves.add(curve(r.histories(), HELD_OUT, null, false));
        }
        XAxis xa = xAxis(curves, true);
        YAxis ya = yAxis(curves, xa, true);
        Chart a = panel(xa, ya, ASPECT).xLabel("gradient step").yLabel("validation NLL (nats)");
        List<Legend.Entry> entries = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            ModelRuns r = shown.get(i);
            Curve c = curves.get(i);
            if (c.hasBand()) {
                a.band(c.x(), c.lo(), c.hi(), Legend.translucent(colour.get(r.model())));
            }
        }
        for (int i = 0; i < shown.size(); i++) {
            ModelRuns r = shown.get(i);
            Curve c = curves.get(i);
            draw(a, c, colour.get(r.model()), r.bound(), false);
            entries.add(new Legend.Entry(r.model() + (r.bound() ? " (bound)" : ""), colour.get(r.model()),
                    r.bound() ? (c.hasBand() ? Legend.Swatch.DASHED_BAND : Legend.Swatch.DASHED)
                            : (c.hasBand() ? Legend.Swatch.LINE_BAND : Legend.Swatch.LINE)));
        }
        ChartFigure f = ChartFigure.of(Style.column(), 1, List.of(a)).legend(new Legend(entries, Legend.Position.RIGHT));
        List<ModelRuns> bounds = shown.stream().filter(ModelRuns::bound).toList();
        List<String> others = new ArrayList<>();
        for (ModelRuns r : runs) {
            if (r.gradientTrained() && !likelihood(r)) {
                others.add(r.model());
            }
        }
        boolean baselines = runs.stream().anyMatch(r -> !r.gradientTrained());
        String caption = "Held-out curves on " + dataset + ": the validation NLL (val_nll in each run's history: the mean "
                + "−log q(x) over the validation split, in nats per example, the value the trainer selects on) of "
                + modelList(shown) + ", against " + axisText(xa, "gradient steps") + ". " + bandText(shown, HELD_OUT)
                + (bounds.isEmpty() ? "" : " Dashed, marked (bound): " + modelList(bounds) + ", whose value is the validation "
                        + "objective (the negative ELBO, or an IWAE's negative importance-weighted bound): an upper bound on "
                        + "the NLL, not the NLL.")
                + cutText(ya, "nats")
                + (others.isEmpty() ? "" : " Not drawn: " + String.join(", ", others) + " (no likelihood; see " + dataset
                        + "-training-fgan).")
                + (baselines ? " The baselines take no gradient steps and are not drawn; their test NLLs are in the tables." : "");
        return Optional.of(new Captioned(f, caption));
    }

    // ---- per family ------------------------------------------------------------------------------

    /** DATASET-training-flow: per flow a panel of its training and validation NLL over steps, shared axes. */
    public static Optional<Captioned> flows(String dataset, List<ModelRuns> runs) {
        Map<String, Color> colour = colours(runs, TrainingCurves::likelihood);
        List<ModelRuns> shown = runs.stream().filter(r -> r.family().equals("flow") && r.gradientTrained()
                && (r.logs("train_nll") || r.logs(HELD_OUT))).toList();
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<Curve> all = new ArrayList<>();
        List<Curve[]> per = new ArrayList<>();
        for (ModelRuns r : shown) {
            Curve train = curve(r.histories(), "train_nll", null, false);
            Curve val = curve(r.histories(), HELD_OUT, null, false);
            per.add(new Curve[] {train, val});
            all.add(train);
            all.add(val);
        }
        XAxis xa = xAxis(all, true);
        YAxis ya = yAxis(all, xa, true);
        List<Chart> panels = new ArrayList<>();
        boolean band = false;
        for (int i = 0; i < shown.size(); i++) {
            ModelRuns r = shown.get(i);
            Color c = colour.getOrDefault(r.model(), ColorMap.series(i));
            Chart a = panel(xa, ya, SMALL_ASPECT).title(r.model()).xLabel("gradient step").yLabel(i % 2 == 0 ? "NLL (nats)" : "");
            for (int k = 0; k < 2; k++) {
                Curve cv = per.get(i)[k];
                if (cv.points() >= 2) {
                    draw(a, cv, c, k == 1, true);
                    band |= cv.hasBand();
                }
            }
            panels.add(a);
        }
        Legend legend = new Legend(List.of(
                new Legend.Entry("training", GREY, band ? Legend.Swatch.LINE_BAND : Legend.Swatch.LINE),
                new Legend.Entry("validation", GREY, band ? Legend.Swatch.DASHED_BAND : Legend.Swatch.DASHED)),
                Legend.Position.BELOW);
        ChartFigure f = ChartFigure.of(Style.column(), 2, panels).legend(legend);
        String caption = "Flows on " + dataset + ", one panel each (" + modelList(shown) + ", shared axes): the training "
                + "NLL (solid; train_nll, the mean over the training batches since the previous logged step) and the "
                + "validation NLL (dashed; val_nll, the whole validation split at the logged step), nats per example, "
                + "against " + axisText(xa, "gradient steps") + ". " + bandText(shown, HELD_OUT) + cutText(ya, "nats");
        return Optional.of(new Captioned(f, caption));
    }

    /**
     * DATASET-training-vae: the training reconstruction term and KL over steps, and where the run
     * logged them at its end, the KL of each latent dimension as bars.
     */
    public static Optional<Captioned> vaes(String dataset, List<ModelRuns> runs) {
        Map<String, Color> colour = colours(runs, TrainingCurves::likelihood);
        List<ModelRuns> shown = runs.stream().filter(r -> r.family().equals("vae") && r.gradientTrained()
                && (r.logs("train_recon") || r.logs("train_kl"))).toList();
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<Chart> panels = new ArrayList<>();
        String[][] quantities = {{"train_recon", "reconstruction term"}, {"train_kl", "KL term"}};
        String xText = "";
        List<String> cuts = new ArrayList<>();
        for (String[] q : quantities) {
            List<Curve> curves = new ArrayList<>();
            List<ModelRuns> with = new ArrayList<>();
            for (ModelRuns r : shown) {
                Curve c = curve(r.histories(), q[0], null, false);
                if (c.points() >= 2) {
                    curves.add(c);
                    with.add(r);
                }
            }
            if (curves.isEmpty()) {
                continue;
            }
            XAxis xa = xAxis(curves, true);
            xText = axisText(xa, "gradient steps");
            // the reconstruction term starts far below where it ends: cut from below by flipping the sign
            YAxis ya = q[0].equals("train_recon") ? flip(yAxis(negate(curves), xa, true)) : yAxis(curves, xa, true);
            if (!Double.isNaN(ya.cutAbove())) {
                cuts.add(q[0].equals("train_recon") ? "the reconstruction term's axis starts just below " + significant(ya.cutAbove())
                        + " nats" : "the KL's axis ends just above " + significant(ya.cutAbove()) + " nats");
            }
            Chart a = panel(xa, ya, SMALL_ASPECT).title(q[1]).xLabel("gradient step").yLabel(panels.size() % 2 == 0 ? "nats" : "");
            for (int i = 0; i < curves.size(); i++) {
                draw(a, curves.get(i), colour.getOrDefault(with.get(i).model(), ColorMap.series(i)), false, true);
            }
            panels.add(a);
        }
        // the KL of each latent dimension at the end, where logged
        int dims = 0;
        for (ModelRuns r : shown) {
            while (!Double.isNaN(firstFinite(r.last("kl_dim_" + dims)))) {
                dims++;
            }
        }
        List<String> active = new ArrayList<>();
        boolean barSpread = false;
        if (dims > 0) {
            Chart a = new Chart().aspect(SMALL_ASPECT).title("KL per latent dim. (end)").xLabel("latent dimension")
                    .yLabel(panels.size() % 2 == 0 ? "nats" : "");
            double width = 0.8 / shown.size();
            double top = 0;
            for (int m = 0; m < shown.size(); m++) {
                ModelRuns r = shown.get(m);
                double[] at = new double[dims];
                double[] mean = new double[dims];
                double[] lo = new double[dims];
                double[] hi = new double[dims];
                boolean spread = false;
                for (int j = 0; j < dims; j++) {
                    double[] v = finite(r.last("kl_dim_" + j));
                    at[j] = j - 0.4 + width * (m + 0.5);
                    mean[j] = v.length == 0 ? Double.NaN : Arrays.stream(v).average().orElse(Double.NaN);
                    lo[j] = v.length == 0 ? Double.NaN : Arrays.stream(v).min().orElse(Double.NaN);
                    hi[j] = v.length == 0 ? Double.NaN : Arrays.stream(v).max().orElse(Double.NaN);
                    spread |= v.length >= 2;
                    top = Math.max(top, Double.isFinite(hi[j]) ? hi[j] : 0);
                }
                a.bars(at, mean, spread ? lo : null, spread ? hi : null, width * 0.9, colour.getOrDefault(r.model(), ColorMap.series(m)));
                barSpread |= spread;
                double[] au = finite(r.last("active_units"));
                if (au.length > 0) {
                    long min = Math.round(Arrays.stream(au).min().orElse(0));
                    long max = Math.round(Arrays.stream(au).max().orElse(0));
                    active.add(r.model() + " " + (min == max ? String.valueOf(min) : min + "–" + max) + " of " + dims);
                }
            }
            a.xRange(-0.6, dims - 0.4).yRange(0, top > 0 ? top * 1.08 : 1).xTickStep(Math.max(1, (int) Math.ceil(dims / 10.0)));
            panels.add(a);
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        List<Legend.Entry> entries = new ArrayList<>();
        boolean band = false;
        for (ModelRuns r : shown) {
            band |= curve(r.histories(), "train_kl", null, false).hasBand();
        }
        for (int i = 0; i < shown.size(); i++) {
            entries.add(new Legend.Entry(shown.get(i).model(), colour.getOrDefault(shown.get(i).model(), ColorMap.series(i)),
                    band ? Legend.Swatch.LINE_BAND : Legend.Swatch.LINE));
        }
        ChartFigure f = ChartFigure.of(Style.column(), 2, panels).legend(new Legend(entries, Legend.Position.BELOW));
        String caption = "VAEs on " + dataset + " (" + modelList(shown) + "): the two terms of the ELBO on the training batches "
                + "(the means since the previous logged step), the reconstruction term E_q[log p(x | z)] (train_recon) and "
                + "KL(q(z | x) ‖ p(z)) (train_kl), nats per example, against " + xText + ". " + bandText(shown, "train_kl")
                + (cuts.isEmpty() ? "" : " The y axes cover the curves after the first tenth of the x axis: " + String.join("; ", cuts)
                        + ", and the first evaluations beyond run off the panel.")
                + (dims > 0 ? " Bars: the KL of each latent dimension (kl_dim_j) on the validation split at the end of training, "
                        + (barSpread ? "the mean over the seeds, whiskers min–max" : seedText(shown, "train_kl"))
                        + (active.isEmpty() ? "" : "; active units (A_u > 0.01): "
                        + String.join(", ", active)) + "." : "");
        return Optional.of(new Captioned(f, caption));
    }

    private static List<Curve> negate(List<Curve> curves) {
        List<Curve> out = new ArrayList<>();
        for (Curve c : curves) {
            double[] m = c.mean().clone();
            double[] lo = c.hi().clone();
            double[] hi = c.lo().clone();
            for (int i = 0; i < m.length; i++) {
                m[i] = -m[i];
                lo[i] = -lo[i];
                hi[i] = -hi[i];
            }
            out.add(new Curve(c.x(), m, lo, hi, c.maxSeeds()));
        }
        return out;
    }

    private static YAxis flip(YAxis y) {
        return new YAxis(-y.hi(), -y.lo(), -y.cutAbove());
    }

    private static double firstFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return x;
            }
        }
        return Double.NaN;
    }

    private static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    /**
     * DATASET-training-fgan: the held-out bound F̂ with its standard error, and the critic's mean
     * output on real and on generated rows, over steps.
     */
    public static Optional<Captioned> fgans(String dataset, List<ModelRuns> runs) {
        Predicate<ModelRuns> gan = r -> r.family().equals("gan") && r.gradientTrained() && r.logs("bound_hat");
        Map<String, Color> colour = colours(runs, gan);
        List<ModelRuns> shown = runs.stream().filter(gan).toList();
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        boolean se = shown.stream().anyMatch(r -> r.logs("bound_se"));
        List<Curve> bounds = new ArrayList<>();
        for (ModelRuns r : shown) {
            bounds.add(curve(r.histories(), "bound_hat", se ? "bound_se" : null, false));
        }
        XAxis xa = xAxis(bounds, true);
        YAxis ya = yAxis(bounds, xa, false);
        Chart b = panel(xa, ya, SMALL_ASPECT).title("held-out bound F\u0302").xLabel("gradient step").yLabel("nats");
        for (int i = 0; i < shown.size(); i++) {
            draw(b, bounds.get(i), colour.get(shown.get(i).model()), false, true);
        }
        List<Chart> panels = new ArrayList<>(List.of(b));
        boolean critic = shown.stream().anyMatch(r -> r.logs("critic_real") && r.logs("critic_fake"));
        if (critic) {
            List<Curve> cs = new ArrayList<>();
            List<Color> cc = new ArrayList<>();
            List<Boolean> dashed = new ArrayList<>();
            for (ModelRuns r : shown) {
                for (String key : List.of("critic_real", "critic_fake")) {
                    Curve c = curve(r.histories(), key, null, false);
                    if (c.points() >= 2) {
                        cs.add(c);
                        cc.add(colour.get(r.model()));
                        dashed.add(key.equals("critic_fake"));
                    }
                }
            }
            XAxis cx = xAxis(cs, true);
            Chart a = panel(cx, yAxis(cs, cx, false), SMALL_ASPECT).title("critic output V").xLabel("gradient step");
            for (int i = 0; i < cs.size(); i++) {
                draw(a, cs.get(i), cc.get(i), dashed.get(i), true);
            }
            panels.add(a);
        }
        List<Legend.Entry> entries = new ArrayList<>();
        for (ModelRuns r : shown) {
            boolean band = bounds.stream().anyMatch(Curve::hasBand);
            entries.add(new Legend.Entry(r.model(), colour.get(r.model()), band ? Legend.Swatch.LINE_BAND : Legend.Swatch.LINE));
        }
        if (critic) {
            entries.add(new Legend.Entry("V on data", GREY, Legend.Swatch.LINE));
            entries.add(new Legend.Entry("V on samples", GREY, Legend.Swatch.DASHED));
        }
        ChartFigure f = ChartFigure.of(Style.column(), 2, panels).legend(new Legend(entries, Legend.Position.BELOW));
        String seeds = seedText(shown, "bound_hat");
        boolean several = shown.stream().anyMatch(r -> curve(r.histories(), "bound_hat", null, false).maxSeeds() >= 2);
        String caption = "f-GANs on " + dataset + " (" + modelList(shown) + "), against " + axisText(xa, "gradient steps")
                + (several ? ", lines the mean over " + seeds : "; " + seeds) + ". Left: the held-out bound F\u0302 = mean g_f(V(x)) − mean f*(g_f(V(G(z)))) "
                + "(bound_hat) on validation rows and as many fresh samples, each model's own f-divergence, in nats; for any "
                + "critic F ≤ D_f(P ‖ Q), so F\u0302 estimates a lower bound on the divergence, tight only for an optimal critic; "
                + (se ? "shaded: " + (several ? "the envelope over the seeds of " : "") + "F\u0302 ± its standard error (bound_se)."
                        : several ? "shaded: the min–max over the seeds." : "")
                + (critic ? " Right: the critic's mean raw output V on the same validation rows (solid, critic_real) and on the "
                        + "generated rows (dashed, critic_fake)" + (several ? "; shaded: the min–max over the seeds." : ".") : "");
        return Optional.of(new Captioned(f, caption));
    }

    // ---- wall clock ------------------------------------------------------------------------------

    /**
     * DATASET-walltime: the validation NLL against training seconds (where a model logs one) above
     * every model's training seconds as horizontal bars.
     */
    public static Optional<Captioned> wallTime(String dataset, List<ModelRuns> runs) {
        Map<String, Color> colour = colours(runs, TrainingCurves::likelihood);
        List<ModelRuns> shown = runs.stream().filter(TrainingCurves::likelihood).toList();
        List<Chart> panels = new ArrayList<>();
        List<Legend.Entry> entries = new ArrayList<>();
        String curveText = "";
        if (!shown.isEmpty()) {
            List<Curve> curves = new ArrayList<>();
            for (ModelRuns r : shown) {
                curves.add(curve(r.histories(), HELD_OUT, null, true));
            }
            XAxis xa = xAxis(curves, true);
            YAxis ya = yAxis(curves, xa, true);
            Chart a = panel(xa, ya, 0.62).xLabel("training time (s)").yLabel("validation NLL (nats)");
            for (int i = 0; i < shown.size(); i++) {
                ModelRuns r = shown.get(i);
                Curve c = curves.get(i);
                draw(a, c, colour.get(r.model()), r.bound(), true);
                entries.add(new Legend.Entry(r.model() + (r.bound() ? " (bound)" : ""), colour.get(r.model()),
                        r.bound() ? (c.hasBand() ? Legend.Swatch.DASHED_BAND : Legend.Swatch.DASHED)
                                : (c.hasBand() ? Legend.Swatch.LINE_BAND : Legend.Swatch.LINE)));
            }
            panels.add(a);
            boolean band = curves.stream().anyMatch(Curve::hasBand);
            String seeds = seedText(shown, HELD_OUT);
            curveText = "Top: the validation NLL (val_nll, nats per example; dashed: a bound) against the seconds since training "
                    + "started (" + (xa.log() ? "logarithmic axis; " : "")
                    + (band ? "at each logged step the mean over " + seeds + " of its seconds and of its value; shaded: the "
                            + "min–max of the value" : seeds) + "). " + (cutText(ya, "nats").strip() + " ").stripLeading();
        }
        List<String> names = new ArrayList<>();
        List<double[]> secs = new ArrayList<>();
        List<Boolean> trained = new ArrayList<>();
        List<String> resumed = new ArrayList<>();
        for (ModelRuns r : runs) {
            if (r.resumed().contains(true)) {
                resumed.add(r.model());
            }
            double[] s = r.trainSeconds().stream().mapToDouble(Double::doubleValue).filter(v -> Double.isFinite(v) && v > 0).toArray();
            if (s.length > 0) {
                names.add(r.model());
                secs.add(s);
                trained.add(r.gradientTrained());
            }
        }
        String barText = "";
        if (!names.isEmpty()) {
            int n = names.size();
            double[] at = new double[n];
            double[] mean = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean spread = false;
            for (int i = 0; i < n; i++) {
                double[] s = secs.get(i);
                at[i] = n - 1 - i; // the first model at the top
                mean[i] = Arrays.stream(s).average().orElse(Double.NaN);
                lo[i] = Arrays.stream(s).min().orElse(Double.NaN);
                hi[i] = Arrays.stream(s).max().orElse(Double.NaN);
                spread |= s.length >= 2;
                min = Math.min(min, lo[i]);
                max = Math.max(max, hi[i]);
            }
            boolean log = max / min >= LOG_RATIO;
            Chart b = new Chart().aspect(Math.max(0.3, 0.065 * n)).xLabel("training time (s)")
                    .yRange(-0.6, n - 0.4).categories(bottomToTop(names));
            if (log) {
                b.logX().xRange(min / 1.6, max * 1.6);
            } else {
                b.xRange(0, max * 1.06);
            }
            double[][] split = {{}, {}};
            for (boolean t : new boolean[] {true, false}) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (trained.get(i) == t) {
                        idx.add(i);
                    }
                }
                if (idx.isEmpty()) {
                    continue;
                }
                double[] a2 = idx.stream().mapToDouble(i -> at[i]).toArray();
                double[] m2 = idx.stream().mapToDouble(i -> mean[i]).toArray();
                double[] l2 = idx.stream().mapToDouble(i -> lo[i]).toArray();
                double[] h2 = idx.stream().mapToDouble(i -> hi[i]).toArray();
                b.horizontalBars(a2, m2, spread ? l2 : null, spread ? h2 : null, 0.7, t ? TRAINED_BAR : BASELINE_BAR);
                entries.add(new Legend.Entry(t ? "gradient-trained" : "baseline", t ? TRAINED_BAR : BASELINE_BAR, Legend.Swatch.PATCH));
            }
            panels.add(b);
            barText = (panels.size() > 1 ? "Bottom" : "Bars") + ": each model's training time (train_seconds: the whole fit, for a "
                    + "baseline its closed form, EM or bandwidth search), " + (spread ? "the mean over " + timedSeeds(runs) + ", whiskers "
                    + "min–max" : timedSeeds(runs)) + (log ? ", on a logarithmic axis" : "") + ". "
                    + (resumed.isEmpty() ? "" : "Resumed from a checkpoint (" + String.join(", ", resumed) + "): the seconds of "
                    + "the last history row, which count the training before the resume too (train_seconds counts only the part "
                    + "after it). ");
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        ChartFigure f = ChartFigure.of(Style.column(), 1, panels).legend(new Legend(entries, Legend.Position.RIGHT));
        String caption = "Wall-clock on " + dataset + ". " + curveText + barText + "Seconds depend on the machine and on how many "
                + "runs shared it (How it was made says how many ran at a time).";
        return Optional.of(new Captioned(f, caption));
    }

    /** The names of rows listed top to bottom, bottom first (a horizontal bar chart's positions 0, 1, …). */
    private static String[] bottomToTop(List<String> topToBottom) {
        String[] out = new String[topToBottom.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = topToBottom.get(out.length - 1 - i);
        }
        return out;
    }

    // ---- the baselines' own traces ---------------------------------------------------------------

    /**
     * DATASET-training-baselines (only when asked for): per baseline that logged a trace, its first
     * seed's: the KDE's validation log-likelihood against the bandwidth, a mixture's training
     * log-likelihood over its EM iterations (all restarts and k in order) with the validation
     * log-likelihood at the end of each k.
     */
    public static Optional<Captioned> baselineTraces(String dataset, List<ModelRuns> runs) {
        List<Chart> panels = new ArrayList<>();
        List<String> drawn = new ArrayList<>();
        for (ModelRuns r : runs) {
            if (r.gradientTrained() || r.histories().isEmpty()) {
                continue;
            }
            List<HistoryPoint> h = r.histories().get(0);
            long seed = r.seeds().get(0);
            Chart a = new Chart().aspect(SMALL_ASPECT).title(r.model() + ", seed " + seed).yLabel(panels.size() % 2 == 0 ? "log-lik. (nats)" : "");
            if (series(h, "bandwidth", "val_ll").length >= 2) {
                double[][] xy = series(h, "bandwidth", "val_ll");
                Arrays.sort(xy, (p, q) -> Double.compare(p[0], q[0]));
                double[] x = Arrays.stream(xy).mapToDouble(p -> p[0]).toArray();
                double[] y = Arrays.stream(xy).mapToDouble(p -> p[1]).toArray();
                a.xLabel("bandwidth").line(x, y, ColorMap.series(1), true, 1.0, 1.3);
                if (x[0] > 0 && x[x.length - 1] / x[0] >= 5) {
                    a.logX().xRange(x[0] / 1.2, x[x.length - 1] * 1.2);
                }
                drawn.add(r.model() + " (validation log-likelihood against the bandwidth)");
            } else {
                double[][] train = series(h, null, "train_ll");
                double[][] val = series(h, null, "val_ll");
                if (train.length < 2 && val.length < 2) {
                    continue;
                }
                a.xLabel("iteration");
                if (train.length >= 2) {
                    a.line(column(train, 0), column(train, 1), ColorMap.series(0), false, 0.8, 0);
                }
                if (val.length >= 2) {
                    a.line(column(val, 0), column(val, 1), ColorMap.series(1), true, 1.0, 1.3);
                }
                drawn.add(r.model() + " (EM: training log-likelihood at each iteration" + (val.length >= 2
                        ? ", validation log-likelihood after each fit" : "") + ")");
            }
            panels.add(a);
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        Legend legend = new Legend(List.of(new Legend.Entry("training", ColorMap.series(0), Legend.Swatch.LINE),
                new Legend.Entry("validation", ColorMap.series(1), Legend.Swatch.DASHED)), Legend.Position.BELOW);
        ChartFigure f = ChartFigure.of(Style.column(), 2, panels).legend(legend);
        String caption = "The baselines' fitting traces on " + dataset + ", each model's first seed (traces of restarts and "
                + "searches do not average over seeds), log-likelihoods in nats per example: " + String.join("; ", drawn)
                + ". Drawn because the config asks for it (figures.baseline_traces).";
        return Optional.of(new Captioned(f, caption));
    }

    /** (x, y) of the rows where {@code yKey} is finite, x the value of {@code xKey} (or the step when null). */
    private static double[][] series(List<HistoryPoint> h, String xKey, String yKey) {
        List<double[]> out = new ArrayList<>();
        for (HistoryPoint p : h) {
            Double y = p.values().get(yKey);
            Double x = xKey == null ? Double.valueOf(p.step()) : p.values().get(xKey);
            if (y != null && x != null && Double.isFinite(y) && Double.isFinite(x)) {
                out.add(new double[] {x, y});
            }
        }
        return out.toArray(new double[0][]);
    }

    private static double[] column(double[][] xy, int k) {
        return Arrays.stream(xy).mapToDouble(p -> p[k]).toArray();
    }

    // ---- reading run records ---------------------------------------------------------------------

    /**
     * A run record's history and training seconds: {@code train_seconds} among its metrics (NaN if
     * absent), but for a run resumed from a checkpoint, whose {@code train_seconds} counts only the
     * training after the resume, the larger of it and its last history row's seconds (which carry on
     * from the checkpoint).
     */
    public record Record(List<HistoryPoint> history, double trainSeconds, boolean resumed) {
    }

    /** The {@code history}, the training seconds and the resume of a run record (run.json). */
    public static Record readRun(Path runJson) {
        try {
            Map<?, ?> record = Json.MAPPER.readValue(runJson.toFile(), Map.class);
            Object h = record.get("history");
            List<HistoryPoint> history = h instanceof List<?> rows ? fromRecord(rows) : List.of();
            double seconds = Double.NaN;
            if (record.get("metrics") instanceof List<?> metrics) {
                for (Object m : metrics) {
                    if (m instanceof Map<?, ?> row && "train_seconds".equals(row.get("metric"))) {
                        Double v = number(row.get("value"));
                        seconds = v == null ? Double.NaN : v;
                    }
                }
            }
            boolean resumed = record.get("checkpoint") instanceof Map<?, ?> cp && cp.get("resumed_from_step") != null;
            if (resumed && !history.isEmpty() && Double.isFinite(history.get(history.size() - 1).seconds())) {
                seconds = Double.isFinite(seconds) ? Math.max(seconds, history.get(history.size() - 1).seconds())
                        : history.get(history.size() - 1).seconds();
            }
            return new Record(history, seconds, resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + runJson + ": " + e.getMessage(), e);
        }
    }

    /** The {@code history} array of a run record (run.json): step, seconds and named values. */
    public static List<HistoryPoint> fromRunJson(Path runJson) {
        return readRun(runJson).history();
    }

    /** History rows as parsed from JSON: maps with "step", "seconds" and numeric (or "NaN") values. */
    public static List<HistoryPoint> fromRecord(List<?> rows) {
        List<HistoryPoint> out = new ArrayList<>();
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> row)) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : row.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!k.equals("step") && !k.equals("seconds")) {
                    Double v = number(e.getValue());
                    if (v != null) {
                        values.put(k, v);
                    }
                }
            }
            Double step = number(row.get("step"));
            Double seconds = number(row.get("seconds"));
            out.add(new HistoryPoint(step == null ? out.size() : step.longValue(), seconds == null ? Double.NaN : seconds, values));
        }
        return out;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s); // "NaN", "Infinity" as Json writes them
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
