package dgm.gan;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * The Gaussian model of the f-GAN paper's Section 4.1: x = μ + σ ⊙ z, z ~ N(0, I_d), so that
 * Q_θ = N(μ, diag σ²). Parametrised by θ = (μ, s = log σ) so that σ stays positive; the optimum over
 * (μ, σ) is unchanged by this reparametrisation. Noise dimension = data dimension.
 */
public final class AffineGenerator implements Generator {
    private final int d;
    private final ParamBuffer params = new ParamBuffer();
    private final ParamBuffer.Slot mu;
    private final ParamBuffer.Slot logSigma;
    private final double[] mu0;
    private final double[] sigma0;
    private double[] x = new double[0];
    private double[] lastZ;
    private int lastN = -1;

    /** Starts at μ = mu0, σ = sigma0 (one value per dimension). */
    public AffineGenerator(double[] mu0, double[] sigma0) {
        if (mu0.length != sigma0.length || mu0.length == 0) {
            throw new IllegalArgumentException("need as many initial means as scales");
        }
        for (double s : sigma0) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("initial sigma must be positive and finite, got " + s);
            }
        }
        this.d = mu0.length;
        this.mu0 = mu0.clone();
        this.sigma0 = sigma0.clone();
        this.mu = params.allocate("generator.mu", d);
        this.logSigma = params.allocate("generator.log_sigma", d);
        initialize(null);
    }

    @Override
    public int noiseDimension() {
        return d;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public ParamBuffer params() {
        return params;
    }

    /** Deterministic: μ = mu0, log σ = log sigma0 (the rng is not used). */
    @Override
    public void initialize(Rng rng) {
        double[] v = params.values();
        for (int j = 0; j < d; j++) {
            v[mu.offset() + j] = mu0[j];
            v[logSigma.offset() + j] = Math.log(sigma0[j]);
        }
    }

    public double mu(int j) {
        return params.values()[mu.offset() + j];
    }

    public double sigma(int j) {
        return Math.exp(params.values()[logSigma.offset() + j]);
    }

    @Override
    public double[] forward(double[] z, int n) {
        if (x.length < n * d) {
            x = new double[n * d];
        }
        double[] v = params.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = v[mu.offset() + j] + Math.exp(v[logSigma.offset() + j]) * z[i * d + j];
            }
        }
        lastZ = z;
        lastN = n;
        return x;
    }

    /** ∂L/∂μ_j = Σ_i dx_ij, ∂L/∂s_j = Σ_i dx_ij σ_j z_ij. */
    @Override
    public void backward(double[] dx, int n) {
        if (n != lastN) {
            throw new IllegalStateException("backward for " + n + " rows after a forward of " + lastN);
        }
        double[] v = params.values();
        double[] g = params.grads();
        for (int j = 0; j < d; j++) {
            double s = Math.exp(v[logSigma.offset() + j]);
            double gm = 0;
            double gs = 0;
            for (int i = 0; i < n; i++) {
                gm += dx[i * d + j];
                gs += dx[i * d + j] * s * lastZ[i * d + j];
            }
            g[mu.offset() + j] += gm;
            g[logSigma.offset() + j] += gs;
        }
    }

    @Override
    public String describe() {
        return "affine x = mu + sigma*z (d=" + d + ")";
    }
}
