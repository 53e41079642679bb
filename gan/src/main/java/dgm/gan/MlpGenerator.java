package dgm.gan;

import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/** G(z) = MLP(z): k → h → … → h → d, a hidden activation after each hidden layer, linear output. */
public final class MlpGenerator implements Generator {
    private final ParamBuffer params = new ParamBuffer();
    private final Mlp mlp;
    private final Activation activation;

    public MlpGenerator(int noiseDimension, int dimension, int hidden, int layers, Activation activation) {
        int[] sizes = new int[layers + 2];
        sizes[0] = noiseDimension;
        Arrays.fill(sizes, 1, layers + 1, hidden);
        sizes[layers + 1] = dimension;
        this.mlp = new Mlp(params, "generator", activation, Activation.IDENTITY, sizes);
        this.activation = activation;
    }

    @Override
    public int noiseDimension() {
        return mlp.inputSize();
    }

    @Override
    public int dimension() {
        return mlp.outputSize();
    }

    @Override
    public ParamBuffer params() {
        return params;
    }

    /** PyTorch's default (uniform ±1/√fan_in) for every layer. */
    @Override
    public void initialize(Rng rng) {
        mlp.initialize(rng, 1.0);
    }

    @Override
    public double[] forward(double[] z, int n) {
        return mlp.forward(z, n);
    }

    @Override
    public void backward(double[] dx, int n) {
        mlp.backward(dx, n, Mlp.Gradients.PARAMETERS);   // the noise needs no gradient
    }

    @Override
    public String describe() {
        return "mlp " + Arrays.toString(mlp.sizes()) + " (" + activation.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
