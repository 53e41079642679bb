package dgm.core.contracts;

import dgm.core.data.Dataset;
import dgm.core.model.GenerativeModel;
import dgm.core.rng.Seeds;
import dgm.core.run.EvalOptions;
import dgm.core.run.EvaluationContext;
import java.util.function.Supplier;

/**
 * A small case whose value is computed by hand (or by an independent float64 formula in the test),
 * run through the registered group that declares {@code metric}: it checks the wiring (which set,
 * which bandwidth, which k) as well as the number.
 *
 * @param metric     the metric id
 * @param derivation how {@code expected} was obtained, shown as the test's name
 * @param context    the evaluation context to compute on (built fresh for the case)
 * @param expected   the hand-computed value
 * @param tolerance  absolute tolerance (round-off only: hand cases are exact up to float64)
 */
public record MetricContractCase(String metric, String derivation, Supplier<EvaluationContext> context, double expected,
                                 double tolerance) {

    /** A context on {@code data} and {@code model} with {@code samples} model samples, metric_points and permutations as given, seed 0. */
    public static Supplier<EvaluationContext> context(Dataset data, GenerativeModel model, int iwaeK, int samples, int metricPoints,
                                                      int permutations) {
        return () -> new EvaluationContext(data, model, new EvalOptions(iwaeK, 1000, samples, metricPoints, permutations), new Seeds(0));
    }
}
