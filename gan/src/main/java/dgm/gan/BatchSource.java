package dgm.gan;

import dgm.core.rng.Rng;
import dgm.core.train.TrainingState;

/** Where the data batches x ~ P come from: rows of a training set, or fresh draws from a known density. */
public interface BatchSource {

    int dimension();

    /** Fills out[0 .. n·d) with n rows. */
    void next(double[] out, int n);

    /** Puts where the source stands (its generator, its position) into a checkpoint under {@code key}. */
    void save(TrainingState s, String key);

    /** Continues from what {@link #save} stored (on a source built as the saved one was). */
    void restore(TrainingState s, String key);

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

            @Override
            public void save(TrainingState s, String key) {
                s.putLong(key + ".rng", rng.state());
                s.putInts(key + ".order", order);
                s.putLong(key + ".pos", pos);
            }

            @Override
            public void restore(TrainingState s, String key) {
                rng.setState(s.getLong(key + ".rng"));
                int[] o = s.getInts(key + ".order");
                System.arraycopy(o, 0, order, 0, order.length);
                pos = (int) s.getLong(key + ".pos");
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

            @Override
            public void save(TrainingState s, String key) {
                s.putLong(key + ".rng", rng.state());
            }

            @Override
            public void restore(TrainingState s, String key) {
                rng.setState(s.getLong(key + ".rng"));
            }
        };
    }
}
