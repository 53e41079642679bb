package dgm.flow.bijector;

import dgm.core.data.Standardization;
import dgm.core.nn.ParamBuffer;

/**
 * A fixed (not trained) elementwise affine map z = (x − μ) / σ, log|det| = −Σ_j log σ_j. Put first
 * in a flow with μ, σ the training set's mean and standard deviation, it standardises data of large
 * scale (the 64-D digits in [0, 17)) while the log-determinant keeps every log-density in the
 * original data space. μ and σ live in the fixed buffers.
 */
public final class FixedAffine implements Bijector {
    private final int d;
    private final ParamBuffer buffers;
    private final ParamBuffer.Slot shift;
    private final ParamBuffer.Slot scale;

    public FixedAffine(ParamBuffer buffers, String name, int d) {
        this.d = d;
        this.buffers = buffers;
        this.shift = buffers.allocate(name + ".mu", d);
        this.scale = buffers.allocate(name + ".sigma", d);
        java.util.Arrays.fill(buffers.values(), scale.offset(), scale.offset() + d, 1.0);
    }

    /** Sets μ, σ to the column means and standard deviations of {@code rows} ({@link Standardization#flooredScale}). */
    public void fit(double[][] rows) {
        Standardization st = Standardization.of(rows);
        set(st.mean(), st.flooredScale());
    }

    public void set(double[] mu, double[] sigma) {
        double[] v = buffers.values();
        for (int j = 0; j < d; j++) {
            if (!(sigma[j] > 0)) {
                throw new IllegalArgumentException("σ must be positive, got " + sigma[j]);
            }
            v[shift.offset() + j] = mu[j];
            v[scale.offset() + j] = sigma[j];
        }
    }

    private double logDetSum() {
        double[] v = buffers.values();
        double s = 0;
        for (int j = 0; j < d; j++) {
            s -= Math.log(v[scale.offset() + j]);
        }
        return s;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        double[] v = buffers.values();
        double ld = logDetSum();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                z[o + j] = (x[o + j] - v[shift.offset() + j]) / v[scale.offset() + j];
            }
            logDet[i] += ld;
        }
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        double[] v = buffers.values();
        double ld = logDetSum();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                x[o + j] = z[o + j] * v[scale.offset() + j] + v[shift.offset() + j];
            }
            logDet[i] -= ld;
        }
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        double[] v = buffers.values();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                dx[o + j] = dz[o + j] / v[scale.offset() + j];
            }
        }
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        double[] v = buffers.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                dz[i * d + j] = dx[i * d + j] * v[scale.offset() + j];
            }
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }
}
