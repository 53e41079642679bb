package dgm.core.evaluation;

import dgm.core.metrics.Kind;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.EnumSet;
import java.util.List;

/** The metric ids core declares but the evaluator does not compute: who records each is said in its group. */
public final class RecordedMetrics {
    private static final String NO_NULL = "not computed by the evaluator";

    public static final Metric VAL_NLL = new Metric("val_nll", Unit.NATS_PER_EXAMPLE, Split.VALIDATION, EnumSet.of(Kind.EXACT, Kind.BOUND),
            Direction.LOWER, Table.NONE, NullValue.none(NO_NULL), "mean −log q(x) over the validation split (model selection)");
    public static final Metric TRAIN_NLL = new Metric("train_nll", Unit.NATS_PER_EXAMPLE, Split.TRAIN, EnumSet.of(Kind.EXACT, Kind.BOUND),
            Direction.LOWER, Table.NONE, NullValue.none(NO_NULL), "mean −log q(x) over the training split");
    public static final Metric TRAIN_SECONDS = Metric.of("train_seconds", Unit.SECONDS, Split.TRAIN, Kind.MEASURED, Direction.LOWER,
            Table.FIT, NullValue.none("a measurement of this run"), "wall-clock time of the fit");
    public static final Metric PARAMETERS = Metric.of("parameters", Unit.COUNT, Split.NONE, Kind.EXACT, Direction.NONE, Table.FIT,
            NullValue.none("a property of the model's architecture"), "number of fitted scalar parameters");
    public static final Metric REVERSE_KL_LOSS = Metric.of("reverse_kl_loss", Unit.NATS, Split.FRESH_BASE_SAMPLES, Kind.ESTIMATE,
            Direction.LOWER, Table.NONE, NullValue.none(NO_NULL), "variational fit of p ∝ exp(−U): E_q[log q + U] = KL(q‖p) − log Z, "
                    + "by Monte Carlo on fresh samples; bounded below by −log Z");
    public static final Metric NEG_LOG_Z = Metric.of("neg_log_z", Unit.NATS, Split.BOX, Kind.EXACT, Direction.NONE, Table.NONE,
            NullValue.none("a property of the energy"),
            "−log Z of the energy on the stated box, by quadrature (stderr: change against a grid half as fine)");
    public static final Metric REVERSE_KL_GAP = Metric.of("reverse_kl_gap", Unit.NATS, Split.FRESH_BASE_SAMPLES, Kind.ESTIMATE,
            Direction.LOWER, Table.NONE, NullValue.of(0), "reverse_kl_loss + log Z = KL(q‖p) ≥ 0 for a model confined to the box");

    /** Recorded per evaluation step in the training history of {@code run.json}, never as a row of {@code results.csv}. */
    public static final MetricGroup HISTORY = new MetricGroup.Recorded("the training loops, in run.json's history", List.of(VAL_NLL, TRAIN_NLL));
    public static final MetricGroup FIT_TIME = new MetricGroup.Recorded("the training run (TrainRun)", List.of(TRAIN_SECONDS));
    public static final MetricGroup PARAMETER_COUNT = new MetricGroup.Recorded("the training run (TrainRun)", List.of(PARAMETERS));
    public static final MetricGroup ENERGY_FIT = new MetricGroup.Recorded("the energy fits (energy-fit, compare's energy_fits)",
            List.of(REVERSE_KL_LOSS, NEG_LOG_Z, REVERSE_KL_GAP));

    private RecordedMetrics() {
    }
}
