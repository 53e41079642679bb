package dgm.core.data;

import dgm.core.InputException;
import java.util.List;

/**
 * Class labels of a labelled dataset, aligned row for row with its three splits (the labels of
 * {@code Dataset.train()[i]} are {@code train()[i]}), each in {@code 0 .. classes().size() - 1}.
 * Used only by evaluation (the reference classifier of the feature-space metrics); no model sees them.
 *
 * @param classes the class names, indexed by label
 */
public record Labels(List<String> classes, int[] train, int[] validation, int[] test) {

    public Labels {
        classes = List.copyOf(classes);
        if (classes.size() < 2) {
            throw new IllegalArgumentException("labels need at least two classes, got " + classes);
        }
        check("train", train, classes.size());
        check("validation", validation, classes.size());
        check("test", test, classes.size());
    }

    public int classCount() {
        return classes.size();
    }

    /** Refuses labels whose counts differ from the splits' row counts. */
    void checkAligned(String datasetId, double[][] tr, double[][] va, double[][] te) {
        if (train.length != tr.length || validation.length != va.length || test.length != te.length) {
            throw new InputException(datasetId + ": labels (" + train.length + ", " + validation.length + ", "
                    + test.length + ") do not match the splits (" + tr.length + ", " + va.length + ", " + te.length
                    + " rows of train, validation, test)");
        }
    }

    private static void check(String split, int[] y, int k) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= k) {
                throw new InputException(split + " label " + i + " is " + y[i] + "; labels must lie in 0.." + (k - 1));
            }
        }
    }
}
