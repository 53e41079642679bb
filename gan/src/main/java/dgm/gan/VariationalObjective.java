package dgm.gan;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;

/**
 * The f-GAN variational objective on a batch (Nowozin, Cseke, Tomioka 2016, eq. (6)):
 * <pre>  F̂ = (1/n_P) Σᵢ g_f(vᵢᴾ) − (1/n_Q) Σⱼ f*(g_f(vⱼᑫ)),</pre>
 * where vᴾ = V_ω(x) on data x ~ P and vᑫ = V_ω(x) on generated x ~ Q_θ are the raw critic outputs.
 * F̂ is an unbiased estimate of F(θ, ω) ≤ D_f(P‖Q_θ). The critic ascends F; the generator descends it
 * (see {@link GeneratorLoss}). All gradients are with respect to the raw critic outputs, for
 * back-propagation into the critic or, through x = G_θ(z), into the generator; f*(g_f(·)) is always
 * evaluated in its fused, stable form.
 */
public final class VariationalObjective {
    private VariationalObjective() {
    }

    /** A value and its gradients with respect to the critic outputs on the P batch and the Q batch. */
    public record ValueAndGradient(double value, double[] gradOnP, double[] gradOnQ) {
    }

    private static void requireNonEmpty(double[] v, String name) {
        if (v.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    /** F̂ = mean g_f(vOnP) − mean f*(g_f(vOnQ)). */
    public static double criticObjective(Divergence d, double[] vOnP, double[] vOnQ) {
        requireNonEmpty(vOnP, "vOnP");
        requireNonEmpty(vOnQ, "vOnQ");
        double sp = 0;
        for (double v : vOnP) {
            sp += d.activation(v);
        }
        double sq = 0;
        for (double v : vOnQ) {
            sq += d.conjugateOfActivation(v);
        }
        return sp / vOnP.length - sq / vOnQ.length;
    }

    /**
     * F̂ and its gradient: ∂F̂/∂vᵢᴾ = g_f′(vᵢᴾ)/n_P, ∂F̂/∂vⱼᑫ = −(f*∘g_f)′(vⱼᑫ)/n_Q. The critic
     * ascends it (its loss is −F̂, with the negated gradient).
     */
    public static ValueAndGradient criticObjectiveWithGradient(Divergence d, double[] vOnP, double[] vOnQ) {
        double value = criticObjective(d, vOnP, vOnQ);
        double[] gp = d.activationDerivative(vOnP);
        for (int i = 0; i < gp.length; i++) {
            gp[i] /= vOnP.length;
        }
        double[] gq = d.conjugateOfActivationDerivative(vOnQ);
        for (int j = 0; j < gq.length; j++) {
            gq[j] = -gq[j] / vOnQ.length;
        }
        return new ValueAndGradient(value, gp, gq);
    }

    /**
     * F̂ as a {@link Kind#BOUND} estimate of a lower bound on D_f(P‖Q), with standard error
     * √(s_P²/n_P + s_Q²/n_Q) from the sample variances of the two independent batch terms.
     */
    public static Estimate boundEstimate(Divergence d, double[] vOnP, double[] vOnQ) {
        Estimate ep = Estimate.mean(d.activation(vOnP), Kind.ESTIMATE);
        Estimate eq = Estimate.mean(d.conjugateOfActivation(vOnQ), Kind.ESTIMATE);
        double se = Math.sqrt(ep.standardError() * ep.standardError() + eq.standardError() * eq.standardError());
        return new Estimate(ep.value() - eq.value(), se, (long) vOnP.length + vOnQ.length, Kind.BOUND);
    }
}
