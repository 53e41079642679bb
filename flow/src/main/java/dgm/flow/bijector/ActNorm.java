package dgm.flow.bijector;

import dgm.core.nn.ParamBuffer;

/**
 * Glow's activation normalisation (Kingma and Dhariwal 2018): z = (x + b) ⊙ e^s per coordinate,
 * log|det| = Σ_j s_j. Data-dependent initialisation sets b = −mean and s = −log std of the first
 * batch, so that the output starts standardised; the "initialised" flag lives in the fixed buffers,
 * so a restored model is never re-initialised.
 */
public final class ActNorm implements Bijector {
    private final int d;
    private final ParamBuffer params;
    private final ParamBuffer buffers;
    private final ParamBuffer.Slot bias;
    private final ParamBuffer.Slot logScale;
    private final ParamBuffer.Slot initialized;
    private double[] lastX;
    private double[] lastZ;

    public ActNorm(ParamBuffer params, ParamBuffer buffers, String name, int d) {
        this.d = d;
        this.params = params;
        this.buffers = buffers;
        this.bias = params.allocate(name + ".b", d);
        this.logScale = params.allocate(name + ".s", d);
        this.initialized = buffers.allocate(name + ".initialized", 1);
    }

    public boolean isInitialized() {
        return buffers.values()[initialized.offset()] != 0;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void initializeFromData(double[] x, int n) {
        if (isInitialized() || n < 2) {
            return;
        }
        double[] v = params.values();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + j];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double c = x[i * d + j] - mean;
                var += c * c;
            }
            double sd = Math.sqrt(var / (n - 1));
            v[bias.offset() + j] = -mean;
            v[logScale.offset() + j] = -Math.log(sd + 1e-6);
        }
        buffers.values()[initialized.offset()] = 1;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        double[] v = params.values();
        int bo = bias.offset();
        int so = logScale.offset();
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += v[so + j];
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                z[o + j] = (x[o + j] + v[bo + j]) * Math.exp(v[so + j]);
            }
            logDet[i] += sum;
        }
        lastX = x;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        double[] v = params.values();
        int bo = bias.offset();
        int so = logScale.offset();
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += v[so + j];
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                x[o + j] = z[o + j] * Math.exp(-v[so + j]) - v[bo + j];
            }
            logDet[i] -= sum;
        }
        lastX = null;
        lastZ = z;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        double[] v = params.values();
        double[] g = params.grads();
        int bo = bias.offset();
        int so = logScale.offset();
        double dLd = 0;
        for (int i = 0; i < n; i++) {
            dLd += dLogDet[i];
        }
        for (int j = 0; j < d; j++) {
            double e = Math.exp(v[so + j]);
            double gb = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                int k = i * d + j;
                double t = dz[k] * e;
                dx[k] = t;
                gb += t;
                gs += t * (lastX[k] + v[bo + j]);
            }
            g[bo + j] += gb;
            g[so + j] += gs + dLd;
        }
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    /** x = z·e^{−s} − b, log-det −Σ s. */
    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        double[] v = params.values();
        double[] g = params.grads();
        double dLd = 0;
        for (int i = 0; i < n; i++) {
            dLd += dLogDet[i];
        }
        for (int j = 0; j < d; j++) {
            double e = Math.exp(-v[logScale.offset() + j]);
            double gb = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                int k = i * d + j;
                dz[k] = dx[k] * e;
                gb -= dx[k];
                gs -= dx[k] * lastZ[k] * e;
            }
            g[bias.offset() + j] += gb;
            g[logScale.offset() + j] += gs - dLd;
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }
}
