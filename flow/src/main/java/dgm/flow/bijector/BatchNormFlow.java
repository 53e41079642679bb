package dgm.flow.bijector;

import dgm.core.nn.ParamBuffer;

/**
 * Batch normalisation as a bijector (Dinh et al. 2017, §3.7; Papamakarios et al. 2017):
 * z = (x − μ)/√(v + ε) ⊙ e^γ + β, log|det| = Σ_j (γ_j − ½ log(v_j + ε)).
 *
 * <p>In training mode μ and v are the batch's mean and (biased) variance, gradients flow through
 * them, and running averages are updated (momentum 0.1); the map then depends on the whole batch, so
 * it is a bijection only per batch. In evaluation mode (the default, and what densities and samples
 * use) μ and v are the running averages, kept in the fixed buffers, and the layer is an ordinary
 * elementwise affine bijection.
 */
public final class BatchNormFlow implements Bijector {
    static final double EPS = 1e-5;
    static final double MOMENTUM = 0.1;

    private final int d;
    private final ParamBuffer params;
    private final ParamBuffer buffers;
    private final ParamBuffer.Slot logGamma;
    private final ParamBuffer.Slot beta;
    private final ParamBuffer.Slot runMean;
    private final ParamBuffer.Slot runVar;
    private boolean training;
    private final double[] mean;
    private final double[] sd;
    private double[] xhat = new double[0];
    private boolean lastWasTraining;
    private int lastN = -1;

    public BatchNormFlow(ParamBuffer params, ParamBuffer buffers, String name, int d) {
        this.d = d;
        this.params = params;
        this.buffers = buffers;
        this.logGamma = params.allocate(name + ".loggamma", d);
        this.beta = params.allocate(name + ".beta", d);
        this.runMean = buffers.allocate(name + ".running_mean", d);
        this.runVar = buffers.allocate(name + ".running_var", d);
        java.util.Arrays.fill(buffers.values(), runVar.offset(), runVar.offset() + d, 1.0);
        this.mean = new double[d];
        this.sd = new double[d];
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Sets mean and sd from the running averages. */
    private void evalStatistics() {
        double[] b = buffers.values();
        for (int j = 0; j < d; j++) {
            mean[j] = b[runMean.offset() + j];
            sd[j] = Math.sqrt(b[runVar.offset() + j] + EPS);
        }
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        if (xhat.length < n * d) {
            xhat = new double[n * d];
        }
        boolean batchStats = training && n > 1;
        if (batchStats) {
            double[] b = buffers.values();
            for (int j = 0; j < d; j++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += x[i * d + j];
                }
                m /= n;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    double c = x[i * d + j] - m;
                    v += c * c;
                }
                v /= n;
                mean[j] = m;
                sd[j] = Math.sqrt(v + EPS);
                b[runMean.offset() + j] += MOMENTUM * (m - b[runMean.offset() + j]);
                b[runVar.offset() + j] += MOMENTUM * (v * n / (n - 1) - b[runVar.offset() + j]);
            }
        } else {
            evalStatistics();
        }
        double[] v = params.values();
        double ld = 0;
        for (int j = 0; j < d; j++) {
            ld += v[logGamma.offset() + j] - Math.log(sd[j]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                xhat[k] = (x[k] - mean[j]) / sd[j];
                z[k] = xhat[k] * Math.exp(v[logGamma.offset() + j]) + v[beta.offset() + j];
            }
            logDet[i] += ld;
        }
        lastWasTraining = batchStats;
        lastN = n;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        evalStatistics();
        double[] v = params.values();
        double ld = 0;
        for (int j = 0; j < d; j++) {
            ld += v[logGamma.offset() + j] - Math.log(sd[j]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                x[k] = (z[k] - v[beta.offset() + j]) * Math.exp(-v[logGamma.offset() + j]) * sd[j] + mean[j];
            }
            logDet[i] -= ld;
        }
        lastN = -1;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        double[] v = params.values();
        double[] g = params.grads();
        double sumLd = 0;
        for (int i = 0; i < n; i++) {
            sumLd += dLogDet[i];
        }
        for (int j = 0; j < d; j++) {
            double e = Math.exp(v[logGamma.offset() + j]);
            double gBeta = 0;
            double gGamma = 0;
            double sumDh = 0;
            double sumDhXh = 0;
            for (int i = 0; i < n; i++) {
                int k = i * d + j;
                gBeta += dz[k];
                gGamma += dz[k] * xhat[k] * e;
                double dh = dz[k] * e;
                sumDh += dh;
                sumDhXh += dh * xhat[k];
            }
            g[beta.offset() + j] += gBeta;
            g[logGamma.offset() + j] += gGamma + sumLd;
            for (int i = 0; i < n; i++) {
                int k = i * d + j;
                double dh = dz[k] * e;
                if (lastWasTraining) {
                    // through x̂ = (x − μ_B)/σ_B, and through the log-det's −log σ_B
                    dx[k] = (dh - sumDh / n - xhat[k] * sumDhXh / n) / sd[j] - sumLd * xhat[k] / (n * sd[j]);
                } else {
                    dx[k] = dh / sd[j];
                }
            }
        }
    }

    @Override
    public int[] triangularOrder() {
        return training ? null : Bijector.identityOrder(d);
    }
}
