package dgm.flow.bijector;

import dgm.core.nn.Activation;

/**
 * The monotone rational-quadratic spline transformer of Neural Spline Flows (Durkan, Bekasov, Murray
 * and Papamakarios 2019) with linear (identity) tails: on [−B, B] a spline of K bins, outside it the
 * identity, so the map is C¹ on ℝ (boundary derivatives are 1).
 *
 * <p>Parameters per coordinate (P = 3K − 1), unconstrained: K width logits, K height logits, K − 1
 * interior-derivative pre-activations u. Widths are 2B·(m_w + (1 − K·m_w)·softmax), likewise heights;
 * interior derivatives are m_d + softplus(u + c) with c = log(e^{1−m_d} − 1), so all-zero
 * parameters give equal bins and unit derivatives: the identity map (a flow's natural start).
 *
 * <p>In bin k with ξ = (x − x_k)/w_k, s = h_k/w_k, θ = ξ(1 − ξ):
 * z = y_k + h_k(sξ² + d_kθ)/(s + (d_{k+1} + d_k − 2s)θ) and
 * ∂z/∂x = s²(d_{k+1}ξ² + 2sθ + d_k(1 − ξ)²)/(s + (d_{k+1} + d_k − 2s)θ)²; the inverse solves a
 * quadratic in ξ (their eq. 6–8), in the cancellation-free form 2c/(−b − √(b² − 4ac)).
 */
public final class RationalQuadraticSpline implements Transformer {
    static final double MIN_BIN = 1e-3;
    static final double MIN_DERIVATIVE = 1e-3;
    private static final double DERIVATIVE_SHIFT = Math.log(Math.expm1(1 - MIN_DERIVATIVE));

    private final int bins;
    private final double bound;

    public RationalQuadraticSpline(int bins, double bound) {
        if (bins < 2 || !(bound > 0)) {
            throw new IllegalArgumentException("need at least 2 bins and a positive tail bound; got " + bins + ", " + bound);
        }
        this.bins = bins;
        this.bound = bound;
    }

    @Override
    public int paramsPerDim() {
        return 3 * bins - 1;
    }

    /** Per-element work arrays: knots, bin sizes, derivatives and the softmaxes. */
    private final class Knots {
        final double[] xk = new double[bins + 1];
        final double[] yk = new double[bins + 1];
        final double[] sw = new double[bins];
        final double[] sh = new double[bins];
        final double[] d = new double[bins + 1];

        void compute(double[] h, int off) {
            softmax(h, off, sw);
            softmax(h, off + bins, sh);
            double scale = 2 * bound * (1 - bins * MIN_BIN);
            xk[0] = -bound;
            yk[0] = -bound;
            for (int k = 0; k < bins; k++) {
                xk[k + 1] = xk[k] + 2 * bound * MIN_BIN + scale * sw[k];
                yk[k + 1] = yk[k] + 2 * bound * MIN_BIN + scale * sh[k];
            }
            xk[bins] = bound;
            yk[bins] = bound;
            d[0] = 1;
            d[bins] = 1;
            for (int k = 1; k < bins; k++) {
                d[k] = MIN_DERIVATIVE + Activation.softplus(h[off + 2 * bins + k - 1] + DERIVATIVE_SHIFT);
            }
        }

        /** Copies the knots, derivatives and softmaxes to {@code dst} at {@code off} (5K + 3 doubles). */
        void save(double[] dst, int off) {
            System.arraycopy(xk, 0, dst, off, bins + 1);
            System.arraycopy(yk, 0, dst, off + bins + 1, bins + 1);
            System.arraycopy(d, 0, dst, off + 2 * (bins + 1), bins + 1);
            System.arraycopy(sw, 0, dst, off + 3 * (bins + 1), bins);
            System.arraycopy(sh, 0, dst, off + 3 * (bins + 1) + bins, bins);
        }

        /** The inverse of {@link #save}. */
        void load(double[] src, int off) {
            System.arraycopy(src, off, xk, 0, bins + 1);
            System.arraycopy(src, off + bins + 1, yk, 0, bins + 1);
            System.arraycopy(src, off + 2 * (bins + 1), d, 0, bins + 1);
            System.arraycopy(src, off + 3 * (bins + 1), sw, 0, bins);
            System.arraycopy(src, off + 3 * (bins + 1) + bins, sh, 0, bins);
        }

