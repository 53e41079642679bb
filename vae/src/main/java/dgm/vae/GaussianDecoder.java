package dgm.vae;

import dgm.core.rng.Rng;

/**
 * Diagonal Gaussian observations with a variance <em>output by the decoder</em> (heteroscedastic):
 * p(x|z) = Π_j N(x_j; m_j + s_j μ′_j(z), s_j² σ′_j²(z)), with σ′_j² = exp(ρ_j(z)) + σ²_min, where
 * (μ′, ρ) is the decoder output and m, s the training set's fixed mean and standard deviation. So
 *
 * <pre>log p(x|z) = Σ_j [ −½ log 2π − log s_j − ½ log σ′_j² − ½ (x′_j − μ′_j)² / σ′_j² ],  x′ = (x − m)/s,</pre>
 *
 * a density on ℝ^d in the original data units (the −Σ log s_j is the log-determinant of the
 * standardisation). The floor σ_min (in standardised units) keeps the likelihood bounded: without it
 * a decoder can put a variance → 0 on one training point and log p → ∞ (the degenerate maximum that
 * Mattei and Frellsen (2018) discuss). Output by the decoder rather than one learned vector because a
 * VAE with a 2-D latent on 2-D toys needs a noise level that varies along the data manifold.
 *
 * <p>Used for continuous data (the toys), and on dequantised data y ∈ [0, L)^d as a density on ℝ^d,
 * where its −log p(y) is on the same scale as a flow's (it also leaks mass outside [0, L)^d, which
 * only makes it worse, never better, than the flows).
 */
public final class GaussianDecoder implements DecoderLikelihood {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final int d;
    private final double[] shift;
    private final double[] scale;
    private final double minVar;

    /** @param shift, scale the standardisation (arrays owned by the model; read at each call) */
    public GaussianDecoder(int d, double[] shift, double[] scale, double minScale) {
        this.d = d;
        this.shift = shift;
        this.scale = scale;
        this.minVar = minScale * minScale;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public int outputsPerDimension() {
        return 2;
    }

    @Override
    public double logLikelihood(double[] out, int oOff, double[] x, int xOff, double[] grad) {
        double lp = 0;
        for (int j = 0; j < d; j++) {
            double mu = out[oOff + j];
            double e = Math.exp(out[oOff + d + j]);
            double var = e + minVar;
            double r = (x[xOff + j] - shift[j]) / scale[j] - mu;
            double q = r * r / var;
            lp += -HALF_LOG_2PI - Math.log(scale[j]) - 0.5 * Math.log(var) - 0.5 * q;
            if (grad != null) {
                grad[oOff + j] = r / var;
                grad[oOff + d + j] = 0.5 * (q - 1.0) * e / var;
            }
        }
        return lp;
    }

    @Override
    public void mean(double[] out, int oOff, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            dst[dOff + j] = shift[j] + scale[j] * out[oOff + j];
        }
    }

    @Override
    public void sample(double[] out, int oOff, Rng rng, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(Math.exp(out[oOff + d + j]) + minVar);
            dst[dOff + j] = shift[j] + scale[j] * (out[oOff + j] + sd * rng.gaussian());
        }
    }
}
