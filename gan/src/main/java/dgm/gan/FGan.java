package dgm.gan;

import dgm.core.nn.Mlp;
import java.util.Arrays;

/**
 * One f-GAN: a divergence D_f, a generator G_θ and a critic V_ω, with the forward and backward
 * passes of the variational objective (Nowozin, Cseke, Tomioka 2016, eq. (6))
 * <pre>  F(θ, ω) = E_{x~P}[g_f(V_ω(x))] − E_{z~N(0,I)}[f*(g_f(V_ω(G_θ(z))))]</pre>
 * on batches. The critic ascends F (its loss is −F̂); the generator descends it through the
 * saturating loss −mean f*(g_f(V(G(z)))) or the paper's alternative loss −mean g_f(V(G(z)))
 * ({@link GeneratorLoss}). f*∘g_f is always evaluated in its fused, stable form.
 *
 * <p>A spectrally normalised critic gets one round of power iteration at the start of each step that
 * updates it ({@link #criticStep}, {@link #jointStep}).
 *
 * <p>Optionally an <em>averaged</em> generator of the same architecture (an exponential moving
 * average of G_θ's weights, {@link FGanTrainer.Options#ema}): it is not trained and the critic never
 * sees it; when present it is what samples ({@link #sampler()}).
 *
 * <p>Every method <em>accumulates</em> parameter gradients (zero them first) and returns the batch
 * value; the caller owns the optimiser. Not thread-safe.
 */
public final class FGan {
    private final Divergence divergence;
    private final Generator generator;
    private final Critic critic;
    /** The exponential moving average of the generator's weights, or null. */
    private final Generator averaged;
    private final int d;
    private double[] xpq = new double[0];
    private double[] dv = new double[0];
    private double[] dxq = new double[0];
    private double[] vq = new double[0];

    public FGan(Divergence divergence, Generator generator, Critic critic) {
        this(divergence, generator, critic, null);
    }

    /**
     * With {@code averaged} (null: none), a generator of the generator's architecture that holds the
     * moving average of its weights and samples in its place.
     */
    public FGan(Divergence divergence, Generator generator, Critic critic, Generator averaged) {
        if (averaged != null && (averaged.params().size() != generator.params().size()
                || averaged.noiseDimension() != generator.noiseDimension() || averaged.dimension() != generator.dimension())) {
            throw new IllegalArgumentException("the averaged generator needs the generator's architecture");
        }
        if (generator.dimension() != critic.dimension()) {
            throw new IllegalArgumentException("generator of dimension " + generator.dimension()
                    + " and critic of dimension " + critic.dimension());
        }
        this.divergence = divergence;
        this.generator = generator;
        this.critic = critic;
        this.averaged = averaged;
        this.d = generator.dimension();
    }

    public Divergence divergence() {
        return divergence;
    }

    public Generator generator() {
        return generator;
    }

    public Critic critic() {
        return critic;
    }

    /** The averaged generator, or null when the weights are not averaged. */
    public Generator averaged() {
        return averaged;
    }

    /** What samples: the averaged generator when there is one, else the generator. */
    public Generator sampler() {
        return averaged != null ? averaged : generator;
    }

    /**
     * β_t = min(β, (1 + t)/(10 + t)) for the update after generator update t (0-based): the average
     * forgets its start quickly early on (β_0 = 0.1) and settles at β.
     */
    public static double averagingRate(double beta, long t) {
        return Math.min(beta, (1.0 + t) / (10.0 + t));
    }

    /**
     * One step of the moving average after generator update t: θ̄ ← β_t θ̄ + (1 − β_t) θ
     * ({@link #averagingRate}). Nothing without an averaged generator.
     */
    public void updateAverage(double beta, long t) {
        if (averaged == null) {
            return;
        }
        double b = averagingRate(beta, t);
        double[] avg = averaged.params().values();
        double[] live = generator.params().values();
        for (int i = 0; i < avg.length; i++) {
            avg[i] = b * avg[i] + (1 - b) * live[i];
        }
    }

