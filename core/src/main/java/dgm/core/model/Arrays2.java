package dgm.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays and float64 INDArrays at the model interface. */
public final class Arrays2 {
    private Arrays2() {
    }

    /** [n, d] float64 c-order INDArray from a rectangular matrix. */
    public static INDArray matrix(double[][] m) {
        if (m.length == 0) {
            return Nd4j.create(DataType.DOUBLE, 0, 0);
        }
        return Nd4j.createFromArray(m).castTo(DataType.DOUBLE);
    }

    /** [n] float64 INDArray. */
    public static INDArray vector(double[] v) {
        return Nd4j.createFromArray(v.clone());
    }

    public static double[][] toMatrix(INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix [n, d], got shape " + java.util.Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    public static double[] toVector(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** Checks that {@code x} is [n, d] with the expected d; the message names both. */
    public static void checkDimension(String modelId, INDArray x, int d) {
        if (x.rank() != 2 || x.size(1) != d) {
            throw new dgm.core.InputException("model '" + modelId + "' expects points of dimension " + d
                    + " (shape [n, " + d + "]), got shape " + java.util.Arrays.toString(x.shape()));
        }
    }
}
