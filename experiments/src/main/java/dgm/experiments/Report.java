package dgm.experiments;

import java.util.List;
import java.util.Map;

/** report.md: how the comparison was made, its tables, and every figure with a caption. */
final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(ExperimentConfig c, Map<String, Object> record, String summary, List<ComparisonFigures.Written> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Report: comparison `").append(c.name()).append("`\n\n");
        sb.append(c.description()).append(".\n\n");
        sb.append("## How it was made\n\n");
        sb.append("- Grid: ").append(c.models().size()).append(" models × ").append(c.datasets().size()).append(" datasets × ")
                .append(c.seeds().size()).append(" seeds (").append(c.seeds()).append("); the full config is in `config.json` ")
                .append("(re-run it with `./workbench reproduce <this folder> --out NEW`).\n");
        sb.append("- Training budget: ").append(c.describeBudget()).append(". Each run's `run.json` records its budget and ")
                .append("the gradient steps and seconds it used.\n");
        if (record.get("executor") instanceof Map<?, ?> ex) {
            sb.append("- Runs executed as an Apache Spark job (Spark ").append(ex.get("spark_version")).append(", master `")
                    .append(ex.get("master")).append("`, ").append(record.get("jobs")).append(" task slots; outputs: ")
                    .append(ex.get("output")).append(")").append(record.get("retried_attempts") != null
                            ? "; " + record.get("retried_attempts") + " failed attempt(s) retried" : "")
                    .append("; each run's `run.json` says where it ran; results do not depend on this, timings do.\n");
        } else if (record.get("jobs") != null) {
            sb.append("- Runs executed ").append(record.get("jobs")).append(" at a time on this machine, sharing its cores; ")
                    .append("results do not depend on this, timings do.\n");
        }
        Map<String, Object> code = (Map<String, Object>) record.get("code");
        sb.append("- Code: commit `").append(code.get("git_commit")).append("`, dirty: ").append(code.get("git_dirty")).append(".\n");
        Map<String, Object> env = (Map<String, Object>) record.get("environment");
        sb.append("- Machine: ").append(env.get("os")).append(", ").append(env.get("jvm")).append(", ND4J ")
                .append(env.get("nd4j_backend")).append("; threads ").append(env.get("threads"))
                .append("; engine ").append(env.get("engine")).append(".\n");
        sb.append("- Started ").append(record.get("started")).append(", finished ").append(record.get("finished"))
                .append(String.format(" (%.0f s).%n", ((Number) record.get("seconds")).doubleValue()));
        sb.append("- Each run's record (seeds, data hash, history, every metric with kind, unit and split) is `runs/DATASET/MODEL/seed-S/run.json`; ")
                .append("all numbers are in `results.csv`, the aggregates in `summary.csv` and, as LaTeX tables (booktabs, siunitx), in `summary.tex`; docs/figures.md says how the figures and tables are drawn.\n");
        if (summary.contains(ReportTables.REFERENCE_LABEL)) {
            sb.append("- The feature-space tables use each labelled dataset's reference classifier (its identity is in every run's ")
                    .append("`run.json`, `reference_classifier`); their real-image lines, the validation split in place of samples, ")
                    .append("are in `reference/DATASET/results.csv` (docs/metrics.md).\n");
        }
        // the summary's own sections follow: its headline table first, then the detail tables
        sb.append('\n').append(summary.replaceFirst("^# [^\n]*\n", "").strip()).append("\n\n");
        sb.append("## Figures\n\n");
        if (figures.isEmpty()) {
            sb.append("No figures were drawn.\n");
        }
        for (ComparisonFigures.Written f : figures) {
            sb.append("### ").append(f.stem()).append("\n\n").append(f.caption()).append("\n\n")
                    .append("![").append(f.stem()).append("](figures/").append(f.stem()).append(".png) ")
                    .append("([SVG](figures/").append(f.stem()).append(".svg), [PDF](figures/").append(f.stem())
                    .append(".pdf))\n\n");
        }
        return sb.toString();
    }
}
