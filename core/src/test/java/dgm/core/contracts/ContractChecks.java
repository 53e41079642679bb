package dgm.core.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dgm.core.model.Arrays2;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small helpers shared by the model contracts. */
final class ContractChecks {
    private ContractChecks() {
    }

    /** {@code m.sample(n, rng)} as a flat row-major array, after checking its shape is [n, d]. */
    static double[] samples(GenerativeModel m, int n, dgm.core.rng.Rng rng) {
        INDArray s = m.sample(n, rng);
        assertArrayEquals(new long[] {n, m.dimension()}, s.shape(), "shape of sample(" + n + ")");
        return Arrays2.toVector(s);
    }

    /** An [n] score vector (log-density, bound) as an array, after checking its shape. */
    static double[] scores(INDArray v, int n, String what) {
        assertEquals(1, v.rank(), what + ": expected a vector of shape [" + n + "], got rank " + v.rank());
        assertEquals(n, v.length(), what + ": expected " + n + " values");
        return Arrays2.toVector(v);
    }

    /** The rows of a flat row-major array with d columns. */
    static double[][] rows(double[] flat, int d) {
        double[][] x = new double[flat.length / d][d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(flat, i * d, x[i], 0, d);
        }
        return x;
    }

    /** Equal bit for bit (JUnit compares doubles by {@link Double#doubleToLongBits}). */
    static void assertBitIdentical(double[] expected, double[] actual, String what) {
        assertArrayEquals(expected, actual, what + " differ");
    }

    /** Equal states ({@link ModelState#equals}: id, dimension, config, arrays bit for bit), naming the first difference. */
    static void assertSameState(ModelState expected, ModelState actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        String diff;
        if (!expected.modelId().equals(actual.modelId()) || expected.dimension() != actual.dimension()) {
            diff = "model " + expected.modelId() + "/" + expected.dimension() + " vs " + actual.modelId() + "/" + actual.dimension();
        } else if (!expected.config().equals(actual.config())) {
            diff = "config " + expected.config() + " vs " + actual.config();
        } else if (!expected.arrays().keySet().equals(actual.arrays().keySet())) {
            diff = "arrays " + expected.arrays().keySet() + " vs " + actual.arrays().keySet();
        } else {
            diff = "";
            for (String k : expected.arrays().keySet()) {
                double[] a = expected.array(k);
                double[] b = actual.array(k);
                if (!java.util.Arrays.equals(expected.shape(k), actual.shape(k))) {
                    diff = "array '" + k + "' has shape " + java.util.Arrays.toString(expected.shape(k)) + " vs "
                            + java.util.Arrays.toString(actual.shape(k));
                    break;
                }
                int i = java.util.Arrays.mismatch(a, b);
                if (i >= 0) {
                    diff = "array '" + k + "'[" + i + "] = " + a[i] + " vs " + b[i];
                    break;
                }
            }
        }
        fail(what + ": " + diff);
    }

    static void assertAllFinite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            int at = i;
            assertTrue(Double.isFinite(v[i]), () -> what + ": value " + at + " is " + v[at]);
        }
    }

    /** Rows that differ (in any coordinate, bitwise) between two flat samples of d columns. */
    static int differingRows(double[] a, double[] b, int d) {
        int n = 0;
        for (int i = 0; i < a.length / d; i++) {
            for (int j = 0; j < d; j++) {
                if (Double.doubleToLongBits(a[i * d + j]) != Double.doubleToLongBits(b[i * d + j])) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Runs {@code body} on a fresh temporary file that is deleted afterwards. */
    static <T> T withTempFile(String suffix, Function<Path, T> body) {
        Path f;
        try {
            f = Files.createTempFile("dgm-contract-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return body.apply(f);
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a leftover temporary file does not change the verdict
            }
        }
    }

    /** A value computed on first use and then kept (shared by the cases of one subject). */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> compute;
        private T value;

        Lazy(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
