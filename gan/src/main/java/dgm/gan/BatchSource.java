package dgm.gan;

import dgm.core.rng.Rng;

/** Where the data batches x ~ P come from: rows of a training set, or fresh draws from a known density. */
public interface BatchSource {

    int dimension();

    /** Fills out[0 .. n·d) with n rows. */
    void next(double[] out, int n);

    /** Shuffled passes over the rows (a new permutation each pass), drawn with {@code rng}. */
    static BatchSource rows(double[][] rows, Rng rng) {
        if (rows.length == 0) {
            throw new dgm.core.InputException("cannot train an f-GAN on an empty training set");
        }
        int d = rows[0].length;
        return new BatchSource() {
            private final int[] order = rng.permutation(rows.length);
            private int pos;

            @Override
            public int dimension() {
                return d;
            }

            @Override
            public void next(double[] out, int n) {
                for (int i = 0; i < n; i++) {
                    if (pos == order.length) {
                        rng.shuffle(order);
                        pos = 0;
                    }
                    System.arraycopy(rows[order[pos++]], 0, out, i * d, d);
                }
            }
        };
    }

    /** Independent draws from a 1-D density (an infinite data set). */
    static BatchSource density(Density1D p, Rng rng) {
        return new BatchSource() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void next(double[] out, int n) {
                for (int i = 0; i < n; i++) {
                    out[i] = p.sample(rng);
                }
            }
        };
    }
}
