package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.Mlp;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * A coupling layer (NICE, RealNVP, NSF): the coordinates are split into a conditioning set A, passed
 * through unchanged, and the rest B, transformed elementwise by a {@link Transformer} whose
 * parameters an MLP computes from x_A: z_A = x_A, z_B = τ(x_B; MLP(x_A)). The Jacobian is
 * triangular (A before B) with log|det| = Σ_{j∈B} log|∂τ/∂x_j|.
 */
public final class Coupling implements Bijector {
    private final int d;
    private final int[] a;
    private final int[] b;
    private final Transformer transformer;
    private final Mlp conditioner;
    private final int p;
    private double[] xa = new double[0];
    private double[] xb = new double[0];
    private double[] zb = new double[0];
    private double[] dzb = new double[0];
    private double[] dxb = new double[0];
    private double[] dh = new double[0];
    /**
     * What the transformer's last forward saved for its backward ({@link Transformer#savedPerDim()});
     * null outside training mode or beyond {@link Transformer#SAVED_MAX} doubles, and the backward
     * then recomputes.
     */
    private double[] saved;
    /** Hands out {@link #saved} in training mode. */
    private final SaveBuffer saves = new SaveBuffer();
    private double[] lastH;
    private int lastInverseN = -1;
    private int lastN = -1;

    /**
     * @param conditionOn the set A (the other coordinates are transformed); neither set may be empty
     * @param hidden      hidden layer widths of the conditioner
     */
    public Coupling(ParamBuffer params, String name, int d, int[] conditionOn, Transformer transformer,
                    int[] hidden, Activation activation) {
        this.d = d;
        this.a = conditionOn.clone();
        boolean[] inA = new boolean[d];
        for (int j : a) {
            if (j < 0 || j >= d || inA[j]) {
                throw new IllegalArgumentException("bad conditioning set " + Arrays.toString(conditionOn) + " for d = " + d);
            }
            inA[j] = true;
        }
        this.b = new int[d - a.length];
        int k = 0;
        for (int j = 0; j < d; j++) {
            if (!inA[j]) {
                b[k++] = j;
            }
        }
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("a coupling needs both sets non-empty; d = " + d + ", A = " + Arrays.toString(a));
        }
        this.transformer = transformer;
        this.p = transformer.paramsPerDim();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = a.length;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = b.length * p;
        this.conditioner = new Mlp(params, name + ".net", activation, Activation.IDENTITY, sizes);
    }

    /** The first ⌊d/2⌋ coordinates condition the rest. */
    public static int[] firstHalf(int d) {
        return Bijector.identityOrder(d / 2);
    }

    /**
     * Initialises the conditioner; {@code outputGain} 0 makes the layer start as the identity map
     * (the usual choice for training), a positive gain gives a random non-trivial map (for tests).
     */
    public void initialize(Rng rng, double outputGain) {
        conditioner.initialize(rng, outputGain);
    }

    public Mlp conditioner() {
        return conditioner;
    }

    private void ensure(int n) {
        if (xa.length >= n * a.length) {
            return;
        }
        xa = new double[n * a.length];
        xb = new double[n * b.length];
        zb = new double[n * b.length];
        dzb = new double[n * b.length];
        dxb = new double[n * b.length];
        dh = new double[n * b.length * p];
    }

    private static void gather(double[] src, int n, int d, int[] idx, double[] dst) {
        int m = idx.length;
        dgm.core.nn.Workers.forRows(n, m, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < m; j++) {
                    dst[i * m + j] = src[i * d + idx[j]];
                }
            }
        });
    }

    private static void scatter(double[] src, int n, int d, int[] idx, double[] dst) {
        int m = idx.length;
        dgm.core.nn.Workers.forRows(n, m, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < m; j++) {
                    dst[i * d + idx[j]] = src[i * m + j];
                }
            }
        });
    }

    /** In training mode the forward keeps what the transformer's backward needs (see {@link Transformer#savedPerDim()}). */
    @Override
    public void setTraining(boolean training) {
        saves.setTraining(training);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        ensure(n);
        gather(x, n, d, a, xa);
        gather(x, n, d, b, xb);
        double[] h = conditioner.forward(xa, n);
        saved = saves.forForward(transformer, (long) n * b.length);
        transformer.forward(xb, h, n, b.length, zb, logDet, saved);
        lastH = h;
        lastInverseN = -1;
        if (z != x) {
            System.arraycopy(x, 0, z, 0, n * d);
        }
        scatter(zb, n, d, b, z);
        lastN = n;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        ensure(n);
        gather(z, n, d, a, xa);
        gather(z, n, d, b, zb);
        double[] h = conditioner.forward(xa, n);
        transformer.inverse(zb, h, n, b.length, xb, logDet);
        if (x != z) {
            System.arraycopy(z, 0, x, 0, n * d);
        }
        scatter(xb, n, d, b, x);
        lastH = h;
        lastN = -1;
        lastInverseN = n;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        gather(dz, n, d, b, dzb);
        // lastH is the conditioner's output buffer, untouched since the forward (no inverse in between)
        transformer.backward(xb, lastH, dzb, dLogDet, n, b.length, dxb, dh, saved);
        double[] dxa = conditioner.backward(dh, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
                dx[i * d + a[j]] = dz[i * d + a[j]] + dxa[i * a.length + j];
            }
        }
        scatter(dxb, n, d, b, dx);
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    /** x_A = z_A, x_B = τ⁻¹(z_B; MLP(z_A)). */
    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        gather(dx, n, d, b, dzb);
        // xb holds x_B from the inverse, lastH the conditioner output computed from z_A
        transformer.inverseBackward(xb, lastH, dzb, dLogDet, n, b.length, dxb, dh);
        double[] dza = conditioner.backward(dh, n, Mlp.Gradients.PARAMETERS_AND_INPUT);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
                dz[i * d + a[j]] = dx[i * d + a[j]] + dza[i * a.length + j];
            }
        }
        scatter(dxb, n, d, b, dz);
    }

    @Override
    public int[] triangularOrder() {
        int[] o = new int[d];
        System.arraycopy(a, 0, o, 0, a.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Override
    public String describe() {
        return "Coupling(" + transformer.getClass().getSimpleName() + ", A=" + Arrays.toString(a) + ", net="
                + Arrays.toString(conditioner.sizes()) + ")";
    }
}
