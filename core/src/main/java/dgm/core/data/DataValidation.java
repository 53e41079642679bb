package dgm.core.data;

import dgm.core.InputException;

/**
 * Checks that data are a non-empty rectangular matrix of finite numbers with the expected dimension.
 * Errors name the source, the row and the column; nothing is silently dropped.
 */
public final class DataValidation {
    private DataValidation() {
    }

    /**
     * @param source    what the data is called in messages (a file path, "dataset moons/test", ...)
     * @param rowOffset added to 0-based row indices in messages (e.g. 2 for a CSV with a header, 1-based lines)
     * @param expectedDimension the required number of columns, or −1 to accept the first row's
     */
    public static void check(String source, double[][] x, int expectedDimension, int rowOffset) {
        if (x == null || x.length == 0) {
            throw new InputException(source + ": no data rows (empty)");
        }
        int d = expectedDimension >= 0 ? expectedDimension : x[0].length;
        if (d == 0) {
            throw new InputException(source + ": rows have no columns");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new InputException(source + ": row " + (i + rowOffset) + " has " + x[i].length
                        + " values but " + d + " were expected" + (expectedDimension >= 0 ? " (the model/data dimension)" : " (as in the first row)"));
            }
            for (int j = 0; j < d; j++) {
                double v = x[i][j];
                if (!Double.isFinite(v)) {
                    throw new InputException(source + ": row " + (i + rowOffset) + ", column " + j + " is "
                            + v + "; only finite numbers are allowed (no NaN or Inf)");
                }
            }
        }
    }

    public static void check(String source, double[][] x) {
        check(source, x, -1, 0);
    }
}
