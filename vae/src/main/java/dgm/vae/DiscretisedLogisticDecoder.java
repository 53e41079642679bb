package dgm.vae;

import dgm.core.nn.Activation;
import dgm.core.rng.Rng;

/**
 * A discretised logistic per pixel (Salimans et al. 2017, PixelCNN++; Kingma et al. 2016, IAF) with
 * uniform dequantisation, so that the VAE's likelihood lives on the <b>same dequantised space as the
 * flows</b>: a density on y ∈ [0, L)^d.
 *
 * <p>With F the logistic CDF of location μ_j = m_j + s_j μ′_j(z) and scale σ_j = s_j (exp(ρ_j(z)) +
 * σ_min) (data units; (μ′, ρ) the decoder output, m, s the fixed standardisation), pixel level
 * v ∈ {0, …, L−1} has probability
 * <pre>P(v|z) = F(v+1) − F(v) for 0 &lt; v &lt; L−1,   P(0|z) = F(1),   P(L−1|z) = 1 − F(L−1),</pre>
 * a proper mass function on the L levels (the edge bins absorb the tails). The decoder's density on
 * the dequantised y = v + u, u ~ U(0,1)^d, is the uniform dequantisation of it:
 * <pre>p(y|z) = Π_j P(⌊y_j⌋ | z)   for y ∈ [0, L)^d   (0 outside),</pre>
 * which integrates to one over [0, L)^d. Hence −log p(y) is in nats per image for y ∈ [0, L)^d, the
 * space in which a flow's exact NLL on the dequantised data is reported, and both numbers stand in
 * one table; both are also upper bounds on the discrete NLL of v (for this model, equal to it: p(y)
 * is constant on each cell). The uniform density on [0,17)^64 scores 64 ln 17 = 181.33 nats.
 *
 * <p>Stable form, with a = (v − μ)/σ, b = (v + 1 − μ)/σ, Δ = b − a = 1/σ:
 * F(v+1) − F(v) = σ(b)·σ(−a)·(1 − e^{−Δ}), so log P = log σ(b) + log σ(−a) + log(−expm1(−Δ)).
 */
public final class DiscretisedLogisticDecoder implements DecoderLikelihood {
    private final int d;
    private final int levels;
    private final double[] shift;
    private final double[] scale;
    private final double minScale;

    public DiscretisedLogisticDecoder(int d, int levels, double[] shift, double[] scale, double minScale) {
        if (levels < 2) {
            throw new IllegalArgumentException("a discretised logistic needs at least 2 levels, got " + levels);
        }
        this.d = d;
        this.levels = levels;
        this.shift = shift;
        this.scale = scale;
        this.minScale = minScale;
    }

    public int levels() {
        return levels;
    }

    @Override
    public String name() {
        return "dlogistic";
    }

    @Override
    public int outputsPerDimension() {
        return 2;
    }

    private static double logSigmoid(double u) {
        return -Activation.softplus(-u);
    }

    @Override
    public double logLikelihood(double[] out, int oOff, double[] y, int xOff, double[] grad) {
        double lp = 0;
        for (int j = 0; j < d; j++) {
            double yj = y[xOff + j];
            if (!(yj >= 0 && yj < levels)) {
                return Double.NEGATIVE_INFINITY;
            }
            int v = (int) Math.floor(yj);
            double e = Math.exp(out[oOff + d + j]);
            double sigma = scale[j] * (e + minScale);
            double mu = shift[j] + scale[j] * out[oOff + j];
            double a = (v - mu) / sigma;
            double b = (v + 1 - mu) / sigma;
            double dA;   // ∂ log P / ∂a
            double dB;   // ∂ log P / ∂b
            if (v == 0) {
                lp += logSigmoid(b);
                dA = 0;
                dB = Activation.sigmoid(-b);
            } else if (v == levels - 1) {
                lp += logSigmoid(-a);
                dA = -Activation.sigmoid(a);
                dB = 0;
            } else {
                double delta = b - a;
                lp += logSigmoid(b) + logSigmoid(-a) + Math.log(-Math.expm1(-delta));
                double r = 1.0 / Math.expm1(delta);
                dA = -Activation.sigmoid(a) - r;
                dB = Activation.sigmoid(-b) + r;
            }
            if (grad != null) {
                // a, b depend on μ (∂/∂μ = −1/σ) and σ (∂a/∂σ = −a/σ, ∂b/∂σ = −b/σ)
                double dMu = -(dA + dB) / sigma;
                double dSigma = -(dA * a + dB * b) / sigma;
                grad[oOff + j] = dMu * scale[j];
                grad[oOff + d + j] = dSigma * scale[j] * e;
            }
        }
        return lp;
    }

    /** The mean of the dequantised y: Σ_v P(v)·(v + ½). */
    @Override
    public void mean(double[] out, int oOff, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            double sigma = scale[j] * (Math.exp(out[oOff + d + j]) + minScale);
            double mu = shift[j] + scale[j] * out[oOff + j];
            double m = 0;
            double prev = 0; // F at the lower edge (0 for the first bin)
            for (int v = 0; v < levels; v++) {
                double upper = v == levels - 1 ? 1.0 : Activation.sigmoid((v + 1 - mu) / sigma);
                m += (upper - prev) * (v + 0.5);
                prev = upper;
            }
            dst[dOff + j] = m;
        }
    }

    /** v from the discretised logistic (inverse CDF, clamped to the edge bins), then y = v + U(0,1). */
    @Override
    public void sample(double[] out, int oOff, Rng rng, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            double sigma = scale[j] * (Math.exp(out[oOff + d + j]) + minScale);
            double mu = shift[j] + scale[j] * out[oOff + j];
            double u = rng.uniform();
            while (u == 0.0) {
                u = rng.uniform();
            }
            double t = mu + sigma * (Math.log(u) - Math.log1p(-u));
            double v = Math.floor(t);
            v = Math.max(0, Math.min(levels - 1, v));
            dst[dOff + j] = v + rng.uniform();
        }
    }
}
