package dgm.vae;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/** Helpers shared by the VAE tests. */
final class VaeTesting {
    private VaeTesting() {
    }

    static VaeModel model(int d, int latent, int hidden, int layers, String activation, String decoder, int levels,
                          double minScale, long seed) {
        return new VaeModel("vae", new VaeConfig(d, latent, hidden, layers, activation, decoder, levels, minScale),
                new Rng(seed));
    }

    /** Every parameter ~ N(0, scale²): a generic point, not the initialisation. */
    static void randomize(VaeModel m, long seed, double scale) {
        Rng rng = new Rng(seed);
        double[] v = m.params().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * rng.gaussian();
        }
    }

    static ParamBuffer.Slot slot(VaeModel m, String name) {
        return m.params().slots().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no slot " + name + " in " + m.params().slots()));
    }

    static void set(VaeModel m, String name, int index, double value) {
        ParamBuffer.Slot s = slot(m, name);
        if (index >= s.size()) {
            throw new IllegalArgumentException(name + "[" + index + "] out of " + s.size());
        }
        m.params().values()[s.offset() + index] = value;
    }

    /** Data for a decoder: gaussian any reals, bernoulli in [0,1], dlogistic dequantised levels in [0, L). */
    static double[][] data(String decoder, int n, int d, int levels, Rng rng) {
        double[][] x = new double[n][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = switch (decoder) {
                    case "bernoulli" -> rng.uniform() < 0.5 ? rng.uniform() : (rng.uniform() < 0.5 ? 0.0 : 1.0);
                    case "dlogistic" -> rng.nextInt(levels) + rng.uniform();
                    default -> 2 * rng.gaussian() + 1;
                };
            }
        }
        return x;
    }

    static double[] flat(double[][] rows) {
        int d = rows[0].length;
        double[] x = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, x, i * d, d);
        }
        return x;
    }
}
