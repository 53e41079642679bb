package dgm.gan;

import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * The critic's network V_ω: ℝ^d → ℝ, an MLP d → h → … → h → 1 with a linear output. The output
 * activation g_f is not part of the network: the objective applies g_f and the fused f*∘g_f to the
 * raw outputs ({@link VariationalObjective}), which is what keeps f*(g_f(v)) finite for every v.
 */
public final class Critic {
    private final ParamBuffer params = new ParamBuffer();
    private final Mlp mlp;
    private final Activation activation;

    public Critic(int dimension, int hidden, int layers, Activation activation) {
        int[] sizes = new int[layers + 2];
        sizes[0] = dimension;
        Arrays.fill(sizes, 1, layers + 1, hidden);
        sizes[layers + 1] = 1;
        this.mlp = new Mlp(params, "critic", activation, Activation.IDENTITY, sizes);
        this.activation = activation;
    }

    public ParamBuffer params() {
        return params;
    }

    public int dimension() {
        return mlp.inputSize();
    }

    public void initialize(Rng rng) {
        mlp.initialize(rng, 1.0);
    }

    /** Raw outputs v = V(x) [n] for x [n × d]; an internal buffer. */
    public double[] forward(double[] x, int n) {
        return mlp.forward(x, n);
    }

    /**
     * The backward pass of the last forward for ∂L/∂v = dv [n], as {@code wanted} says: accumulates
     * ∂L/∂ω into the critic's gradient and/or returns ∂L/∂x [n × d] (an internal buffer; null for
     * {@link Mlp.Gradients#PARAMETERS}). The critic's own update needs
     * {@link Mlp.Gradients#PARAMETERS} (its inputs are data and fixed generator samples, so the first
     * layer's dv·Wᵀ product is skipped); the generator's update needs {@link Mlp.Gradients#INPUT}
     * (no weight-gradient products; the critic's gradient is untouched).
     */
    public double[] backward(double[] dv, int n, Mlp.Gradients wanted) {
        return mlp.backward(dv, n, wanted);
    }

    /** V on every row of x [n × d], in chunks, into a new array (no gradient). */
    public double[] outputs(double[] x, int n) {
        double[] v = new double[n];
        int d = dimension();
        int chunk = 4096;
        double[] buf = new double[Math.min(chunk, Math.max(1, n)) * d];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            System.arraycopy(x, start * d, buf, 0, m * d);
            System.arraycopy(mlp.forward(buf, m), 0, v, start, m);
        }
        return v;
    }

    public String describe() {
        return "mlp " + Arrays.toString(mlp.sizes()) + " (" + activation.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
