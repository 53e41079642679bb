package dgm.flow;

import dgm.core.rng.Rng;
import dgm.core.train.Batches;
import dgm.core.train.Checkpoints;
import dgm.core.train.GradientTrainer;
import dgm.core.train.Objective;
import dgm.core.train.ParamGroup;
import dgm.core.train.Report;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maximum-likelihood training of a {@link FlowModel} through the {@link GradientTrainer}: the
 * objective of a minibatch is its mean NLL −(1/m) Σ log p(x_i) (exact, by the change of
 * variables), reported per epoch as {@code train_nll} beside the learning rate and the validation
 * NLL {@code val_nll}, which selects the kept parameters and drives early stopping. The flow's
 * buffers (batch norm's running averages) move with its parameters.
 */
public final class FlowTrainer {

    private FlowTrainer() {
    }

    /** The flow's objective: one parameter group, its buffers, the validation NLL as the score. */
    static final class Likelihood implements Objective {
        private final FlowModel model;
        private final double[][] validation;
        private final ParamGroup group;

        Likelihood(FlowModel model, double[][] validation, double lr, double weightDecay) {
            this.model = model;
            this.validation = validation;
            this.group = new ParamGroup("flow", model.params(), lr, 0.9, weightDecay);
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(group);
        }

        @Override
        public List<dgm.core.nn.ParamBuffer> buffers() {
            return List.of(model.buffers());
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            double loss = it.update(group, "train_nll", () -> model.meanNllAndGradient(it.batch(), it.rows()));
            it.record("train_nll", loss, it.rows());
        }

        @Override
        public Report report(GradientTrainer.Period p) {
            Map<String, Double> v = p.means();
            v.put("lr", p.lr(group));
            String line = String.format(Locale.ROOT, "epoch %d/%d train_nll %.4f", p.epoch() + 1, p.epochs(), v.get("train_nll"));
            if (validation == null || validation.length == 0) {
                return Report.of(v, line);
            }
            double val = model.meanNll(validation);
            v.put("val_nll", val);
            return Report.selecting(v, val, line + String.format(Locale.ROOT, " val_nll %.4f", val));
        }

        @Override
        public String scoreName() {
            return "validation NLL";
        }
    }

    /** The trainer for {@code model} on {@code train} (shuffled by {@code batches}), validated on {@code validation}. */
    public static GradientTrainer trainer(FlowModel model, double[][] train, double[][] validation, TrainingOptions o,
                                          double lr, double weightDecay, Rng batches, Batches.EpochRows epochRows) {
        return new GradientTrainer(new Likelihood(model, validation, lr, weightDecay), o, Batches.rows(train, batches, epochRows));
    }

    /** Trains {@code model}; see {@link GradientTrainer#fit} for what the outcome holds. */
    public static GradientTrainer.Outcome fit(FlowModel model, double[][] train, double[][] validation, TrainingOptions o,
                                              double lr, double weightDecay, Rng batches, Batches.EpochRows epochRows,
                                              Checkpoints checkpoints, TrainingListener listener) {
        return trainer(model, train, validation, o, lr, weightDecay, batches, epochRows).fit(checkpoints, listener);
    }

    /** {@link #fit} without weight decay, epoch rows or checkpoints. */
    public static GradientTrainer.Outcome fit(FlowModel model, double[][] train, double[][] validation, TrainingOptions o,
                                              double lr, Rng batches, TrainingListener listener) {
        return fit(model, train, validation, o, lr, 0.0, batches, null, Checkpoints.NONE, listener);
    }
}
