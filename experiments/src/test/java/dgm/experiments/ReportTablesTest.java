package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Kind;
import dgm.core.run.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's columns and "best" marks come from the metrics' declarations. */
class ReportTablesTest {

    static Map<String, Map<String, ReportTables.Cell>> models(String metric, double a, double b, double c) {
        return Map.of("a", Map.of(metric, cell(a)), "b", Map.of(metric, cell(b)), "c", Map.of(metric, cell(c)));
    }

    static ReportTables.Cell cell(double mean) {
        return new ReportTables.Cell(mean, Double.NaN, 1, Kind.ESTIMATE);
    }

    @Test
    void bestFollowsTheDeclaredDirection() {
        assertEquals("b", ReportTables.best(models("mmd", 0.3, 0.1, 0.2), "mmd"), "lower is better");
        assertEquals("a", ReportTables.best(models("coverage", 0.9, 0.1, 0.2), "coverage"), "higher is better");
        assertEquals("c", ReportTables.best(models("c2st_accuracy", 0.9, 0.3, 0.52), "c2st_accuracy"), "closest to 0.5");
        assertEquals("a", ReportTables.best(models("density", 1.05, 0.9, 1.2), "density"), "closest to 1");
        assertNull(ReportTables.best(models("mmd_p_value", 0.9, 0.1, 0.5), "mmd_p_value"), "a p-value has no best");
        assertNull(ReportTables.best(models("nn_train_distance", 0.9, 0.1, 0.5), "nn_train_distance"));
    }

