package dgm.flow.base;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * N(μ, diag σ²) with learned μ and log σ (initialised to 0, i.e. N(0, I)):
 * log p(z) = Σ_j [−½((z_j − μ_j)/σ_j)² − log σ_j − ½ log 2π].
 */
public final class DiagonalNormal implements BaseDistribution {
    private final int d;
    private final ParamBuffer params;
    private final ParamBuffer.Slot mean;
    private final ParamBuffer.Slot logStd;

    public DiagonalNormal(ParamBuffer params, String name, int d) {
        this.d = d;
        this.params = params;
        this.mean = params.allocate(name + ".mu", d);
        this.logStd = params.allocate(name + ".logsigma", d);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void logProb(double[] z, int n, double[] out) {
        double[] v = params.values();
        double c = 0;
        for (int j = 0; j < d; j++) {
            c -= v[logStd.offset() + j] + HALF_LOG_2PI;
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double u = (z[i * d + j] - v[mean.offset() + j]) * Math.exp(-v[logStd.offset() + j]);
                s += u * u;
            }
            out[i] = c - 0.5 * s;
        }
    }

    @Override
    public void backward(double[] z, double[] dLogProb, int n, double[] dz) {
        double[] v = params.values();
        double[] g = params.grads();
        for (int j = 0; j < d; j++) {
            double mu = v[mean.offset() + j];
            double inv = Math.exp(-v[logStd.offset() + j]);
            double gm = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                double u = (z[i * d + j] - mu) * inv;
                double w = dLogProb[i];
                dz[i * d + j] = -u * inv * w;
                gm += u * inv * w;
                gs += (u * u - 1) * w;
            }
            g[mean.offset() + j] += gm;
            g[logStd.offset() + j] += gs;
        }
    }

    @Override
    public void sample(int n, Rng rng, double[] z, double temperature) {
        double[] v = params.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i * d + j] = v[mean.offset() + j] + Math.exp(v[logStd.offset() + j]) * (temperature * rng.gaussian());
            }
        }
    }
}
