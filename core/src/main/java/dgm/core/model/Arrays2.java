package dgm.core.model;

import dgm.core.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays and float64 INDArrays at the model interface. */
public final class Arrays2 {
    private Arrays2() {
    }

    /** [n, d] float64 c-order INDArray from a rectangular matrix (one flat copy; ND4J's per-row paths are slow). */
    public static INDArray matrix(double[][] m) {
        if (m.length == 0) {
            return Nd4j.create(DataType.DOUBLE, 0, 0);
        }
        int n = m.length;
        int d = m[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (m[i].length != d) {
                throw new IllegalArgumentException("ragged matrix: row " + i + " has " + m[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(m[i], 0, flat, i * d, d);
        }
        return Nd4j.create(flat, new long[] {n, d}, DataType.DOUBLE);
    }

    /** [n, d] float64 INDArray of {@code n} rows of length d; unlike {@link #matrix(double[][])} also [0, d] for no rows. */
    public static INDArray matrix(double[][] m, int d) {
        if (m.length == 0) {
            return Nd4j.create(DataType.DOUBLE, 0, d);
        }
        if (m[0].length != d) {
            throw new IllegalArgumentException("expected rows of length " + d + ", row 0 has " + m[0].length);
        }
        return matrix(m);
    }

    /** [n] float64 INDArray (also for n = 0). */
    public static INDArray vector(double[] v) {
        if (v.length == 0) {
            return Nd4j.create(DataType.DOUBLE, 0);
        }
        return Nd4j.createFromArray(v.clone());
    }

    /**
     * The rows of {@code x} after checking it is [n, d] ({@link #checkDimension}); no rows give an
     * empty [0][d]. One bulk copy of a c-order float64 copy, so views, f-order and float32 inputs are
     * read correctly (ND4J's {@code toDoubleMatrix} costs about 0.1 ms per row).
     */
    public static double[][] rows(String modelId, INDArray x, int d) {
        checkDimension(modelId, x, d);
        long n = x.size(0);
        if (n == 0) {
            return new double[0][d];
        }
        if (n * d > Integer.MAX_VALUE) {
            throw new InputException(modelId + ": " + n + " points of dimension " + d + " are too many for one call; "
                    + "pass them in batches");
        }
        return toMatrix(x);
    }

    /** Rows of an [n, d] array, via one bulk copy of its c-order buffer (ND4J's toDoubleMatrix costs ~0.1 ms per row). */
    public static double[][] toMatrix(INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix [n, d], got shape " + java.util.Arrays.toString(a.shape()));
        }
        int n = (int) a.size(0);
        int d = (int) a.size(1);
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] m = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, m[i], 0, d);
        }
        return m;
    }

    /** Values of a vector (any shape with one non-unit dimension), via one bulk copy. */
    public static double[] toVector(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** Checks that {@code x} is [n, d] with the expected d; the message names both. */
    public static void checkDimension(String modelId, INDArray x, int d) {
        if (x.rank() != 2 || x.size(1) != d) {
            throw new InputException("model '" + modelId + "' expects points of dimension " + d
                    + " (shape [n, " + d + "]), got shape " + java.util.Arrays.toString(x.shape()));
        }
    }
}
