package dgm.experiments;

import dgm.core.metrics.Kind;
import dgm.core.run.Metric;
import dgm.core.run.MetricCatalog;
import dgm.core.run.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Plain-text and Markdown tables of results, every number with its kind, unit and split. */
final class ReportTables {
    private ReportTables() {
    }

    /** One run's metrics as an aligned text table. */
    static String runTable(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-24s %14s %12s  %-9s %-14s %s%n", "metric", "value", "stderr", "kind", "unit", "split"));
        for (ResultRow r : rows) {
            Metric m = MetricCatalog.require(r.metric());
            sb.append(String.format(Locale.ROOT, "  %-24s %14s %12s  %-9s %-14s %s%n", r.metric(), fmt(r.value()),
                    Double.isNaN(r.stderr()) ? "-" : fmt(r.stderr()), r.kind().label(), m.unit().label(), m.split().label()));
        }
        return sb.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Mean and sample standard deviation over seeds of one (dataset, model, metric) cell. */
    record Cell(double mean, double sd, int n, Kind kind) {
    }

    /** Aggregates rows by dataset → model → metric over seeds. */
    static Map<String, Map<String, Map<String, Cell>>> aggregate(List<ResultRow> rows) {
        Map<String, Map<String, Map<String, List<ResultRow>>>> g = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            g.computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.model(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Map<String, Map<String, Cell>>> out = new LinkedHashMap<>();
        g.forEach((d, models) -> models.forEach((m, metrics) -> metrics.forEach((metric, list) -> {
            double s = 0;
            for (ResultRow r : list) {
                s += r.value();
            }
            double mean = s / list.size();
            double ss = 0;
            for (ResultRow r : list) {
                ss += (r.value() - mean) * (r.value() - mean);
            }
            double sd = list.size() > 1 ? Math.sqrt(ss / (list.size() - 1)) : Double.NaN;
            out.computeIfAbsent(d, k -> new LinkedHashMap<>()).computeIfAbsent(m, k -> new LinkedHashMap<>())
                    .put(metric, new Cell(mean, sd, list.size(), list.get(0).kind()));
        })));
        return out;
    }

    /** Fit: likelihood-type numbers and cost. */
    static List<String> fitMetrics() {
        return MetricCatalog.standard().columns(Metric.Table.FIT);
    }

    /** Samples against the test split. */
    static List<String> sampleMetrics() {
        return MetricCatalog.standard().columns(Metric.Table.SAMPLES);
    }

    /** Samples against the test split in a labelled dataset's reference classifier's feature space. */
    static List<String> featureMetrics() {
        return MetricCatalog.standard().columns(Metric.Table.FEATURES);
    }

    /** The label of the real-image reference line of the feature-space table. */
    static final String REFERENCE_LABEL = "*real images (validation)*";

    static String kindMark(Kind k) {
        return switch (k) {
            case EXACT -> "ᵉ";
            case BOUND -> "ᵇ";
            case ESTIMATE -> "ˢ";
            case MEASURED -> "ᵐ";
        };
    }

    /** Which of {@code wanted} appear for this dataset, in that order. */
    static List<String> columns(Map<String, Map<String, Cell>> models, List<String> wanted) {
        Set<String> present = new LinkedHashSet<>();
        for (Map<String, Cell> m : models.values()) {
            present.addAll(m.keySet());
        }
        List<String> cols = new ArrayList<>();
        for (String s : wanted) {
            if (present.contains(s)) {
                cols.add(s);
            }
        }
        return cols;
    }

    /** The best model per column by the metric's declared direction, or null when the column has no ordering. */
    static String best(Map<String, Map<String, Cell>> models, String metric) {
        Metric.Direction better = MetricCatalog.require(metric).better();
        if (!better.ordered()) {
            return null;
        }
        String best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (var e : models.entrySet()) {
            Cell c = e.getValue().get(metric);
            if (c == null || Double.isNaN(c.mean())) {
                continue;
            }
            double score = better.score(c.mean());
            if (score < bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        return best;
    }

    /** From this dimension on, the headline ranks by bits/dim (images); below it, by test NLL in nats. */
    static final int BITS_PER_DIM_MIN_DIMENSION = 256;
    /** The sampler columns of the headline, where a dataset has feature-space metrics. */
    static final List<String> HEADLINE_SAMPLE_METRICS = List.of("feature_fd", "feature_precision", "feature_recall",
            "classifier_score");

    /** The likelihood column that ranks models on data of this dimension (0: unknown, test NLL). */
    static String rankingMetric(int dimension) {
        return dimension >= BITS_PER_DIM_MIN_DIMENSION ? "bits_per_dim" : "test_nll";
    }

    /**
     * The headline: one row per model, one column per dataset, the held-out likelihood that ranks
     * models (test NLL in nats per example, or bits/dim on data of at least
     * {@value #BITS_PER_DIM_MIN_DIMENSION} dimensions), with its kind and the best per column in bold;
     * then, for each dataset with feature-space metrics, the sampler comparison (the ranking
     * likelihood, feature_fd, feature precision and recall, classifier score) with the real-image line.
     *
     * @param dimensions the data's dimension per dataset (from the runs' records)
     */
    static String headline(List<ResultRow> rows, Map<String, String> statusByRun, List<ResultRow> reference,
                           Map<String, Integer> dimensions) {
        var agg = aggregate(rows);
        var ref = aggregate(reference);
        if (agg.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Headline\n\n");
        List<String> datasets = new ArrayList<>(agg.keySet());
        Map<String, String> metricOf = new LinkedHashMap<>();
        Map<String, String> bestOf = new LinkedHashMap<>();
        Set<String> models = new LinkedHashSet<>();
        for (String d : datasets) {
            String metric = rankingMetric(dimensions.getOrDefault(d, 0));
            metricOf.put(d, metric);
            bestOf.put(d, best(agg.get(d), metric));
            models.addAll(agg.get(d).keySet());
        }
        sb.append("Held-out fit (test split) of every model on every dataset: ");
        sb.append("test NLL in nats per example, or bits/dim (8-bit pixel scale) on data of ")
                .append(BITS_PER_DIM_MIN_DIMENSION).append(" or more dimensions; lower is better, best per column in bold; ")
                .append("– for models without a likelihood (the f-GANs: their samples are in the tables below).\n\n");
        sb.append("| model |");
        for (String d : datasets) {
            sb.append(' ').append(d).append(" [").append(MetricCatalog.require(metricOf.get(d)).unit().label()).append("] |");
        }
        sb.append("\n|---|").append("---:|".repeat(datasets.size())).append('\n');
        for (String m : models) {
            sb.append("| ").append(m).append(" |");
            for (String d : datasets) {
                Cell cell = agg.get(d).getOrDefault(m, Map.of()).get(metricOf.get(d));
                String status = statusByRun.getOrDefault(d + "/" + m, "");
                String v = cell == null ? "–" : value(cell);
                if (cell != null && m.equals(bestOf.get(d))) {
                    v = "**" + v + "**";
                }
                sb.append(' ').append(v).append(status.isEmpty() ? "" : " (" + status + ")").append(" |");
            }
            sb.append('\n');
        }
        for (String d : datasets) {
            var byModel = agg.get(d);
            List<String> sampleCols = columns(byModel, HEADLINE_SAMPLE_METRICS);
            if (sampleCols.isEmpty()) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            cols.add(metricOf.get(d));
            cols.addAll(sampleCols);
            Map<String, Cell> real = ref.getOrDefault(d, Map.of()).get(dgm.core.evaluation.FeatureMetrics.REFERENCE_MODEL);
            sb.append("\n").append(d).append(": fit and samples in the reference classifier's feature space (samples against the ")
                    .append("test split").append(real == null ? "" : "; the last line: real held-out images, what a perfect "
                            + "model would get").append("):\n\n");
            table(sb, d, byModel, cols, statusByRun, real);
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String value(Cell cell) {
        return meanSd(cell.mean(), cell.sd(), cell.n(), " ± ") + kindMark(cell.kind());
    }

    /**
     * mean ± sd rounded by the uncertainty: the sd to two significant digits and the mean to the
     * same decimal place (30.89 ± 0.56, 511000 ± 24000); no ± where the value did not vary over
     * seeds (sd 0) or there is one seed; whole numbers then as integers (a parameter count: 5, not
     * 5.0000 ± 0.0000). {@code pm} is the ± as the output format writes it.
     */
    static String meanSd(double mean, double sd, int n, String pm) {
        if (n > 1 && sd > 0 && Double.isFinite(sd) && Double.isFinite(mean)) {
            java.math.BigDecimal s = new java.math.BigDecimal(sd).round(new java.math.MathContext(2, java.math.RoundingMode.HALF_EVEN));
            if (s.precision() < 2) {
                s = s.setScale(s.scale() + 2 - s.precision()); // an sd of exactly 0.5 or 1 keeps its second digit: 0.50, 1.0
            }
            int scale = s.scale();
            if (scale > 10 || scale < -12) {
                return String.format(Locale.ROOT, "%.3e%s%.1e", mean, pm, sd);
            }
            java.math.BigDecimal m = new java.math.BigDecimal(mean).setScale(scale, java.math.RoundingMode.HALF_EVEN);
            return plain(m) + pm + plain(s.setScale(scale, java.math.RoundingMode.HALF_EVEN));
        }
        if (Double.isFinite(mean) && mean == Math.rint(mean) && Math.abs(mean) < 1e15) {
            return Long.toString((long) mean);
        }
        return fmt(mean);
    }

    /** A rounded number without exponent ("24000", not "2.4E+4"). */
    private static String plain(java.math.BigDecimal b) {
        return b.scale() < 0 ? b.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString() : b.toPlainString();
    }

    /** A Markdown table per dataset: models × metrics, mean ± sd over seeds, kind marks, best in bold. */
    static String markdown(List<ResultRow> rows, Map<String, String> statusByRun) {
        return markdown(rows, statusByRun, List.of());
    }

    /**
     * As {@link #markdown(List, Map)}, with {@code reference}: rows of real held-out images (model
     * {@code real-validation}, per dataset), shown as the last line of that dataset's feature-space
     * table, never marked best.
     */
    static String markdown(List<ResultRow> rows, Map<String, String> statusByRun, List<ResultRow> reference) {
        StringBuilder sb = new StringBuilder();
        var agg = aggregate(rows);
        var ref = aggregate(reference);
        for (var de : agg.entrySet()) {
            String dataset = de.getKey();
            var models = de.getValue();
            sb.append("### ").append(dataset).append("\n\n");
            Cell h = null;
            for (Map<String, Cell> m : models.values()) {
                if (m.containsKey("true_entropy")) {
                    h = m.get("true_entropy");
                }
            }
            if (h != null) {
                sb.append(String.format(Locale.ROOT,
                        "True entropy H(p) = %s nats (%s). A perfect model's test NLL equals H(p); nll_gap estimates KL(p‖q).%n%n",
                        fmt(h.mean()), h.kind().label()));
            }
            sb.append("Fit (test split):\n\n");
            table(sb, dataset, models, columns(models, fitMetrics()), statusByRun);
            sb.append("\nSamples (model samples against the test split):\n\n");
            table(sb, dataset, models, columns(models, sampleMetrics()), statusByRun);
            List<String> features = columns(models, featureMetrics());
            if (!features.isEmpty()) {
                Map<String, Cell> real = ref.getOrDefault(dataset, Map.of()).get(dgm.core.evaluation.FeatureMetrics.REFERENCE_MODEL);
                sb.append("\nFeature space (the reference classifier's penultimate features and predictions; model samples against "
                        + "the test split").append(real == null ? "" : "; the last line: real held-out images in place of samples, "
                        + "what a perfect model would get").append("):\n\n");
                table(sb, dataset, models, features, statusByRun, real);
                Cell acc = real != null ? real.get("classifier_accuracy") : null;
                for (Map<String, Cell> m : models.values()) {
                    acc = acc == null ? m.get("classifier_accuracy") : acc;
                }
                if (acc != null) {
                    sb.append(String.format(Locale.ROOT, "%nReference classifier: test accuracy %s (classifier_accuracy; docs/metrics.md).%n",
                            fmt(acc.mean())));
                }
            }
            sb.append('\n');
        }
        sb.append("Kinds: ᵉ exact (the model's likelihood is computed exactly; ± is over seeds), ᵇ bound, ˢ estimate, "
                + "ᵐ measured. Values are mean ± standard deviation over seeds; best per column in bold "
                + "(lowest for NLL, gap, MMD², distances and time; highest for precision, recall, coverage; closest to 0.5 for "
                + "the 1-NN accuracy and to 1 for density and the memorisation ratio). NLLs on dequantised data (digits) are "
                + "upper bounds on the discrete NLL. The feature-space tables (labelled datasets) end with the same metrics for "
                + "real held-out images, in italics, never marked best.\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String dataset, Map<String, Map<String, Cell>> models, List<String> cols,
                              Map<String, String> statusByRun) {
        table(sb, dataset, models, cols, statusByRun, null);
    }

    /** The table, with a last line of {@code reference} (real held-out images) when it is not null. */
    private static void table(StringBuilder sb, String dataset, Map<String, Map<String, Cell>> models, List<String> cols,
                              Map<String, String> statusByRun, Map<String, Cell> reference) {
        sb.append("| model |");
        for (String c : cols) {
            sb.append(' ').append(c).append(" [").append(MetricCatalog.require(c).unit().label()).append("] |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(cols.size()));
        sb.append('\n');
        Map<String, String> bestBy = new LinkedHashMap<>();
        for (String c : cols) {
            bestBy.put(c, best(models, c));
        }
        for (var me : models.entrySet()) {
            String model = me.getKey();
            String status = statusByRun.getOrDefault(dataset + "/" + model, "");
            sb.append("| ").append(model).append(status.isEmpty() ? "" : " (" + status + ")").append(" |");
            for (String c : cols) {
                Cell cell = me.getValue().get(c);
                if (cell == null) {
                    sb.append(" – |");
                    continue;
                }
                String v = value(cell);
                if (model.equals(bestBy.get(c))) {
                    v = "**" + v + "**";
                }
                sb.append(' ').append(v).append(" |");
            }
            sb.append('\n');
        }
        if (reference != null) {
            sb.append("| ").append(REFERENCE_LABEL).append(" |");
            for (String c : cols) {
                Cell cell = reference.get(c);
                sb.append(' ').append(cell == null ? "–" : "*" + meanSd(cell.mean(), cell.sd(), cell.n(), " ± ")
                        + kindMark(cell.kind()) + "*").append(" |");
            }
            sb.append('\n');
        }
    }

    /**
     * The same tables as a LaTeX document (booktabs and siunitx; one table per dataset and block):
     * every numeric column an siunitx {@code S} column aligned on the decimal point, its
     * {@code table-format} computed from the column's numbers; mean ± sd over seeds rounded as in
     * {@link #meanSd}, written in siunitx's compact uncertainty form ({@code 30.89(56)}) and printed
     * separated ({@code 30.89 ± 0.56}); the kind as a superscript after the number ({@code \dgmkind}: e
     * exact, b bound, s estimate, m measured); the best per column in bold ({@code \dgmbest}).
     * Non-numeric cells (a missing value, NaN) are braced, as S columns need. Each {@code table}
     * environment can be pasted into a paper whose preamble has the lines of this one's.
     */
    static String latex(List<ResultRow> rows, Map<String, String> statusByRun, String caption) {
        StringBuilder sb = new StringBuilder();
        sb.append("% Generated by the dgm workbench. Needs booktabs and siunitx (version 3, 2021 or later); a table pasted into\n")
                .append("% a paper needs the \\sisetup line and the two definitions below too.\n")
                .append("\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{siunitx}\n")
                .append("\\usepackage[margin=1.5cm,landscape]{geometry}\n")
                .append("\\sisetup{uncertainty-mode = separate, group-digits = integer, text-series-to-math = true}\n")
                .append("% \\dgmbest before a number: the best of its column, in bold; \\dgmkind{k} after it: its kind\n")
                .append("\\protected\\def\\dgmbest{\\bfseries}\n")
                .append("\\protected\\def\\dgmkind#1{\\textsuperscript{#1}}\n")
                .append("\\begin{document}\n");
        var agg = aggregate(rows);
        for (var de : agg.entrySet()) {
            String dataset = de.getKey();
            var models = de.getValue();
            String entropy = "";
            for (Map<String, Cell> m : models.values()) {
                if (m.containsKey("true_entropy")) {
                    entropy = " True entropy $H(p) = " + fmt(m.get("true_entropy").mean()) + "$ nats ("
                            + m.get("true_entropy").kind().label() + ").";
                }
            }
            for (var block : List.of(Map.entry("fit on the test split", fitMetrics()),
                    Map.entry("samples against the test split", sampleMetrics()),
                    Map.entry("samples against the test split in the reference classifier's feature space", featureMetrics()))) {
                List<String> cols = columns(models, block.getValue());
                if (cols.isEmpty()) {
                    continue;
                }
                Map<String, String> bestBy = new LinkedHashMap<>();
                for (String c : cols) {
                    bestBy.put(c, best(models, c));
                }
                // the cells first: each column's table-format follows from its numbers
                Map<String, List<String>> cellsByModel = new LinkedHashMap<>();
                List<List<SiNumber>> numbers = new ArrayList<>();
                for (int k = 0; k < cols.size(); k++) {
                    numbers.add(new ArrayList<>());
                }
                for (var me : models.entrySet()) {
                    List<String> cells = new ArrayList<>();
                    for (int k = 0; k < cols.size(); k++) {
                        Cell cell = me.getValue().get(cols.get(k));
                        if (cell == null) {
                            cells.add("{--}");
                            continue;
                        }
                        boolean isBest = me.getKey().equals(bestBy.get(cols.get(k)));
                        String kind = "\\dgmkind{" + cell.kind().label().charAt(0) + "}";
                        SiNumber n = siNumber(cell.mean(), cell.sd(), cell.n());
                        if (n == null) {
                            cells.add("{" + (isBest ? "\\bfseries " : "") + tex(meanSd(cell.mean(), cell.sd(), cell.n(), " ± "))
                                    .replace("±", "$\\pm$") + kind + "}");
                        } else {
                            numbers.get(k).add(n);
                            cells.add((isBest ? "\\dgmbest " : "") + n.input() + kind);
                        }
                    }
                    cellsByModel.put(me.getKey(), cells);
                }
                sb.append("\\begin{table}[ht]\n\\centering\n\\scriptsize\n\\caption{").append(tex(dataset)).append(": ")
                        .append(block.getKey()).append(". ").append(tex(caption)).append(entropy)
                        .append(" Mean $\\pm$ sd over seeds; superscripts: e exact, b bound, s estimate, m measured; best in bold.}\n");
                sb.append("\\begin{tabular}{l");
                for (List<SiNumber> col : numbers) {
                    sb.append(" S[table-format = ").append(tableFormat(col)).append("]");
                }
                sb.append("}\n\\toprule\nmodel");
                for (String c : cols) {
                    sb.append(" & {").append(tex(c)).append(" [").append(tex(MetricCatalog.require(c).unit().label())).append("]}");
                }
                sb.append(" \\\\\n\\midrule\n");
                for (var e : cellsByModel.entrySet()) {
                    String status = statusByRun.getOrDefault(dataset + "/" + e.getKey(), "");
                    sb.append(tex(e.getKey())).append(status.isEmpty() ? "" : " (" + tex(status) + ")");
                    for (String cell : e.getValue()) {
                        sb.append(" & ").append(cell);
                    }
                    sb.append(" \\\\\n");
                }
                sb.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n\n");
            }
        }
        sb.append("\\end{document}\n");
        return sb.toString();
    }

    /**
     * A cell's number as an siunitx S column reads it: {@link #meanSd}'s rounding, the ± part in the
     * compact form (the sd in units of the value's last digit: 30.89 ± 0.56 is {@code 30.89(56)},
     * 511000 ± 24000 is {@code 511000(24000)}, 1.234e-12 ± 5.0e-13 is {@code 1.234(500)e-12}), with the
     * digits it needs for the column's {@code table-format}.
     *
     * @param input       the cell text
     * @param negative    a minus sign
     * @param integers    digits before the decimal point
     * @param decimals    digits after it
     * @param uncertainty digits of the compact uncertainty (0: none)
     * @param exponent    digits of the exponent (0: none)
     * @param negativeExponent a minus sign in the exponent
     */
    record SiNumber(String input, boolean negative, int integers, int decimals, int uncertainty, int exponent,
                    boolean negativeExponent) {
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("(-?)(\\d+)(?:\\.(\\d+))?(?:e([+-]?)(\\d+))?");

    /** The S-column form of mean ± sd over n seeds, or null when it is no number (NaN, infinite). */
    static SiNumber siNumber(double mean, double sd, int n) {
        String v = meanSd(mean, sd, n, "±");
        int pm = v.indexOf('±');
        String value = pm < 0 ? v : v.substring(0, pm);
        java.util.regex.Matcher m = NUMBER.matcher(value);
        if (!m.matches()) {
            return null;
        }
        int decimals = m.group(3) == null ? 0 : m.group(3).length();
        boolean hasExp = m.group(5) != null;
        int exp = hasExp ? Integer.parseInt(m.group(5)) * ("-".equals(m.group(4)) ? -1 : 1) : 0;
        String compact = "";
        if (pm >= 0) {
            java.math.BigDecimal units = new java.math.BigDecimal(v.substring(pm + 1)).movePointRight(decimals - exp)
                    .setScale(0, java.math.RoundingMode.HALF_EVEN);
            if (units.signum() > 0) {
                compact = "(" + units.toPlainString() + ")";
            }
        }
        String mantissa = m.group(1) + m.group(2) + (decimals > 0 ? "." + m.group(3) : "");
        String expDigits = hasExp ? String.valueOf(Math.abs(exp)) : "";
        return new SiNumber(mantissa + compact + (hasExp ? "e" + exp : ""), !m.group(1).isEmpty(), m.group(2).length(), decimals,
                Math.max(0, compact.length() - 2), expDigits.length(), exp < 0);
    }

    /**
     * siunitx's {@code table-format} for a column of these numbers: room for the widest integer part,
     * decimals, uncertainty and exponent among them, a minus sign if one has it, and the kind
     * superscript after the number.
     */
    static String tableFormat(List<SiNumber> column) {
        boolean negative = false;
        boolean negativeExp = false;
        int integers = 1;
        int decimals = 0;
        int uncertainty = 0;
        int exponent = 0;
        for (SiNumber n : column) {
            negative |= n.negative();
            negativeExp |= n.negativeExponent();
            integers = Math.max(integers, n.integers());
            decimals = Math.max(decimals, n.decimals());
            uncertainty = Math.max(uncertainty, n.uncertainty());
            exponent = Math.max(exponent, n.exponent());
        }
        return (negative ? "-" : "") + integers + (decimals > 0 ? "." + decimals : "")
                + (uncertainty > 0 ? "(" + uncertainty + ")" : "")
                + (exponent > 0 ? "e" + (negativeExp ? "-" : "") + exponent : "") + "\\dgmkind{m}";
    }

    /** Escapes LaTeX's special characters in plain text. */
    static String tex(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '_', '%', '&', '#', '$', '{', '}' -> b.append('\\').append(ch);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                case '\\' -> b.append("\\textbackslash{}");
                case '‖' -> b.append("$\\|$");
                case '²' -> b.append("$^2$");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** The same summary as CSV: dataset,model,metric,kind,mean,sd,n_seeds. */
    static String csv(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder("dataset,model,metric,kind,unit,mean,sd,n_seeds\n");
        aggregate(rows).forEach((d, models) -> models.forEach((m, metrics) -> metrics.forEach((metric, c) ->
                sb.append(d).append(',').append(m).append(',').append(metric).append(',').append(c.kind().label()).append(',')
                        .append(MetricCatalog.require(metric).unit().label()).append(',')
                        .append(c.mean()).append(',').append(c.sd()).append(',').append(c.n()).append('\n'))));
        return sb.toString();
    }
}
