package dgm.core.train;

import dgm.core.InputException;
import dgm.core.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training budget shared by every gradient-trained model of a run or a comparison, so that models
 * are compared on equal terms:
 * <ul>
 *   <li>{@code budget.steps=N}: exactly N gradient updates (an f-GAN update is one generator update
 *       with its {@code critic_steps} critic updates); early stopping is off, the learning-rate
 *       schedule is planned over the N updates and, where the family keeps the best validation
 *       parameters, it still does;</li>
 *   <li>{@code budget.seconds=S}: S seconds of wall-clock training; early stopping is off and the
 *       learning rate is constant (there is no planned length to schedule over). The result then
 *       depends on the machine's speed and load, and the records say so.</li>
 * </ul>
 * Without either, each model trains by its own settings ({@code epochs}, {@code steps},
 * {@code patience}, {@code max_steps}, {@code max_minutes}). A model is gradient-trained when its
 * family declares {@link TrainingParams} ({@link ModelSpec#training()}); closed-form and EM baselines
 * do not, and the budget does not apply to them (their records say so). {@link TrainingParams#options}
 * applies a budget.
 */
public record Budget(Type type, double limit) {

    public enum Type {
        MODEL_SETTINGS("model_settings"), STEPS("gradient_steps"), SECONDS("wall_clock");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final List<String> KEYS = List.of("steps", "seconds");
    static final long UNBOUNDED_STEPS = TrainingParams.UNBOUNDED;

    public static final Budget NONE = new Budget(Type.MODEL_SETTINGS, 0);

    /** Parses the {@code budget.*} options: at most one of {@code steps} (a positive integer) and {@code seconds}. */
    public static Budget parse(Map<String, String> options) {
        if (options.isEmpty()) {
            return NONE;
        }
        for (String k : options.keySet()) {
            if (!KEYS.contains(k)) {
                throw new InputException("unknown budget option '" + k + "'; allowed: budget.steps (gradient updates) "
                        + "or budget.seconds (wall-clock training time)");
            }
        }
        if (options.size() > 1) {
            throw new InputException("give one budget, budget.steps or budget.seconds, not both");
        }
        String key = options.keySet().iterator().next();
        String raw = options.get(key);
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new InputException("budget." + key + " must be a number, got '" + raw + "'");
        }
        if (key.equals("steps")) {
            if (!(v >= 1 && v <= UNBOUNDED_STEPS - 1) || v != Math.rint(v)) {
                throw new InputException("budget.steps must be an integer in [1, " + (UNBOUNDED_STEPS - 1) + "], got " + raw);
            }
            return new Budget(Type.STEPS, v);
        }
        if (!(v > 0 && v <= 1e7)) {
            throw new InputException("budget.seconds must be in (0, 1e7], got " + raw);
        }
        return new Budget(Type.SECONDS, v);
    }

    /** Whether the model's family trains by gradient steps (declares {@link TrainingParams}). */
    public static boolean appliesTo(ModelSpec spec) {
        return spec.training() != null;
    }

    /** For the run record: what limited training and what was used. */
    public Map<String, Object> record(ModelSpec spec, long stepsUsed, double trainSeconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (!appliesTo(spec)) {
            r.put("type", "not_applicable");
            r.put("why", "model '" + spec.id() + "' is not trained by gradient steps");
        } else {
            r.put("type", type.label());
            if (type == Type.STEPS) {
                r.put("gradient_steps", (long) limit);
            } else if (type == Type.SECONDS) {
                r.put("seconds", limit);
            }
            if (stepsUsed >= 0) {
                r.put("gradient_steps_used", stepsUsed);
            }
        }
        r.put("train_seconds", trainSeconds);
        return r;
    }

    /** "2000 gradient steps", "30 s wall-clock", or "each model's own settings". */
    public String describe() {
        return switch (type) {
            case STEPS -> String.format(Locale.ROOT, "%d gradient steps for every gradient-trained model", (long) limit);
            case SECONDS -> String.format(Locale.ROOT, "%s s of wall-clock training for every gradient-trained model "
                            + "(the results depend on the machine's speed and load)",
                    limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit));
            case MODEL_SETTINGS -> "each model's own settings (epochs or steps, early stopping)";
        };
    }
}
