package dgm.flow.bijector;

/** NICE's additive transformer (Dinh, Krueger and Bengio 2015): z = x + t, log|det| = 0. */
public final class AdditiveTransformer implements Transformer {

    @Override
    public int paramsPerDim() {
        return 1;
    }

    @Override
    public void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet) {
        for (int k = 0; k < n * m; k++) {
            z[k] = x[k] + h[k];
        }
    }

    @Override
    public void inverse(double[] z, double[] h, int n, int m, double[] x, double[] logDet) {
        for (int k = 0; k < n * m; k++) {
            x[k] = z[k] - h[k];
        }
    }

    @Override
    public void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh) {
        System.arraycopy(dz, 0, dx, 0, n * m);
        System.arraycopy(dz, 0, dh, 0, n * m);
    }
}
