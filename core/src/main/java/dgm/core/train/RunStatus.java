package dgm.core.train;

/** How a training run ended. */
public enum RunStatus {
    COMPLETED("completed"),
    /** The loss became NaN or infinite; the model holds the last good parameters. */
    DIVERGED("diverged"),
    FAILED("failed");

    private final String label;

    RunStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
