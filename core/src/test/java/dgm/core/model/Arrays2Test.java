package dgm.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.InputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Arrays2Test {
    @Test
    void roundTripsAndRespectsViews() {
        double[][] m = {{1, 2, 3}, {4, 5, 6}};
        INDArray a = Arrays2.matrix(m);
        assertEquals(DataType.DOUBLE, a.dataType());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(6.0, a.getDouble(1, 2));
        double[][] back = Arrays2.toMatrix(a);
        assertArrayEquals(m[1], back[1]);
        // A transposed (f-order) view must come back in logical order, not buffer order.
        double[][] t = Arrays2.toMatrix(a.transpose());
        assertArrayEquals(new double[] {1, 4}, t[0]);
        assertArrayEquals(new double[] {3, 6}, t[2]);
        // A column view of a larger array.
        assertArrayEquals(new double[] {2, 5}, Arrays2.toVector(a.getColumn(1)));
        INDArray f = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {2, 2}, 'f');
        assertArrayEquals(new double[] {1, 3}, Arrays2.toMatrix(f)[0]);
    }

    @Test
    void raggedAndWrongDimensionRefused() {
        assertThrows(IllegalArgumentException.class, () -> Arrays2.matrix(new double[][] {{1, 2}, {3}}));
        InputException e = assertThrows(InputException.class, () -> Arrays2.checkDimension("m", Arrays2.matrix(new double[][] {{1, 2, 3}}), 2));
        assertEquals(true, e.getMessage().contains("dimension 2"));
    }
}
