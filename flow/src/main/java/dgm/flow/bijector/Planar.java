package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * The planar flow of Rezende and Mohamed (2015), g(z) = z + û·tanh(wᵀz + b), used as the sampling
 * (latent → data) direction, i.e. {@link #inverse}; log|det ∂g/∂z| = log(1 + ûᵀw·tanh′(wᵀz + b)).
 * Invertibility needs wᵀû ≥ −1, enforced by their reparameterisation
 * û = u + (m(wᵀu) − wᵀu)·w/‖w‖², m(s) = −1 + softplus(s).
 *
 * <p>The density direction {@link #forward} (x → z = g⁻¹(x)) has no closed form: with α = wᵀz it
 * solves the monotone scalar equation α + (wᵀû)·tanh(α + b) = wᵀx (safeguarded Newton on the bracket
 * wᵀx ± |wᵀû|), then z = x − û·tanh(α + b). Its {@link #backward} differentiates the solution
 * implicitly. Rarely the best density model; it is here for completeness and for variational use.
 */
public final class Planar implements Bijector {
    private final int d;
    private final ParamBuffer params;
    private final ParamBuffer.Slot u;
    private final ParamBuffer.Slot w;
    private final ParamBuffer.Slot b;
    private final double[] uHat;
    private double[] alpha = new double[0];
    private double[] lastX;
    private double[] lastZ = new double[0];
    private int lastN = -1;
    private double[] lastInverseZ;
    private int lastInverseN = -1;

    public Planar(ParamBuffer params, String name, int d, Rng rng) {
        this.d = d;
        this.params = params;
        this.u = params.allocate(name + ".u", d);
        this.w = params.allocate(name + ".w", d);
        this.b = params.allocate(name + ".b", 1);
        this.uHat = new double[d];
        // w must not be 0 (û divides by ‖w‖²); u = 0 starts at the identity
        for (int j = 0; j < d; j++) {
            params.values()[w.offset() + j] = 0.1 * rng.gaussian();
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Computes û from u, w; returns wᵀû. */
    private double constrain() {
        double[] v = params.values();
        double s = 0;
        double q = 0;
        for (int j = 0; j < d; j++) {
            s += v[w.offset() + j] * v[u.offset() + j];
            q += v[w.offset() + j] * v[w.offset() + j];
        }
        double kappa = (-1 + Activation.softplus(s) - s) / q;
        double a = 0;
        for (int j = 0; j < d; j++) {
            uHat[j] = v[u.offset() + j] + kappa * v[w.offset() + j];
            a += v[w.offset() + j] * uHat[j];
        }
        return a;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        double a = constrain();
        double[] v = params.values();
        double bb = v[b.offset()];
        for (int i = 0; i < n; i++) {
            double t = bb;
            for (int j = 0; j < d; j++) {
                t += v[w.offset() + j] * z[i * d + j];
            }
            double th = Math.tanh(t);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = z[i * d + j] + uHat[j] * th;
            }
            logDet[i] += Math.log(1 + a * (1 - th * th));
        }
        lastN = -1;
        lastInverseZ = z;
        lastInverseN = n;
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    /** x = z + û·φ(t), t = wᵀz + b, log-det log(1 + (wᵀû)·φ′(t)). */
    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        double a = constrain();
        double[] v = params.values();
        double[] gUhat = new double[d];
        double[] gW = new double[d];
        double gB = 0;
        double[] z = lastInverseZ;
        for (int i = 0; i < n; i++) {
            double t = v[b.offset()];
            for (int j = 0; j < d; j++) {
                t += v[w.offset() + j] * z[i * d + j];
            }
            double th = Math.tanh(t);
            double p1 = 1 - th * th;
            double p2 = -2 * th * p1;
            double den = 1 + a * p1;
            double gl = dLogDet[i];
            double gxu = 0;
            for (int j = 0; j < d; j++) {
                gxu += dx[i * d + j] * uHat[j];
            }
            double gt = gxu * p1 + gl * a * p2 / den;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                dz[k] = dx[k] + gt * v[w.offset() + j];
                gUhat[j] += dx[k] * th + gl * p1 / den * v[w.offset() + j];
                gW[j] += gt * z[k] + gl * p1 / den * uHat[j];
            }
            gB += gt;
        }
        accumulate(gUhat, gW, gB);
    }

    /** Adds the gradients with respect to û, w (direct) and b into u, w, b through û = u + κ(u, w)·w. */
    private void accumulate(double[] gUhat, double[] gW, double gB) {
        double[] v = params.values();
        double[] g = params.grads();
        double s = 0;
        double q = 0;
        for (int j = 0; j < d; j++) {
            s += v[w.offset() + j] * v[u.offset() + j];
            q += v[w.offset() + j] * v[w.offset() + j];
        }
        double m = -1 + Activation.softplus(s);
        double kappa = (m - s) / q;
        double dm = Activation.sigmoid(s);
        double wg = 0;
        for (int j = 0; j < d; j++) {
            wg += v[w.offset() + j] * gUhat[j];
        }
        for (int j = 0; j < d; j++) {
            double wj = v[w.offset() + j];
            double uj = v[u.offset() + j];
            g[u.offset() + j] += gUhat[j] + wg * (dm - 1) / q * wj;
            g[w.offset() + j] += gW[j] + kappa * gUhat[j] + wg * ((dm - 1) / q * uj - (m - s) / (q * q) * 2 * wj);
        }
        g[b.offset()] += gB;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        double a = constrain();
        double[] v = params.values();
        double bb = v[b.offset()];
        if (alpha.length < n) {
            alpha = new double[n];
        }
        if (lastZ.length < n * d) {
            lastZ = new double[n * d];
        }
        for (int i = 0; i < n; i++) {
            double c = 0;
            for (int j = 0; j < d; j++) {
                c += v[w.offset() + j] * x[i * d + j];
            }
            double al = solve(a, bb, c);
            alpha[i] = al;
            double th = Math.tanh(al + bb);
            for (int j = 0; j < d; j++) {
                z[i * d + j] = x[i * d + j] - uHat[j] * th;
                lastZ[i * d + j] = z[i * d + j];
            }
            logDet[i] -= Math.log(1 + a * (1 - th * th));
        }
        lastX = x;
        lastN = n;
        lastInverseN = -1;
    }

    /** The root α of α + a·tanh(α + b) = c (F is non-decreasing as a ≥ −1). */
    static double solve(double a, double b, double c) {
        double lo = c - Math.abs(a);
        double hi = c + Math.abs(a);
        double al = c - a * Math.tanh(c + b);
        for (int it = 0; it < 200; it++) {
            double th = Math.tanh(al + b);
            double f = al + a * th - c;
            if (f > 0) {
                hi = Math.min(hi, al);
            } else {
                lo = Math.max(lo, al);
            }
            double df = 1 + a * (1 - th * th);
            double next = al - f / df;
            if (!(next > lo && next < hi) || !(df > 1e-12)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - al) <= 1e-15 * (1 + Math.abs(al))) {
                return next;
            }
            al = next;
        }
        return al;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        double a = constrain();
        double[] v = params.values();
        double[] gUhat = new double[d];
        double[] gW = new double[d];
        double gB = 0;
        for (int i = 0; i < n; i++) {
            double th = Math.tanh(alpha[i] + v[b.offset()]);
            double p1 = 1 - th * th;          // φ′
            double p2 = -2 * th * p1;         // φ″
            double den = 1 + a * p1;          // D = ∂F/∂α
            double gl = dLogDet[i];
            double gzu = 0;
            for (int j = 0; j < d; j++) {
                gzu += dz[i * d + j] * uHat[j];
            }
            // L = −log D; coefficient of dα (which enters with db as dα + db)
            double cAlpha = -p1 * gzu - gl * a * p2 / den;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                dx[k] = dz[k] + cAlpha * v[w.offset() + j] / den;
                gUhat[j] += -th * dz[k] - (gl * p1 / den) * v[w.offset() + j] - cAlpha * th * v[w.offset() + j] / den;
                gW[j] += -(gl * p1 / den) * uHat[j] + cAlpha * lastZ[k] / den;
            }
            gB += cAlpha / den;
        }
        // û = u + κ w, κ = (m(s) − s)/q, s = wᵀu, q = ‖w‖²
        accumulate(gUhat, gW, gB);
    }

    @Override
    public String describe() {
        return "Planar(d=" + d + ")";
    }
}
