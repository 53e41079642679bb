package dgm.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an objective reports at the end of a period (an epoch, or {@code reportEvery} iterations):
 * the history row's values in order, optionally a score that must stay finite (a non-finite score
 * ends the run as diverged), whether that score selects the model (lower is better: early stopping
 * and the best parameters kept), and a progress line.
 */
public record Report(Map<String, Double> values, Double score, boolean selects, String progress) {

    public Report {
        values = new LinkedHashMap<>(values);
    }

    /** A row with a validation score (lower is better) that drives early stopping and the kept parameters. */
    public static Report selecting(Map<String, Double> values, double score, String progress) {
        return new Report(values, score, true, progress);
    }

    /** A row with a score that is watched for divergence only (e.g. an f-GAN's held-out bound). */
    public static Report watching(Map<String, Double> values, double score, String progress) {
        return new Report(values, score, false, progress);
    }

    /** A row without a score. */
    public static Report of(Map<String, Double> values, String progress) {
        return new Report(values, null, false, progress);
    }
}
