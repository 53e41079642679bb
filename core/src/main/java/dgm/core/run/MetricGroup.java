package dgm.core.run;

import java.util.List;

/**
 * Metrics computed together: one pass that yields several ids (the four k-NN numbers of one
 * neighbour search, the likelihood numbers of one pass over the test split) or a single metric.
 * Intermediate results several groups need (the test log-likelihood, the model samples, the
 * equal-sized real and generated sets) are computed once by the {@link EvaluationContext}.
 *
 * <p>Groups are evaluated in the order their {@link MetricProvider}s list them, and that order is
 * the order of the rows in {@code results.csv}. A group whose metrics someone else records (the
 * training run's clock, an energy fit) is a {@link Recorded}: it only declares them.
 */
public interface MetricGroup {

    /** The metrics this group declares, in catalogue order. */
    List<Metric> metrics();

    /**
     * The group's metrics that apply to this model and dataset (a likelihood needs a density, mode
     * coverage needs known modes), in the order they are reported. Every id returned must be one of
     * {@link #metrics()}, with an estimate of one of its kinds.
     */
    List<Evaluator.Measured> compute(EvaluationContext context);

    /**
     * Metrics recorded by another part of the workbench, declared here so that their ids, units and
     * splits are known; the evaluator computes nothing for them.
     *
     * @param recordedBy who records them, e.g. "the training run (TrainRun)"
     */
    record Recorded(String recordedBy, List<Metric> metrics) implements MetricGroup {
        public Recorded {
            if (recordedBy == null || recordedBy.isBlank()) {
                throw new IllegalArgumentException("say who records the metrics");
            }
            metrics = List.copyOf(metrics);
        }

        @Override
        public List<Evaluator.Measured> compute(EvaluationContext context) {
            return List.of();
        }
    }
}
