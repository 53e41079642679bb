package dgm.core.train;

import dgm.core.model.GenerativeModel;
import java.util.List;

/**
 * The fitted model, its history, how the fit ended (with a detail message, possibly empty), the
 * training options a gradient-trained fit ran with (null otherwise) and the step it resumed from
 * (−1: it did not resume).
 */
public record FitResult(GenerativeModel model, List<HistoryPoint> history, RunStatus status, String detail,
                        TrainingOptions training, long resumedFromStep) {

    public FitResult(GenerativeModel model, List<HistoryPoint> history, RunStatus status, String detail) {
        this(model, history, status, detail, null, -1);
    }

    /** A gradient-trained fit: the trainer's outcome for {@code model}, trained with {@code options}. */
    public static FitResult trained(GenerativeModel model, GradientTrainer.Outcome out, TrainingOptions options) {
        return new FitResult(model, out.history(), out.status(), out.detail(), options, out.resumedFromStep());
    }

    public static FitResult completed(GenerativeModel model, List<HistoryPoint> history) {
        return new FitResult(model, List.copyOf(history), RunStatus.COMPLETED, "");
    }
}
