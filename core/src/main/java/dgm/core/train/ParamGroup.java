package dgm.core.train;

import dgm.core.nn.Adam;
import dgm.core.nn.LrSchedule;
import dgm.core.nn.ParamBuffer;

/**
 * Parameters updated together: one {@link ParamBuffer}, its own Adam optimizer (with its own step
 * count) and its peak learning rate. A flow or a VAE is one group; the f-GAN's critic and generator
 * are two, each with its own optimizer. The {@link GradientTrainer} owns the schedule over the
 * planned iterations, gradient clipping and the NaN guard for every group alike.
 */
public final class ParamGroup {
    private final String name;
    private final ParamBuffer params;
    private final double peakLr;
    private final Adam adam;
    LrSchedule schedule;
    double lastNorm = Double.NaN;

    /**
     * @param name        a short name for messages and checkpoints (e.g. {@code flow}, {@code critic})
     * @param peakLr      the learning rate the schedule starts from (0 holds the group fixed; its moments still move)
     * @param beta1       Adam's β₁ (β₂ = 0.999, ε = 1e−8)
     * @param weightDecay decoupled weight decay (AdamW, Loshchilov and Hutter 2019); 0 for plain Adam
     */
    public ParamGroup(String name, ParamBuffer params, double peakLr, double beta1, double weightDecay) {
        if (!(peakLr >= 0) || !Double.isFinite(peakLr)) {
            throw new IllegalArgumentException("group " + name + ": the learning rate must be ≥ 0, got " + peakLr);
        }
        this.name = name;
        this.params = params;
        this.peakLr = peakLr;
        this.adam = new Adam(beta1, 0.999, 1e-8, weightDecay);
    }

    /** Adam with PyTorch's defaults (β₁ = 0.9, β₂ = 0.999, ε = 1e−8), no weight decay. */
    public static ParamGroup adam(String name, ParamBuffer params, double peakLr) {
        return new ParamGroup(name, params, peakLr, 0.9, 0.0);
    }

    public String name() {
        return name;
    }

    public ParamBuffer params() {
        return params;
    }

    public double peakLr() {
        return peakLr;
    }

    Adam optimizer() {
        return adam;
    }

    /** The learning rate of iteration {@code step} (0-based) under the trainer's schedule. */
    public double lr(long step) {
        if (schedule == null) {
            throw new IllegalStateException("group " + name + " is not part of a trainer yet");
        }
        return schedule.lr(step);
    }

    /** The gradient norm (before clipping) of this group's most recent update. */
    public double lastGradientNorm() {
        return lastNorm;
    }
}
