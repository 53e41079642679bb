package dgm.flow.bijector;

/**
 * A fixed map from ℝ^d onto the open box (−B, B)^d, in the sampling direction x = B·tanh(y)
 * (log|det ∂x/∂y| = Σ_j log(B(1 − tanh² y_j))), and y = atanh(x/B) in the density direction. Put on
 * the data side of a flow, it confines the model to the box: this is what makes the reverse-KL
 * loss of an energy that is only normalisable on a box (U2–U4) a true bound −log Z_box. Points on or
 * outside the box get log-det −∞ (log-density −∞, outside the support) and a finite stand-in image.
 */
public final class BoxSquash implements Bijector {
    /** atanh of the largest double below 1, about 18.7; where points outside the box are sent. */
    static final double OUTSIDE = 19.0;

    private final int d;
    private final double bound;
    private double[] lastY;
    private int lastInverseN = -1;
    private double[] lastX;
    private int lastN = -1;

    public BoxSquash(int d, double bound) {
        if (!(bound > 0 && Double.isFinite(bound))) {
            throw new IllegalArgumentException("box bound must be positive and finite, got " + bound);
        }
        this.d = d;
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double u = x[k] / bound;
                if (!(Math.abs(u) < 1)) {
                    // outside the support: a finite stand-in for ±∞ keeps later stages free of NaN,
                    // and the −∞ log-det makes the log-density −∞
                    z[k] = Math.copySign(OUTSIDE, u);
                    ld = Double.NEGATIVE_INFINITY;
                    continue;
                }
                // y = atanh(u); dy/dx = 1/(B(1 − u²))
                z[k] = 0.5 * Math.log1p(2 * u / (1 - u));
                ld -= Math.log(bound) + Math.log1p(-u * u);
            }
            logDet[i] += ld;
        }
        lastX = x;
        lastN = n;
        lastInverseN = -1;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        for (int i = 0; i < n; i++) {
            double ld = 0;
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double t = Math.tanh(z[k]);
                x[k] = bound * t;
                ld += Math.log(bound) + logOneMinusTanhSquared(z[k]);
            }
            logDet[i] += ld;
        }
        lastY = z;
        lastInverseN = n;
        lastN = -1;
    }

    /** log(1 − tanh² y) = log 4 − 2|y| − 2 log(1 + e^{−2|y|}), stable for large |y|. */
    static double logOneMinusTanhSquared(double y) {
        double a = Math.abs(y);
        return Math.log(4) - 2 * a - 2 * Math.log1p(Math.exp(-2 * a));
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double u = lastX[k] / bound;
                double s = 1 - u * u;
                if (!(s > 0)) {
                    dx[k] = 0.0; // outside the support: no gradient
                    continue;
                }
                // d/dx atanh(x/B) = 1/(B s); d/dx [−log s] = 2u/(B s)
                dx[k] = (dz[k] + dLogDet[i] * 2 * u) / (bound * s);
            }
        }
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
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double t = Math.tanh(lastY[k]);
                // dx/dy = B(1 − t²); d/dy log(1 − t²) = −2t
                dz[k] = dx[k] * bound * (1 - t * t) - 2 * t * dLogDet[i];
            }
        }
    }

    @Override
    public int[] triangularOrder() {
        return Bijector.identityOrder(d);
    }

    @Override
    public String describe() {
        return "BoxSquash(B=" + bound + ")";
    }
}
