package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;

/**
 * The radial flow of Rezende and Mohamed (2015), g(z) = z + β·(z − z₀)/(α + r), r = ‖z − z₀‖, used as
 * the sampling direction ({@link #inverse}); log|det ∂g/∂z| = (d − 1)·log(1 + β/A) + log(1 + αβ/A²)
 * with A = α + r. Invertible for α &gt; 0, β ≥ −α, enforced as α = softplus(α̃),
 * β = −α + softplus(β̃); zero α̃, β̃ give β = 0, the identity.
 *
 * <p>The density direction ({@link #forward}) has a closed form too: g only rescales the radius, and
 * the radius r of z solves r² + (α + β − R)·r − αR = 0 for R = ‖x − z₀‖ (positive root, computed
 * without cancellation); z = z₀ + (x − z₀)·r/R. Both directions have backward passes.
 */
public final class Radial implements Bijector {
    private final int d;
    private final ParamBuffer params;
    private final ParamBuffer.Slot center;
    private final ParamBuffer.Slot alphaRaw;
    private final ParamBuffer.Slot betaRaw;
    private double[] lastX;
    private double[] lastZ;
    private int lastN = -1;
    private int lastInverseN = -1;

    public Radial(ParamBuffer params, String name, int d, Rng rng) {
        this.d = d;
        this.params = params;
        this.center = params.allocate(name + ".z0", d);
        this.alphaRaw = params.allocate(name + ".alpha", 1);
        this.betaRaw = params.allocate(name + ".beta", 1);
        for (int j = 0; j < d; j++) {
            params.values()[center.offset() + j] = rng.gaussian();
        }
    }

    private double alpha() {
        return Activation.softplus(params.values()[alphaRaw.offset()]);
    }

    private double beta() {
        return -alpha() + Activation.softplus(params.values()[betaRaw.offset()]);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        double[] v = params.values();
        double al = alpha();
        double be = beta();
        for (int i = 0; i < n; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                double e = z[i * d + j] - v[center.offset() + j];
                r2 += e * e;
            }
            double a = al + Math.sqrt(r2);
            double k = be / a;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = z[i * d + j] + k * (z[i * d + j] - v[center.offset() + j]);
            }
            logDet[i] += (d - 1) * Math.log1p(k) + Math.log1p(al * be / (a * a));
        }
        lastZ = z;
        lastInverseN = n;
        lastN = -1;
    }

    /** The radius r of z for radius R of x: positive root of r² + (α + β − R)r − αR. */
    static double radius(double al, double be, double bigR) {
        double p = al + be - bigR;
        double s = Math.sqrt(p * p + 4 * al * bigR);
        return p > 0 ? 2 * al * bigR / (p + s) : (s - p) / 2;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        double[] v = params.values();
        double al = alpha();
        double be = beta();
        for (int i = 0; i < n; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                double e = x[i * d + j] - v[center.offset() + j];
                r2 += e * e;
            }
            double bigR = Math.sqrt(r2);
            double r = radius(al, be, bigR);
            double rho = bigR > 1e-12 ? r / bigR : al / (al + be);
            for (int j = 0; j < d; j++) {
                z[i * d + j] = v[center.offset() + j] + rho * (x[i * d + j] - v[center.offset() + j]);
            }
            double a = al + r;
            logDet[i] -= (d - 1) * Math.log1p(be / a) + Math.log1p(al * be / (a * a));
        }
        lastX = x;
        lastN = n;
        lastInverseN = -1;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        double[] v = params.values();
        double[] g = params.grads();
        double al = alpha();
        double be = beta();
        double gAlpha = 0;
        double gBeta = 0;
        double[] e = new double[d];
        for (int i = 0; i < n; i++) {
            double r2 = 0;
            double bigG = 0;
            for (int j = 0; j < d; j++) {
                e[j] = lastX[i * d + j] - v[center.offset() + j];
                r2 += e[j] * e[j];
                bigG += dz[i * d + j] * e[j];
            }
            double bigR = Math.sqrt(r2);
            double r = radius(al, be, bigR);
            double gl = dLogDet[i];
            double a = al + r;
            double q2 = a * a + al * be;
            double dLdA = (d - 1) * be / (a * (a + be)) + 2 * al * be / (a * q2);
            double cAlpha = gl * (dLdA - be / q2);
            double cBeta = gl * (-(d - 1) / (a + be) - al / q2);
            if (bigR <= 1e-12) {
                double rho = al / (al + be);
                for (int j = 0; j < d; j++) {
                    dx[i * d + j] = rho * dz[i * d + j];
                    g[center.offset() + j] += (1 - rho) * dz[i * d + j];
                }
                gAlpha += cAlpha;
                gBeta += cBeta;
                continue;
            }
            double rho = r / bigR;
            double cR = -bigG * r / (bigR * bigR);
            double cr = bigG / bigR + gl * dLdA;
            double q = 2 * r + al + be - bigR;
            cAlpha += cr * (-(r - bigR) / q);
            cBeta += cr * (-r / q);
            cR += cr * (r + al) / q;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                dx[k] = rho * dz[k] + cR * e[j] / bigR;
                g[center.offset() + j] += (1 - rho) * dz[k] - cR * e[j] / bigR;
            }
            gAlpha += cAlpha;
            gBeta += cBeta;
        }
        accumulateScalars(gAlpha, gBeta);
    }

    /** α = softplus(α̃), β = −α + softplus(β̃). */
    private void accumulateScalars(double gAlpha, double gBeta) {
        double[] v = params.values();
        double[] g = params.grads();
        g[alphaRaw.offset()] += (gAlpha - gBeta) * Activation.sigmoid(v[alphaRaw.offset()]);
        g[betaRaw.offset()] += gBeta * Activation.sigmoid(v[betaRaw.offset()]);
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        double[] v = params.values();
        double[] g = params.grads();
        double al = alpha();
        double be = beta();
        double gAlpha = 0;
        double gBeta = 0;
        double[] e = new double[d];
        for (int i = 0; i < n; i++) {
            double r2 = 0;
            double bigG = 0;
            for (int j = 0; j < d; j++) {
                e[j] = lastZ[i * d + j] - v[center.offset() + j];
                r2 += e[j] * e[j];
                bigG += dx[i * d + j] * e[j];
            }
            double r = Math.sqrt(r2);
            double a = al + r;
            double k = be / a;
            double gl = dLogDet[i];
            double q2 = a * a + al * be;
            double ck = bigG + gl * (d - 1) / (1 + k);
            double cA = -ck * be / (a * a) - gl * 2 * al * be / (a * q2);
            gBeta += ck / a + gl * al / q2;
            gAlpha += cA + gl * be / q2;
            double cr = r > 1e-300 ? cA / r : 0.0;
            for (int j = 0; j < d; j++) {
                int idx = i * d + j;
                dz[idx] = (1 + k) * dx[idx] + cr * e[j];
                g[center.offset() + j] += -k * dx[idx] - cr * e[j];
            }
        }
        accumulateScalars(gAlpha, gBeta);
    }

    @Override
    public String describe() {
        return "Radial(d=" + d + ")";
    }
}
