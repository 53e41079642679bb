package dgm.vae.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture of a {@link Dl4jVaeModel}: what is needed to rebuild its Deeplearning4j network and
 * the workbench's float64 copy of it (training options are not part of it).
 *
 * @param dimension  data dimension d (the layer's nIn)
 * @param latent     latent dimension d_z (the layer's nOut)
 * @param hidden     width of every encoder and decoder layer
 * @param layers     layers in each of encoder and decoder (DL4J's layer needs at least one)
 * @param activation hidden activation, a name both DL4J and the workbench know ({@link #ACTIVATIONS})
 * @param dtype      DL4J's data type for parameters and training: {@code double} or {@code float}
 */
public record Dl4jVaeConfig(int dimension, int latent, int hidden, int layers, String activation, String dtype) {

    /** Activations offered as the {@code activation} parameter; {@code identity} is accepted too (linear maps, tests). */
    public static final List<String> ACTIVATIONS = List.of("relu", "leaky_relu", "tanh", "elu", "softplus");
    public static final List<String> DTYPES = List.of("double", "float");

    public Dl4jVaeConfig {
        if (dimension < 1 || latent < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("dimension, latent, hidden and layers must be ≥ 1: " + dimension + ", "
                    + latent + ", " + hidden + ", " + layers);
        }
        if (!ACTIVATIONS.contains(activation) && !activation.equals("identity")) {
            throw new IllegalArgumentException("unknown activation '" + activation + "'; allowed: " + ACTIVATIONS);
        }
        if (!DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("unknown dtype '" + dtype + "'; allowed: " + DTYPES);
        }
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dimension", Integer.toString(dimension));
        m.put("latent", Integer.toString(latent));
        m.put("hidden", Integer.toString(hidden));
        m.put("layers", Integer.toString(layers));
        m.put("activation", activation);
        m.put("dtype", dtype);
        return m;
    }

    public static Dl4jVaeConfig fromMap(Map<String, String> m) {
        return new Dl4jVaeConfig(Integer.parseInt(m.get("dimension")), Integer.parseInt(m.get("latent")),
                Integer.parseInt(m.get("hidden")), Integer.parseInt(m.get("layers")), m.get("activation"), m.get("dtype"));
    }
}