    @Test
    void theFeatureSpaceTableEndsWithTheRealImageLineNeverMarkedBest() {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow("digits", "a", 0, "feature_fd", 5, Double.NaN, Kind.ESTIMATE));
        rows.add(new ResultRow("digits", "b", 0, "feature_fd", 7, Double.NaN, Kind.ESTIMATE));
        rows.add(new ResultRow("digits", "a", 0, "classifier_accuracy", 0.96, Double.NaN, Kind.MEASURED));
        rows.add(new ResultRow("moons", "a", 0, "mmd", 1, Double.NaN, Kind.ESTIMATE));
        List<ResultRow> reference = List.of(new ResultRow("digits", "real-validation", 0, "feature_fd", 1, Double.NaN, Kind.ESTIMATE),
                new ResultRow("digits", "real-validation", 0, "classifier_accuracy", 0.97, Double.NaN, Kind.MEASURED));
        String md = ReportTables.markdown(rows, Map.of(), reference);
        String digits = md.substring(md.indexOf("### digits"), md.indexOf("### moons"));
        assertTrue(digits.contains("| model | feature_fd [feature units²] |\n|---|---:|\n| a | **5ˢ** |\n| b | 7ˢ |\n"
                + "| *real images (validation)* | *1ˢ* |\n"), digits);
        assertTrue(digits.contains("Reference classifier: test accuracy 0.9700"), digits);
        assertTrue(!md.substring(md.indexOf("### moons")).contains("Feature space"), md);
        assertTrue(!ReportTables.markdown(rows, Map.of()).contains("real images"), "no reference, no line");
    }

    @Test
    void theTablesHaveTheDeclaredColumnsInCatalogueOrder() {
        List<ResultRow> rows = new ArrayList<>();
        for (String m : List.of("mmd", "parameters", "coverage", "elbo_nll", "nll_gap", "iwae_k", "test_nll", "nn_train_distance")) {
            rows.add(new ResultRow("moons", "vae", 0, m, 1, Double.NaN, m.equals("parameters") || m.equals("iwae_k") ? Kind.EXACT : Kind.BOUND));
        }
        String md = ReportTables.markdown(rows, Map.of());
        assertTrue(md.contains("| model | test_nll [nats/example] | nll_gap [nats] | elbo_nll [nats/example] | parameters [count] |\n"), md);
        assertTrue(md.contains("| model | mmd [(unitless)] | coverage [fraction] |\n"), md);
    }

    @Test
    void theHeadlineRanksByNatsOnSmallDataAndBitsPerDimOnImagesWithTheSamplerTable() {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow("moons", "flow", 0, "test_nll", 2.5, Double.NaN, Kind.EXACT));
        rows.add(new ResultRow("moons", "vae", 0, "test_nll", 3.0, Double.NaN, Kind.BOUND));
        rows.add(new ResultRow("fashion-mnist", "flow", 0, "test_nll", 2000, Double.NaN, Kind.EXACT));
        rows.add(new ResultRow("fashion-mnist", "flow", 0, "bits_per_dim", 3.68, Double.NaN, Kind.EXACT));
        rows.add(new ResultRow("fashion-mnist", "vae", 0, "bits_per_dim", 3.52, Double.NaN, Kind.BOUND));
        rows.add(new ResultRow("fashion-mnist", "vae", 0, "feature_fd", 12, Double.NaN, Kind.ESTIMATE));
        rows.add(new ResultRow("fashion-mnist", "gan", 0, "feature_fd", 9, Double.NaN, Kind.ESTIMATE));
        List<ResultRow> reference = List.of(new ResultRow("fashion-mnist", "real-validation", 0, "feature_fd", 1, Double.NaN,
                Kind.ESTIMATE));
        String md = ReportTables.headline(rows, Map.of("moons/vae", "diverged seed 0"), reference,
                Map.of("moons", 2, "fashion-mnist", 784));
        assertTrue(md.startsWith("## Headline\n"), md);
        assertTrue(md.contains("| model | moons [nats/example] | fashion-mnist [bits/dim] |\n|---|---:|---:|\n"
                + "| flow | **2.5000ᵉ** | 3.6800ᵉ |\n"
                + "| vae | 3ᵇ (diverged seed 0) | **3.5200ᵇ** |\n"
                + "| gan | – | – |\n"), md);
        assertTrue(md.contains("| model | bits_per_dim [bits/dim] | feature_fd [feature units²] |\n|---|---:|---:|\n"
                + "| flow | 3.6800ᵉ | – |\n| vae | **3.5200ᵇ** | 12ˢ |\n| gan | – | **9ˢ** |\n"
                + "| *real images (validation)* | – | *1ˢ* |\n"), md);
        assertTrue(!md.contains("moons: fit and samples"), "no feature metrics on moons, no sampler table");
        assertEquals("", ReportTables.headline(List.of(), Map.of(), List.of(), Map.of()));
    }

    /** Numbers rounded by their uncertainty: two significant digits of the ±, the mean to the same place. */
    @Test
    void meanAndSdAreRoundedByTheUncertaintyAndCountsPrintAsIntegers() {
        assertEquals("30.89 ± 0.56", ReportTables.meanSd(30.89, 0.5599, 3, " ± "));
        assertEquals("511000 ± 24000", ReportTables.meanSd(511018.7956, 23917.6910, 3, " ± "));
        assertEquals("1600000 ± 1900000", ReportTables.meanSd(1.605e6, 1.876e6, 3, " ± "));
        assertEquals("0.592 ± 0.086", ReportTables.meanSd(0.5915, 0.0859, 3, " ± "));
        assertEquals("0.10 ± 0.10", ReportTables.meanSd(0.1, 0.0996, 3, " ± "), "0.0996 rounds up to the next decade");
        assertEquals("11.60 ± 0.50", ReportTables.meanSd(11.6, 0.5, 3, " ± "), "two significant digits of an sd of exactly 0.5");
        assertEquals("5", ReportTables.meanSd(5, 0, 3, " ± "), "a parameter count that cannot vary: no ±, an integer");
        assertEquals("12", ReportTables.meanSd(12, Double.NaN, 1, " ± "), "one seed: no ±");
        assertEquals("3.6800", ReportTables.meanSd(3.68, Double.NaN, 1, " ± "));
        assertEquals("-7.1 \\pm 1.4", ReportTables.meanSd(-7.1461, 1.3864, 3, " \\pm "), "LaTeX's ±");
    }

    @Test
    void latexColumnsAreSiunitxSColumnsAlignedOnTheDecimalPoint() {
        List<ResultRow> rows = new ArrayList<>();
        double[][] nll = {{2.4037, 2.41, 2.3963}, {3.01, 3.05, 3.00}};
        String[] models = {"nsf", "vae"};
        for (int m = 0; m < 2; m++) {
            for (int s = 0; s < 3; s++) {
                rows.add(new ResultRow("moons", models[m], s, "test_nll", nll[m][s], Double.NaN, m == 0 ? Kind.EXACT : Kind.BOUND));
                rows.add(new ResultRow("moons", models[m], s, "parameters", 35376, Double.NaN, Kind.EXACT));
                rows.add(new ResultRow("moons", models[m], s, "train_seconds", 11.1 + 0.5 * s + 100 * m, Double.NaN, Kind.MEASURED));
            }
        }
        rows.add(new ResultRow("moons", "vae", 0, "elbo_nll", 3.0828, Double.NaN, Kind.BOUND));
        rows.add(new ResultRow("moons", "vae", 1, "elbo_nll", Double.NaN, Double.NaN, Kind.BOUND));
        String tex = ReportTables.latex(rows, Map.of("moons/vae", "diverged"), "Comparison t.");
        assertTrue(tex.contains("\\usepackage{booktabs}\n\\usepackage{siunitx}\n"), "the preamble loads what the tables use");
        assertTrue(tex.contains("\\protected\\def\\dgmbest{\\bfseries}") && tex.contains("\\protected\\def\\dgmkind#1")
                && tex.contains("uncertainty-mode = separate"), tex);
        // test_nll: 2.4033 ± 0.0069 and 3.020 ± 0.026; elbo_nll: NaN (text); train_seconds 11.60 ± 0.50, 111.60 ± 0.50; parameters 35376
        assertTrue(tex.contains("\\begin{tabular}{l S[table-format = 1.4(2)\\dgmkind{m}] S[table-format = 1\\dgmkind{m}] "
                + "S[table-format = 3.2(2)\\dgmkind{m}] S[table-format = 5\\dgmkind{m}]}"), tex);
        assertTrue(tex.contains("nsf & \\dgmbest 2.4033(69)\\dgmkind{e} & {--} & \\dgmbest 11.60(50)\\dgmkind{m} & 35376\\dgmkind{e} \\\\"), tex);
        assertTrue(tex.contains("vae (diverged) & 3.020(26)\\dgmkind{b} & {NaN\\dgmkind{b}} & 111.60(50)\\dgmkind{m}"), tex);
        assertTrue(tex.contains("& {test\\_nll [nats/example]} &"), "headers braced: text in an S column");
        String body = tex.substring(tex.indexOf("\\midrule"), tex.indexOf("\\bottomrule"));
        assertTrue(!body.contains("\\pm") && !body.contains("$") && !body.contains("\\mathbf"), "no math mode left in the cells: " + body);
    }

    @Test
    void siunitxNumbersInTheCompactUncertaintyForm() {
        assertEquals("30.89(56)", ReportTables.siNumber(30.89, 0.5599, 3).input());
        assertEquals("511000(24000)", ReportTables.siNumber(511018.7956, 23917.6910, 3).input());
        assertEquals("-7.1(14)", ReportTables.siNumber(-7.1461, 1.3864, 3).input());
        assertEquals("0.10(10)", ReportTables.siNumber(0.1, 0.0996, 3).input());
        assertEquals("12.0(10)", ReportTables.siNumber(12, 1.0, 3).input(), "an sd of exactly 1 keeps two digits: 12.0 ± 1.0");
        assertEquals("5", ReportTables.siNumber(5, 0, 3).input(), "no ±: an integer");
        assertEquals("1.652e6", ReportTables.siNumber(1.652e6 + 0.3, Double.NaN, 1).input());
        assertEquals("1.234(500)e-12", ReportTables.siNumber(1.234e-12, 5.0e-13, 3).input());
        assertNull(ReportTables.siNumber(Double.NaN, Double.NaN, 1), "not a number: a text cell");
        ReportTables.SiNumber n = ReportTables.siNumber(-0.00012289, 0.0001522, 3);
        assertEquals("-0.00012(15)", n.input());
        assertEquals("-1.5(2)\\dgmkind{m}", ReportTables.tableFormat(List.of(n, ReportTables.siNumber(3.1, Double.NaN, 1))));
        assertEquals("1.3e-1\\dgmkind{m}", ReportTables.tableFormat(List.of(ReportTables.siNumber(1.234e-5, Double.NaN, 1),
                ReportTables.siNumber(1.652e6 + 0.3, Double.NaN, 1))));
    }
}
