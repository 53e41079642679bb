package dgm.core.metrics;

/**
 * What a reported number is. Every number the workbench prints carries one of these.
 */
public enum Kind {
    /** Computed exactly from the model (e.g. a flow's log-density); a mean over a test set still has sampling error. */
    EXACT("exact"),
    /** A bound on the quantity named (e.g. a VAE's ELBO/IWAE gives an upper bound on the NLL). */
    BOUND("bound"),
    /** A Monte Carlo or plug-in estimate (MMD², KDE log-likelihood of samples, entropy by Monte Carlo, ...). */
    ESTIMATE("estimate"),
    /** A measurement of this run (wall-clock time, throughput). */
    MEASURED("measured");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /** The lower-case label used in CSV and tables. */
    public String label() {
        return label;
    }

    public static Kind fromLabel(String label) {
        for (Kind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + label + "'; allowed: exact, bound, estimate, measured");
    }
}
