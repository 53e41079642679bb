package dgm.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long and how a {@link GradientTrainer} trains; what the parameters of every gradient-trained
 * family ({@link TrainingParams}) resolve to, with the run's {@link Budget} applied.
 *
 * @param iterations        planned iterations; 0 plans {@code epochs} full passes over the rows
 *                          (rows batching only). An iteration is one gradient update of every group
 *                          (an f-GAN's is its critic updates and one generator update)
 * @param epochs            passes over the training rows when {@code iterations} is 0
 * @param batch             rows per minibatch (rows batching; objectives that draw their own batches read it too)
 * @param schedule          {@code cosine}, {@code step} or {@code constant}, over the planned iterations
 * @param clip              maximal gradient norm per group; 0 disables clipping
 * @param patience          stop after this many reports without a validation improvement; 0 disables
 * @param patienceFrom      reports (epochs) before this index do not count towards patience (KL warm-up)
 * @param maxSeconds        a wall-clock limit on training, 0 for none; only ever set on the user's request
 *                          ({@code budget.seconds}, {@code max_minutes}), since it makes the result depend
 *                          on the machine's speed and load
 * @param reportEvery       iterations between reports when the objective draws its own batches (with rows
 *                          batching a report ends every epoch)
 */
public record TrainingOptions(long iterations, int epochs, int batch, String schedule, double clip, int patience,
                              int patienceFrom, double maxSeconds, int reportEvery) {

    public static final List<String> SCHEDULES = List.of("cosine", "step", "constant");

    public TrainingOptions {
        if (iterations < 0 || epochs < 0 || batch < 1 || clip < 0 || patience < 0 || patienceFrom < 0 || maxSeconds < 0
                || reportEvery < 1 || !SCHEDULES.contains(schedule)) {
            throw new IllegalArgumentException("invalid training options " + this);
        }
    }

    /** A fixed number of iterations, reported every {@code reportEvery}, no early stopping, no wall-clock limit. */
    public static TrainingOptions iterations(long iterations, int batch, String schedule, double clip, int reportEvery) {
        return new TrainingOptions(iterations, 0, batch, schedule, clip, 0, 0, 0, reportEvery);
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(iterations, e, batch, schedule, clip, patience, patienceFrom, maxSeconds, reportEvery);
    }

    public TrainingOptions withPatienceFrom(int from) {
        return new TrainingOptions(iterations, epochs, batch, schedule, clip, patience, from, maxSeconds, reportEvery);
    }

    public TrainingOptions withReportEvery(int every) {
        return new TrainingOptions(iterations, epochs, batch, schedule, clip, patience, patienceFrom, maxSeconds, every);
    }

    /** Whether a wall-clock limit can stop training, so that the result depends on machine speed. */
    public boolean wallClockLimited() {
        return maxSeconds > 0;
    }

    /** For run records. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", iterations);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("schedule", schedule);
        m.put("clip", clip);
        m.put("patience", patience);
        if (patienceFrom > 0) {
            m.put("patience_from_epoch", patienceFrom);
        }
        m.put("wall_clock_limit_seconds", maxSeconds > 0 ? maxSeconds : null);
        if (maxSeconds > 0) {
            m.put("reproducible", "no: a wall-clock limit stops training at a point set by the machine's speed and load");
        }
        return m;
    }
}
