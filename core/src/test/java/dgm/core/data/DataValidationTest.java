package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import org.junit.jupiter.api.Test;

class DataValidationTest {
    @Test
    void acceptsGoodData() {
        assertDoesNotThrow(() -> DataValidation.check("ok", new double[][] {{1, 2}, {3, 4}}, 2, 0));
    }

    @Test
    void namesRowAndColumnOfNaN() {
        InputException e = assertThrows(InputException.class,
                () -> DataValidation.check("src", new double[][] {{1, 2}, {3, Double.NaN}}, -1, 1));
        assertTrue(e.getMessage().contains("src: row 2, column 1 is NaN"), e.getMessage());
    }

    @Test
    void wrongDimension() {
        InputException e = assertThrows(InputException.class,
                () -> DataValidation.check("src", new double[][] {{1, 2, 3}}, 2, 0));
        assertTrue(e.getMessage().contains("3 values but 2 were expected"), e.getMessage());
    }

    @Test
    void empty() {
        InputException e = assertThrows(InputException.class, () -> DataValidation.check("src", new double[0][]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
