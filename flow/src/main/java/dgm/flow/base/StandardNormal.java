package dgm.flow.base;

import dgm.core.rng.Rng;

/** N(0, I): log p(z) = −½‖z‖² − (d/2) log 2π. */
public final class StandardNormal implements BaseDistribution {
    private final int d;

    public StandardNormal(int d) {
        this.d = d;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void logProb(double[] z, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = z[i * d + j];
                s += v * v;
            }
            out[i] = -0.5 * s - d * HALF_LOG_2PI;
        }
    }

    @Override
    public void backward(double[] z, double[] dLogProb, int n, double[] dz) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                dz[i * d + j] = -z[i * d + j] * dLogProb[i];
            }
        }
    }

    @Override
    public void sample(int n, Rng rng, double[] z, double temperature) {
        for (int k = 0; k < n * d; k++) {
            z[k] = temperature * rng.gaussian();
        }
    }
}
