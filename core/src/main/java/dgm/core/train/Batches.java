package dgm.core.train;

import dgm.core.InputException;
import dgm.core.rng.Rng;

/**
 * Where an iteration's data comes from: minibatches of training rows that the trainer draws (a
 * fresh permutation each epoch from the {@code order} generator, the last batch of an epoch partial,
 * a report at the end of every epoch), or nothing, for objectives that draw their own (an f-GAN's
 * k critic batches, samples of a base density).
 */
public final class Batches {
    final double[][] rows;
    final Rng order;
    final EpochRows epochRows;

    private Batches(double[][] rows, Rng order, EpochRows epochRows) {
        this.rows = rows;
        this.order = order;
        this.epochRows = epochRows;
    }

    /**
     * The training rows of each epoch, e.g. freshly dequantised: the same count and width as the
     * original rows. A checkpoint taken inside epoch e stores the generator's state from before
     * that epoch's rows were made; on resume the trainer restores it and asks for epoch e's rows
     * again, which leaves the generator where the uninterrupted run had it. A checkpoint between
     * epochs stores its current state.
     */
    public interface EpochRows {
        double[][] rows(int epoch);

        /** Stores the state before the current epoch's rows when {@code epochBegun}, else the current state. */
        void save(TrainingState s, String key, boolean epochBegun);

        void restore(TrainingState s, String key);

        /**
         * Epoch rows made by {@code rowsOfEpoch} from draws of {@code rng} alone, saved and restored as
         * this interface asks: the generator's state from before the current epoch's rows, or its
         * current state between epochs.
         */
        static EpochRows drawnFrom(Rng rng, java.util.function.IntFunction<double[][]> rowsOfEpoch) {
            return new EpochRows() {
                private long before = rng.state();

                @Override
                public double[][] rows(int epoch) {
                    before = rng.state();
                    return rowsOfEpoch.apply(epoch);
                }

                @Override
                public void save(TrainingState s, String key, boolean epochBegun) {
                    s.putLong(key, epochBegun ? before : rng.state());
                }

                @Override
                public void restore(TrainingState s, String key) {
                    rng.setState(s.getLong(key));
                }
            };
        }
    }

    /** Shuffled minibatches of {@code rows}, the order drawn from {@code order}. */
    public static Batches rows(double[][] rows, Rng order) {
        return rows(rows, order, null);
    }

    /** As {@link #rows(double[][], Rng)}, with the rows of each epoch from {@code epochRows} (may be null). */
    public static Batches rows(double[][] rows, Rng order, EpochRows epochRows) {
        if (rows.length == 0) {
            throw new InputException("cannot train on an empty training set");
        }
        return new Batches(rows, order, epochRows);
    }

    /** The objective draws its own data each iteration; reports come every {@link TrainingOptions#reportEvery}. */
    public static Batches drawnByObjective() {
        return new Batches(null, null, null);
    }

    boolean fromRows() {
        return rows != null;
    }
}
