package dgm.core.model;

/** What a model can be asked, beyond sampling. Mirrors the capability interfaces. */
public enum Capability {
    /** {@link DensityModel}: an exact log-density (flows, Gaussian mixtures, KDE, ...). */
    EXACT_DENSITY("exact density"),
    /** {@link LatentVariableModel}: a lower bound on the log-likelihood (VAE: ELBO, IWAE). */
    LOWER_BOUND("likelihood bound"),
    /** {@link ImplicitModel}: samples only; no likelihood is ever claimed (GANs). */
    SAMPLES_ONLY("samples only");

    private final String label;

    Capability(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Capability of(GenerativeModel m) {
        if (m instanceof DensityModel) {
            return EXACT_DENSITY;
        }
        if (m instanceof LatentVariableModel) {
            return LOWER_BOUND;
        }
        return SAMPLES_ONLY;
    }
}
