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
        double[] e = scales(false);
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += v[so + j];
        }
        double total = sum;
        dgm.core.nn.Workers.forRows(n, d, (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    z[o + j] = (x[o + j] + v[bo + j]) * e[j];
                }
                logDet[i] += total;
            }
        });
        lastX = x;
    }

    /**
     * e^{s_j} (or e^{−s_j} when {@code negative}) of every coordinate, once per pass rather than
     * once per element (the same values: Math.exp of the same argument).
     */
    private double[] scales(boolean negative) {
        double[] e = new double[d];
        double[] v = params.values();
        int so = logScale.offset();
        for (int j = 0; j < d; j++) {
            e[j] = Math.exp(negative ? -v[so + j] : v[so + j]);
        }
        return e;
    }

    /**
     * Two zeroed per-coordinate accumulators (row-major passes add to them in row order). New
     * arrays per pass (d doubles, against the pass's n·d work), so concurrent passes share nothing.
     */
    private double[][] accumulators() {
        return new double[2][d];
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
        double[] e = scales(true);
        double total = sum;
        dgm.core.nn.Workers.forRows(n, d, (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    x[o + j] = z[o + j] * e[j] - v[bo + j];
                }
                logDet[i] -= total;
            }
        });
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
        // row-major passes (the column loops strided through n × d arrays); each coordinate's sums
        // still add its rows in order 0…n−1, so the bits are those of the column loops
        double[] e = scales(false);
        double[][] acc = accumulators();
        double[] gb = acc[0];
        double[] gs = acc[1];
        double[] xs = lastX;
        // coordinate blocks shared among the run's threads; each block still adds its rows in order
        dgm.core.nn.Workers.forRows(d, n, (j0, j1) -> {
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int j = j0; j < j1; j++) {
                    double t = dz[o + j] * e[j];
                    dx[o + j] = t;
                    gb[j] += t;
                    gs[j] += t * (xs[o + j] + v[bo + j]);
                }
            }
        });
        for (int j = 0; j < d; j++) {
            g[bo + j] += gb[j];
            g[so + j] += gs[j] + dLd;
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
        double[] e = scales(true);
        double[][] acc = accumulators();
        double[] gb = acc[0];
        double[] gs = acc[1];
        double[] zs = lastZ;
        dgm.core.nn.Workers.forRows(d, n, (j0, j1) -> {
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int j = j0; j < j1; j++) {
                    int k = o + j;
                    dz[k] = dx[k] * e[j];
                    gb[j] -= dx[k];
                    gs[j] -= dx[k] * zs[k] * e[j];
                }
            }
        });
        for (int j = 0; j < d; j++) {
            g[bias.offset() + j] += gb[j];
            g[logScale.offset() + j] += gs[j] - dLd;
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }
}
