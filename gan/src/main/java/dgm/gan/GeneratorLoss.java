package dgm.gan;

/**
 * The generator's loss on the critic outputs vⱼ = V_ω(G_θ(zⱼ)) of a generated batch (only the Q
 * term of F depends on θ). Both are to be minimised.
 */
public enum GeneratorLoss {
    /**
     * Saturating: minimise F, i.e. L = −(1/n) Σ f*(g_f(vⱼ)) (the Q term of F, the P term being
     * constant in θ); ∂L/∂vⱼ = −(f*∘g_f)′(vⱼ)/n.
     */
    SATURATING("saturating"),
    /**
     * The paper's "alternative" (non-saturating) update, Section 3.2: maximise (1/n) Σ g_f(vⱼ), i.e.
     * L = −(1/n) Σ g_f(vⱼ); ∂L/∂vⱼ = −g_f′(vⱼ)/n. For the GAN divergence this is the usual
     * −log D(G(z)) heuristic of Goodfellow et al.
     */
    ALTERNATIVE("alternative");

    private final String id;

    GeneratorLoss(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static GeneratorLoss fromId(String id) {
        for (GeneratorLoss l : values()) {
            if (l.id.equals(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown generator loss '" + id + "'; allowed: saturating, alternative");
    }

    /** The loss on the critic outputs of a generated batch. */
    public double value(Divergence d, double[] vOnQ) {
        if (vOnQ.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        double s = 0;
        for (double v : vOnQ) {
            s += this == SATURATING ? d.conjugateOfActivation(v) : d.activation(v);
        }
        return -s / vOnQ.length;
    }

    /** ∂L/∂vⱼ for each critic output of the generated batch. */
    public double[] gradient(Divergence d, double[] vOnQ) {
        double[] g = this == SATURATING ? d.conjugateOfActivationDerivative(vOnQ) : d.activationDerivative(vOnQ);
        for (int j = 0; j < g.length; j++) {
            g[j] = -g[j] / vOnQ.length;
        }
        return g;
    }
}
