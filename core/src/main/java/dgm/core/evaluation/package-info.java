/**
 * The metrics core registers ({@link dgm.core.evaluation.CoreMetrics}): each {@link dgm.core.run.MetricGroup}
 * declares its {@link dgm.core.run.Metric}s and computes them from an {@link dgm.core.run.EvaluationContext}
 * with the algorithms of {@link dgm.core.metrics}. A new metric is one group class and one entry in a
 * provider's list; the catalogue, the evaluation and the report's columns follow from it.
 */
package dgm.core.evaluation;