    private void ensure(int rows) {
        if (xpq.length < rows * d) {
            xpq = new double[rows * d];
            dxq = new double[rows * d];
        }
        if (dv.length < rows) {
            dv = new double[rows];
            vq = new double[rows];
        }
    }

    /** Forward of the critic on [x_P; G(z)] (nP + nQ rows); returns the raw outputs (internal buffer). */
    private double[] forwardJoint(double[] xp, int nP, double[] z, int nQ) {
        ensure(nP + nQ);
        double[] xq = generator.forward(z, nQ);
        System.arraycopy(xp, 0, xpq, 0, nP * d);
        System.arraycopy(xq, 0, xpq, nP * d, nQ * d);
        return critic.forward(xpq, nP + nQ);
    }

    /** Writes ∂(−F̂)/∂v for the joint outputs into dv and returns F̂. */
    private double criticLossGradient(double[] v, int nP, int nQ) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < nP; i++) {
            sp += divergence.activation(v[i]);
            dv[i] = -divergence.activationDerivative(v[i]) / nP;
        }
        for (int j = nP; j < nP + nQ; j++) {
            sq += divergence.conjugateOfActivation(v[j]);
            dv[j] = divergence.conjugateOfActivationDerivative(v[j]) / nQ;
        }
        return sp / nP - sq / nQ;
    }

    /**
     * The critic's half of a step: F̂ on data x_P [nP × d] and generated G(z) for z [nQ × k];
     * accumulates ∂(−F̂)/∂ω into the critic's gradient (the generator's is untouched). Returns F̂.
     */
    public double criticStep(double[] xp, int nP, double[] z, int nQ) {
        critic.powerIteration();
        double[] v = forwardJoint(xp, nP, z, nQ);
        double f = criticLossGradient(v, nP, nQ);
        critic.backward(dv, nP + nQ, Mlp.Gradients.PARAMETERS);
        return f;
    }

    /**
     * The generator's half of a step: L_G on G(z), accumulating ∂L_G/∂θ into the generator's
     * gradient. The critic's gradient is untouched: the backward pass through the critic computes
     * only its input gradient ∂L_G/∂x (no weight-gradient products). Returns L_G.
     */
    public double generatorStep(double[] z, int nQ, GeneratorLoss loss) {
        ensure(nQ);
        double[] x = generator.forward(z, nQ);
        double[] v = critic.forward(x, nQ);
        System.arraycopy(v, 0, vq, 0, nQ);
        double value = loss.value(divergence, Arrays.copyOf(vq, nQ));
        double[] g = loss.gradient(divergence, Arrays.copyOf(vq, nQ));
        double[] dx = critic.backward(g, nQ, Mlp.Gradients.INPUT);
        generator.backward(dx, nQ);
        return value;
    }

    /**
     * The paper's single-step update (Algorithm 1) on one batch: one critic forward on [x_P; G(z)],
     * then ∂L_G/∂θ into the generator's gradient and ∂(−F̂)/∂ω into the critic's (the critic's
     * gradient is zeroed here, so zero only the generator's before calling). Returns {F̂, L_G},
     * both at the parameters before the update.
     */
    public double[] jointStep(double[] xp, int nP, double[] z, int nQ, GeneratorLoss loss) {
        critic.powerIteration();
        double[] v = forwardJoint(xp, nP, z, nQ);
        System.arraycopy(v, nP, vq, 0, nQ);
        double[] vQ = Arrays.copyOf(vq, nQ);
        double lg = loss.value(divergence, vQ);
        double[] g = loss.gradient(divergence, vQ);
        Arrays.fill(dv, 0, nP, 0.0);
        System.arraycopy(g, 0, dv, nP, nQ);
        double[] dx = critic.backward(dv, nP + nQ, Mlp.Gradients.INPUT);
        // the generator's forward buffer still holds G(z); backward reads only z and its own activations
        System.arraycopy(dx, nP * d, dxq, 0, nQ * d);
        generator.backward(dxq, nQ);
        critic.params().zeroGrad();
        double f = criticLossGradient(v, nP, nQ);
        critic.backward(dv, nP + nQ, Mlp.Gradients.PARAMETERS);
        return new double[] {f, lg};
    }
}
