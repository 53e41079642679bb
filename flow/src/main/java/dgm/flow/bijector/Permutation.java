package dgm.flow.bijector;

import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.util.Arrays;

/**
 * z_j = x_{π(j)}: a fixed permutation of the coordinates (log|det| = 0). Stored in the model's
 * fixed buffers, so a saved model restores the very permutation it was trained with.
 */
public final class Permutation implements Bijector {
    private final int d;
    private final ParamBuffer buffers;
    private final ParamBuffer.Slot slot;

    public Permutation(ParamBuffer buffers, String name, int[] perm) {
        this.d = perm.length;
        boolean[] seen = new boolean[d];
        for (int p : perm) {
            if (p < 0 || p >= d || seen[p]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (d - 1) + ": " + Arrays.toString(perm));
            }
            seen[p] = true;
        }
        this.buffers = buffers;
        this.slot = buffers.allocate(name + ".perm", d);
        for (int j = 0; j < d; j++) {
            buffers.values()[slot.offset() + j] = perm[j];
        }
    }

    /** (d−1, …, 1, 0). */
    public static Permutation reverse(ParamBuffer buffers, String name, int d) {
        int[] p = new int[d];
        for (int j = 0; j < d; j++) {
            p[j] = d - 1 - j;
        }
        return new Permutation(buffers, name, p);
    }

    /** A uniformly random permutation drawn from {@code rng}. */
    public static Permutation random(ParamBuffer buffers, String name, int d, Rng rng) {
        return new Permutation(buffers, name, rng.permutation(d));
    }

    public int[] permutation() {
        int[] p = new int[d];
        double[] v = buffers.values();
        for (int j = 0; j < d; j++) {
            p[j] = (int) v[slot.offset() + j];
        }
        return p;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        int[] p = permutation();
        dgm.core.nn.Workers.forRows(n, d, (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    z[o + j] = x[o + p[j]];
                }
            }
        });
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        int[] p = permutation();
        dgm.core.nn.Workers.forRows(n, d, (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    x[o + p[j]] = z[o + j];
                }
            }
        });
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        inverse(dz, n, dx, null);
    }

    @Override
    public boolean supportsInverseBackward() {
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        forward(dx, n, dz, null);
    }

    @Override
    public String describe() {
        return "Permutation" + Arrays.toString(permutation());
    }
}
