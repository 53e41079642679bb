package dgm.core.train;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training parameters of a gradient-trained family, declared once here with the family's own
 * defaults, and their resolution into {@link TrainingOptions} with the run's {@link Budget}. A
 * family's {@link dgm.core.model.ModelSpec#training()} is this declaration: it is what makes a
 * model gradient-trained for budgets (closed-form and EM baselines have none).
 *
 * <p>Every declaration has {@code batch}, {@code schedule}, {@code clip}, {@code max_steps} and
 * {@code max_minutes}; epoch-based families add {@code epochs} (and usually {@code lr},
 * {@code weight_decay}, {@code patience}); iteration-based ones (the f-GAN) {@code steps}.
 */
public final class TrainingParams {
    public static final String EPOCHS = "epochs";
    public static final String STEPS = "steps";
    public static final String BATCH = "batch";
    public static final String LR = "lr";
    public static final String SCHEDULE = "schedule";
    public static final String CLIP = "clip";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String PATIENCE = "patience";
    public static final String MAX_MINUTES = "max_minutes";
    public static final String MAX_STEPS = "max_steps";

    /** Iterations planned under a time budget: never the binding limit. */
    public static final long UNBOUNDED = 100_000_000L;

    private final List<ParamSpec> specs;
    private final boolean byEpochs;

    private TrainingParams(List<ParamSpec> specs, boolean byEpochs) {
        this.specs = List.copyOf(specs);
        this.byEpochs = byEpochs;
    }

    /** The parameter declarations, in the order {@code list --params} shows them. */
    public List<ParamSpec> specs() {
        return specs;
    }

    public boolean declares(String name) {
        return specs.stream().anyMatch(s -> s.name().equals(name));
    }

    /** A family that trains by passes over its rows. */
    public static Builder epochs(int defaultEpochs, int minEpochs, String description) {
        Builder b = new Builder(true);
        b.s.add(ParamSpec.integer(EPOCHS, defaultEpochs, minEpochs, 1_000_000, description));
        return b;
    }

    /** A family that trains by a number of iterations and draws its own batches (the f-GAN). */
    public static Builder steps(int defaultSteps, String description) {
        Builder b = new Builder(false);
        b.s.add(ParamSpec.integer(STEPS, defaultSteps, 0, 100_000_000, description));
        return b;
    }

    /** Collects a family's declarations; {@link #build} adds {@code max_steps} and {@code max_minutes}. */
    public static final class Builder {
        private final boolean byEpochs;
        private final List<ParamSpec> s = new ArrayList<>();
        private String iterationNoun = "gradient updates (overrides epochs; the schedule is planned over them)";

        private Builder(boolean byEpochs) {
            this.byEpochs = byEpochs;
        }

        public Builder batch(int def, String description) {
            s.add(ParamSpec.integer(BATCH, def, 1, 1 << 20, description));
            return this;
        }

        public Builder lr(double def) {
            s.add(ParamSpec.real(LR, def, 1e-7, 1.0, "peak Adam learning rate"));
            return this;
        }

        /** {@code schedule} over the planned iterations; the first of {@code order} is listed first. */
        public Builder schedule(String def, List<String> order) {
            if (!order.containsAll(TrainingOptions.SCHEDULES) || order.size() != TrainingOptions.SCHEDULES.size()) {
                throw new IllegalArgumentException("schedules must be " + TrainingOptions.SCHEDULES);
            }
            s.add(ParamSpec.choice(SCHEDULE, def, order, "learning-rate schedule over the planned steps"));
            return this;
        }

        public Builder clip(double def, String description) {
            s.add(ParamSpec.real(CLIP, def, 0.0, 1e9, description));
            return this;
        }

        public Builder weightDecay() {
            s.add(ParamSpec.real(WEIGHT_DECAY, 0.0, 0.0, 1.0, "decoupled weight decay (AdamW)"));
            return this;
        }

        public Builder patience(int def, String description) {
            s.add(ParamSpec.integer(PATIENCE, def, 0, 1_000_000, description));
            return this;
        }

        /** Any family-specific parameter, listed among the training ones. */
        public Builder with(ParamSpec spec) {
            s.add(spec);
            return this;
        }

        /** How {@code max_steps} is described: what it counts. */
        public Builder maxStepsCounts(String noun) {
            this.iterationNoun = noun;
            return this;
        }

        public TrainingParams build() {
            List<ParamSpec> all = new ArrayList<>(s);
            all.add(ParamSpec.real(MAX_MINUTES, 0.0, 0.0, 1e6,
                    "a wall-clock limit on training, in minutes (0: none); with a limit the result depends on the "
                            + "machine's speed and load, and the run record says so"));
            all.add(ParamSpec.integer(MAX_STEPS, 0, 0, 1_000_000_000, "if > 0: exactly this many " + iterationNoun));
            TrainingParams t = new TrainingParams(all, byEpochs);
            for (String required : List.of(BATCH, SCHEDULE, CLIP)) {
                if (!t.declares(required)) {
                    throw new IllegalStateException("training parameters need '" + required + "'");
                }
            }
            return t;
        }
    }

    /**
     * The options these parameters ask for, with {@code budget} applied: {@code budget.steps=N}
     * plans exactly N iterations with early stopping off; {@code budget.seconds=S} stops after S
     * seconds, with early stopping off and a constant learning rate (no planned length to schedule over).
     * Iteration-based families report every iteration here; set their period with
     * {@link TrainingOptions#withReportEvery}.
     */
    public TrainingOptions options(Params p, Budget budget) {
        long maxSteps = p.integer(MAX_STEPS);
        long iterations = byEpochs ? maxSteps : (maxSteps > 0 ? maxSteps : p.integer(STEPS));
        int epochs = byEpochs ? p.integer(EPOCHS) : 0;
        String schedule = p.string(SCHEDULE);
        int patience = declares(PATIENCE) ? p.integer(PATIENCE) : 0;
        double maxSeconds = 60 * p.real(MAX_MINUTES);
        switch (budget.type()) {
            case STEPS -> {
                iterations = (long) budget.limit();
                patience = 0;
            }
            case SECONDS -> {
                iterations = UNBOUNDED;
                maxSeconds = budget.limit();
                schedule = "constant";
                patience = 0;
            }
            default -> {
            }
        }
        return new TrainingOptions(iterations, epochs, p.integer(BATCH), schedule, p.real(CLIP), patience, 0, maxSeconds, 1);
    }

    /**
     * Refuses a budget together with a parameter it decides that the user also set explicitly
     * ({@code userParams}: the keys given on the command line or in the config).
     */
    public void checkBudget(String modelId, Budget budget, Map<String, String> userParams) {
        List<String> decided = switch (budget.type()) {
            case STEPS -> List.of(MAX_STEPS, PATIENCE);
            case SECONDS -> List.of(MAX_STEPS, MAX_MINUTES, SCHEDULE, PATIENCE);
            case MODEL_SETTINGS -> List.of();
        };
        for (String k : decided) {
            if (declares(k) && userParams.containsKey(k)) {
                throw new InputException("model " + modelId + ": parameter '" + k + "' is set by budget."
                        + (budget.type() == Budget.Type.STEPS ? "steps" : "seconds") + "; remove one of the two");
            }
        }
    }
}
