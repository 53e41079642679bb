package dgm.experiments.figures;

import dgm.core.metrics.Kind;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.rng.Rng;
import java.util.Optional;

/**
 * A named log-density field over ℝ² to draw as a heat map: exact (a {@link DensityModel}) or a lower
 * bound (a {@link LatentVariableModel}'s importance-weighted bound), which the panel title says.
 *
 * @param title shown above the panel
 * @param kind  {@link Kind#EXACT} or {@link Kind#BOUND}
 * @param field log q at each row of an [n, 2] array, nats
 */
public record DensitySurface(String title, Kind kind, LogDensityField field) {

    /** log-density (or its bound) at each point, nats; −∞ where the density is 0. */
    @FunctionalInterface
    public interface LogDensityField {
        double[] logDensity(double[][] points);
    }

    /** The importance samples k for a bound's panel: tight enough to show the shape (Burda et al. 2016). */
    public static final int BOUND_SAMPLES = 100;

    /** Points per call: keeps a k-sample bound's workspace small. */
    static final int CHUNK = 1024;

    /**
     * The surface of a 2-D model that has one: exact for a {@link DensityModel}; for a
     * {@link LatentVariableModel} its k-sample importance-weighted bound (k = 1: the ELBO), titled as
     * a bound; empty for a model without a density (a GAN's generator).
     */
    public static Optional<DensitySurface> of(GenerativeModel model, int k, Rng rng) {
        if (model instanceof DensityModel dm) {
            return Optional.of(new DensitySurface(model.id(), Kind.EXACT, chunked(p -> Arrays2.toVector(dm.logProb(Arrays2.matrix(p))))));
        }
        if (model instanceof LatentVariableModel lv) {
            String what = k == 1 ? "ELBO" : "IWAE k=" + k;
            return Optional.of(new DensitySurface(model.id() + " (bound, " + what + ")", Kind.BOUND,
                    chunked(p -> Arrays2.toVector(lv.lowerBound(Arrays2.matrix(p), k, rng)))));
        }
        return Optional.empty();
    }

    private static LogDensityField chunked(LogDensityField f) {
        return points -> {
            double[] out = new double[points.length];
            for (int s = 0; s < points.length; s += CHUNK) {
                int m = Math.min(CHUNK, points.length - s);
                double[] part = f.logDensity(java.util.Arrays.copyOfRange(points, s, s + m));
                System.arraycopy(part, 0, out, s, m);
            }
            return out;
        };
    }
}
