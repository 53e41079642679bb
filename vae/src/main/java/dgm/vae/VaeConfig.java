package dgm.vae;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a {@link VaeModel}: everything needed to rebuild it (training options are not
 * part of it).
 *
 * @param dimension data dimension d
 * @param latent    latent dimension d_z
 * @param hidden    width of every hidden layer of encoder and decoder
 * @param layers    hidden layers in each of encoder and decoder (0: linear maps)
 * @param activation hidden activation ({@code relu}, {@code tanh}, ...)
 * @param decoder   {@code gaussian}, {@code bernoulli} or {@code dlogistic}
 * @param levels    number of integer levels L for {@code dlogistic} (0 otherwise)
 * @param minScale  floor σ_min on the decoder's scale, in standardised units
 */
public record VaeConfig(int dimension, int latent, int hidden, int layers, String activation, String decoder,
                        int levels, double minScale) {

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dimension", Integer.toString(dimension));
        m.put("latent", Integer.toString(latent));
        m.put("hidden", Integer.toString(hidden));
        m.put("layers", Integer.toString(layers));
        m.put("activation", activation);
        m.put("decoder", decoder);
        m.put("levels", Integer.toString(levels));
        m.put("min_scale", Double.toString(minScale));
        return m;
    }

    public static VaeConfig fromMap(Map<String, String> m) {
        return new VaeConfig(Integer.parseInt(m.get("dimension")), Integer.parseInt(m.get("latent")),
                Integer.parseInt(m.get("hidden")), Integer.parseInt(m.get("layers")), m.get("activation"),
                m.get("decoder"), Integer.parseInt(m.get("levels")), Double.parseDouble(m.get("min_scale")));
    }

    /** Layer sizes in → hidden × layers → out. */
    int[] sizes(int in, int out) {
        int[] s = new int[layers + 2];
        s[0] = in;
        for (int l = 1; l <= layers; l++) {
            s[l] = hidden;
        }
        s[layers + 1] = out;
        return s;
    }
}
