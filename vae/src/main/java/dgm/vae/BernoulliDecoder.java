package dgm.vae;

import dgm.core.nn.Activation;
import dgm.core.rng.Rng;

/**
 * Bernoulli observations with logits l(z): log p(x|z) = Σ_j [x_j l_j − softplus(l_j)]
 * = Σ_j [x_j log σ(l_j) + (1 − x_j) log σ(−l_j)].
 *
 * <p>For binary x this is a probability mass function, and the VAE's bound is a bound on a discrete
 * log-likelihood (the binarised-MNIST numbers of Burda et al. 2016). For x ∈ (0, 1) it is only the
 * cross-entropy used as a reconstruction loss: it is <b>not a density on a continuous space</b> (it does
 * not integrate to one over [0,1]^d), so numbers from it must not be set beside a flow's NLL.
 * The VAE refuses data outside [0, 1] for this decoder. Ignores any standardisation.
 */
public final class BernoulliDecoder implements DecoderLikelihood {
    private final int d;

    public BernoulliDecoder(int d) {
        this.d = d;
    }

    @Override
    public String name() {
        return "bernoulli";
    }

    @Override
    public int outputsPerDimension() {
        return 1;
    }

    @Override
    public double logLikelihood(double[] out, int oOff, double[] x, int xOff, double[] grad) {
        double lp = 0;
        for (int j = 0; j < d; j++) {
            double l = out[oOff + j];
            double xj = x[xOff + j];
            if (!(xj >= 0 && xj <= 1)) {
                return Double.NEGATIVE_INFINITY;
            }
            // softplus(l) = max(l, 0) + log1p(e) and σ(l) from one e = exp(−|l|) ∈ [0, 1]: one exp
            // instead of two; bit for bit Activation.softplus(l) and Activation.sigmoid(l)
            double e = Math.exp(-Math.abs(l));
            lp += xj * l - (Math.max(l, 0.0) + Activation.log1pUnit(e));
            if (grad != null) {
                grad[oOff + j] = xj - (l >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e));
            }
        }
        return lp;
    }

    @Override
    public void mean(double[] out, int oOff, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            dst[dOff + j] = Activation.sigmoid(out[oOff + j]);
        }
    }

    @Override
    public void sample(double[] out, int oOff, Rng rng, double[] dst, int dOff) {
        for (int j = 0; j < d; j++) {
            dst[dOff + j] = rng.uniform() < Activation.sigmoid(out[oOff + j]) ? 1.0 : 0.0;
        }
    }
}
