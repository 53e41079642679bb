package dgm.flow.bijector;

/**
 * A layer's buffer for what its transformer saves in a forward pass for the backward pass
 * ({@link Transformer#savedPerDim()}), shared by {@link Coupling} and {@link MaskedAutoregressive}:
 * it hands out a buffer only in training mode and within {@link Transformer#SAVED_MAX}, and keeps
 * the buffer between forwards.
 */
final class SaveBuffer {
    private double[] store;
    private boolean training;

    void setTraining(boolean training) {
        this.training = training;
    }

    /**
     * The buffer for a forward over {@code coordinates} transformed coordinates, or null (nothing
     * to save: not training, the transformer saves nothing, or over the limit).
     */
    double[] forForward(Transformer t, long coordinates) {
        if (!training) {
            return null;
        }
        double[] buf = Transformer.savedBuffer(t, store, coordinates);
        if (buf != null) {
            store = buf;
        }
        return buf;
    }
}
