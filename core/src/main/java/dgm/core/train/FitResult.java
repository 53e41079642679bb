package dgm.core.train;

import dgm.core.model.GenerativeModel;
import java.util.List;

/** The fitted model, its history, and how the fit ended (with a detail message, possibly empty). */
public record FitResult(GenerativeModel model, List<HistoryPoint> history, RunStatus status, String detail) {

    public static FitResult completed(GenerativeModel model, List<HistoryPoint> history) {
        return new FitResult(model, List.copyOf(history), RunStatus.COMPLETED, "");
    }
}
