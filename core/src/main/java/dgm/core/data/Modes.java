package dgm.core.data;

/**
 * Known modes of a mixture-shaped dataset: centres and their (isotropic) standard deviation, used
 * by the mode-coverage metric.
 */
public record Modes(double[][] centres, double sd) {
}