        private void softmax(double[] h, int off, double[] out) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < bins; k++) {
                max = Math.max(max, h[off + k]);
            }
            double s = 0;
            for (int k = 0; k < bins; k++) {
                out[k] = Math.exp(h[off + k] - max);
                s += out[k];
            }
            for (int k = 0; k < bins; k++) {
                out[k] /= s;
            }
        }
    }

    private final ThreadLocal<Knots> work = ThreadLocal.withInitial(Knots::new);

    private static int bin(double[] knots, int bins, double v) {
        int k = 0;
        while (k < bins - 1 && v >= knots[k + 1]) {
            k++;
        }
        return k;
    }

    /**
     * Each coordinate's knots, derivatives and bin softmaxes (5K + 3 doubles), which the backward
     * pass would otherwise compute again: 2K exps and K − 1 softplus.
     */
    @Override
    public int savedPerDim() {
        return 5 * bins + 3;
    }

    @Override
    public void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet) {
        forward(x, h, n, m, z, logDet, null);
    }

    @Override
    public void forward(double[] x, double[] h, int n, int m, double[] z, double[] logDet, double[] saved) {
        Knots kn = work.get();
        int sp = savedPerDim();
        int p = paramsPerDim();
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < m; j++) {
                int e = i * m + j;
                double v = x[e];
                if (!(v >= -bound && v < bound)) {
                    z[e] = v;
                    continue;
                }
                kn.compute(h, e * p);
                if (saved != null) {
                    kn.save(saved, e * sp);
                }
                int k = bin(kn.xk, bins, v);
                double w = kn.xk[k + 1] - kn.xk[k];
                double hh = kn.yk[k + 1] - kn.yk[k];
                double s = hh / w;
                double xi = (v - kn.xk[k]) / w;
                double th = xi * (1 - xi);
                double dk = kn.d[k];
                double dk1 = kn.d[k + 1];
                double den = s + (dk1 + dk - 2 * s) * th;
                z[e] = kn.yk[k] + hh * (s * xi * xi + dk * th) / den;
                double num = dk1 * xi * xi + 2 * s * th + dk * (1 - xi) * (1 - xi);
                ld += 2 * Math.log(s) + Math.log(num) - 2 * Math.log(den);
            }
            logDet[i] += ld;
        }
    }

    @Override
    public void inverse(double[] z, double[] h, int n, int m, double[] x, double[] logDet) {
        Knots kn = work.get();
        int p = paramsPerDim();
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < m; j++) {
                int e = i * m + j;
                double v = z[e];
                if (!(v >= -bound && v < bound)) {
                    x[e] = v;
                    continue;
                }
                kn.compute(h, e * p);
                int k = bin(kn.yk, bins, v);
                double w = kn.xk[k + 1] - kn.xk[k];
                double hh = kn.yk[k + 1] - kn.yk[k];
                double s = hh / w;
                double dk = kn.d[k];
                double dk1 = kn.d[k + 1];
                double beta = dk1 + dk - 2 * s;
                double dy = v - kn.yk[k];
                double a = hh * (s - dk) + dy * beta;
                double b = hh * dk - dy * beta;
                double c = -s * dy;
                double disc = Math.max(0, b * b - 4 * a * c);
                double xi = 2 * c / (-b - Math.sqrt(disc));
                x[e] = kn.xk[k] + xi * w;
                double th = xi * (1 - xi);
                double den = s + beta * th;
                double num = dk1 * xi * xi + 2 * s * th + dk * (1 - xi) * (1 - xi);
                ld -= 2 * Math.log(s) + Math.log(num) - 2 * Math.log(den);
            }
            logDet[i] += ld;
        }
    }

    @Override
    public void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh) {
        backward(x, h, dz, dLogDet, n, m, dx, dh, null);
    }

    @Override
    public void backward(double[] x, double[] h, double[] dz, double[] dLogDet, int n, int m, double[] dx, double[] dh,
                         double[] saved) {
        Knots kn = work.get();
        int sp = savedPerDim();
        int p = paramsPerDim();
        double[] gW = new double[bins];
        double[] gH = new double[bins];
        double[] gD = new double[bins + 1];
        for (int i = 0; i < n; i++) {
            double gl = dLogDet[i];
            for (int j = 0; j < m; j++) {
                int e = i * m + j;
                int off = e * p;
                double v = x[e];
                double gz = dz[e];
                if (!(v >= -bound && v < bound)) {
                    dx[e] = gz;
                    java.util.Arrays.fill(dh, off, off + p, 0.0);
                    continue;
                }
                if (saved != null) {
                    kn.load(saved, e * sp);
                } else {
                    kn.compute(h, off);
                }
                int k = bin(kn.xk, bins, v);
                double w = kn.xk[k + 1] - kn.xk[k];
                double hh = kn.yk[k + 1] - kn.yk[k];
                double s = hh / w;
                double xi = (v - kn.xk[k]) / w;
                double th = xi * (1 - xi);
                double dk = kn.d[k];
                double dk1 = kn.d[k + 1];
                double beta = dk1 + dk - 2 * s;
                double den = s + beta * th;
                double aa = s * xi * xi + dk * th;
                double num = dk1 * xi * xi + 2 * s * th + dk * (1 - xi) * (1 - xi);
                // partial derivatives of g = z − y_k and of L = log ∂z/∂x in (ξ, s, h_k, d_k, d_{k+1})
                double dAxi = 2 * s * xi + dk * (1 - 2 * xi);
                double dDenXi = beta * (1 - 2 * xi);
                double gXi = gz * hh * (dAxi * den - aa * dDenXi) / (den * den)
                        + gl * ((2 * dk1 * xi + 2 * s * (1 - 2 * xi) - 2 * dk * (1 - xi)) / num - 2 * dDenXi / den);
                double gS = gz * hh * (xi * xi * den - aa * (1 - 2 * th)) / (den * den)
                        + gl * (2 / s + 2 * th / num - 2 * (1 - 2 * th) / den);
                double gHdirect = gz * aa / den;
                double gDk = gz * hh * (th * den - aa * th) / (den * den) + gl * ((1 - xi) * (1 - xi) / num - 2 * th / den);
                double gDk1 = -gz * hh * aa * th / (den * den) + gl * (xi * xi / num - 2 * th / den);
                dx[e] = gXi / w;
                // ξ = (x − x_k)/w_k, s = h_k/w_k
                double gXk = -gXi / w;
                double gWk = -gXi * xi / w - gS * s / w;
                double gHk = gHdirect + gS / w;
                double gYk = gz;
                // x_k = −B + Σ_{i<k} W_i, W_i = 2B(m + (1 − Km)·softmax_i); same for y with heights
                java.util.Arrays.fill(gW, 0.0);
                java.util.Arrays.fill(gH, 0.0);
                gW[k] += gWk;
                gH[k] += gHk;
                for (int q = 0; q < k; q++) {
                    gW[q] += gXk;
                    gH[q] += gYk;
                }
                double scale = 2 * bound * (1 - bins * MIN_BIN);
                softmaxBackward(kn.sw, gW, scale, dh, off);
                softmaxBackward(kn.sh, gH, scale, dh, off + bins);
                java.util.Arrays.fill(gD, 0.0);
                gD[k] += gDk;
                gD[k + 1] += gDk1;
                for (int q = 1; q < bins; q++) {
                    double u = h[off + 2 * bins + q - 1] + DERIVATIVE_SHIFT;
                    dh[off + 2 * bins + q - 1] = gD[q] * Activation.sigmoid(u);
                }
            }
        }
    }

    /** dh[off + q] = scale·σ_q(g_q − Σ_r σ_r g_r): the gradient through scale·softmax. */
    private void softmaxBackward(double[] sm, double[] g, double scale, double[] dh, int off) {
        double dot = 0;
        for (int q = 0; q < bins; q++) {
            dot += sm[q] * g[q];
        }
        for (int q = 0; q < bins; q++) {
            dh[off + q] = scale * sm[q] * (g[q] - dot);
        }
    }
}
