package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.Workers;

/**
 * RealNVP's affine transformer (Dinh, Sohl-Dickstein and Bengio 2017): z = x·e^s + t with
 * h = (t, r) and a soft-bounded log-scale s = c·tanh(r / c), so a single layer can scale by at most
 * e^{±c}; this keeps early training from blowing up while staying the identity near r = 0.
 * log|∂z/∂x| = s. tanh is {@link Activation#tanh} (within 2 ulps of {@code StrictMath.tanh}, 2.6×
 * faster).
 */
public final class AffineTransformer implements Transformer {
    private final double bound;

    /** @param bound c &gt; 0, the largest |log-scale| one layer can apply */
    public AffineTransformer(double bound) {
        if (!(bound > 0 && Double.isFinite(bound))) {
            throw new IllegalArgumentException("scale bound must be positive and finite, got " + bound);
        }
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    @Override
    public int paramsPerDim() {
        return 2;
    }

    @Override
    public void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet) {
        forward(x, h, n, m, z, logDet, null);
    }

    /** tanh(r/c) and e^s of each coordinate: the backward pass's two transcendental functions. */
    @Override
    public int savedPerDim() {
        return 2;
    }

    @Override
    public void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet, double[] saved) {
        // rows are independent: shared among the run's threads, each row computed as in one loop
        Workers.forRows(n, m, (from, to) -> forwardRows(x, h, from, to, m, z, logDet, saved));
    }

    private void forwardRows(double[] x, double[] h, int from, int to, int m, double[] z, double[] logDet,
                             double[] saved) {
        for (int i = from; i < to; i++) {
            double ld = 0;
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                double th = Activation.tanh(h[2 * k + 1] / bound);
                double s = bound * th;
                double e = Math.exp(s);
                z[k] = x[k] * e + h[2 * k];
                ld += s;
                if (saved != null) {
                    saved[2 * k] = th;
                    saved[2 * k + 1] = e;
                }
            }
            logDet[i] += ld;
        }
    }

    @Override
    public void inverse(double[] z, double[] h, int n, int m, double[] x, double[] logDet) {
        Workers.forRows(n, m, (from, to) -> inverseRows(z, h, from, to, m, x, logDet));
    }

    private void inverseRows(double[] z, double[] h, int from, int to, int m, double[] x, double[] logDet) {
        for (int i = from; i < to; i++) {
            double ld = 0;
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                double s = bound * Activation.tanh(h[2 * k + 1] / bound);
                x[k] = (z[k] - h[2 * k]) * Math.exp(-s);
                ld -= s;
            }
            logDet[i] += ld;
        }
    }

    @Override
    public void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh) {
        backward(x, h, dz, dLogDet, n, m, dx, dh, null);
    }

    @Override
    public void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh,
                         double[] saved) {
        Workers.forRows(n, m, (from, to) -> backwardRows(x, h, dz, dLogDet, from, to, m, dx, dh, saved));
    }

    private void backwardRows(double[] x, double[] h, double[] dz, double[] dLogDet, int from, int to, int m,
                              double[] dx, double[] dh, double[] saved) {
        for (int i = from; i < to; i++) {
            double gl = dLogDet[i];
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                double th = saved != null ? saved[2 * k] : Activation.tanh(h[2 * k + 1] / bound);
                double e = saved != null ? saved[2 * k + 1] : Math.exp(bound * th);
                double g = dz[k] * e;
                dx[k] = g;
                dh[2 * k] = dz[k];
                // ds = dz·x·e^s + dLogDet; dr = ds·(1 − tanh²)
                dh[2 * k + 1] = (g * x[k] + gl) * (1 - th * th);
            }
        }
    }
}
