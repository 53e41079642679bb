package dgm.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/** The branch-free ReLU and leaky ReLU equal the plain conditional formulas bit for bit (ReLU: except that NaN stays NaN, forward and backward). */
class ActivationTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_NORMAL, 1.0, -1.0, Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000001L)};

    private static double[] values() {
        Rng rng = new Rng(5);
        double[] v = new double[SPECIAL.length + 1000];
        System.arraycopy(SPECIAL, 0, v, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < v.length; i++) {
            v[i] = rng.gaussian();
        }
        return v;
    }

    private static void same(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void reluForwardAndBackwardAreTheConditionalFormulas() {
        double[] v = values();
        double[] a = v.clone();
        Activation.RELU.apply(a, a.length);
        double[] l = v.clone();
        Activation.LEAKY_RELU.apply(l, l.length);
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                assertEquals(true, Double.isNaN(a[i]), "relu(NaN) is NaN");
            } else {
                same(v[i] > 0 ? v[i] : 0.0, a[i], "relu(" + v[i] + ")");
            }
            double leaky = v[i] > 0 ? v[i] : 0.01 * v[i];
            if (Double.isNaN(leaky)) {
                assertEquals(true, Double.isNaN(l[i]), "leaky_relu(NaN)");   // Math.max may change the NaN payload
            } else {
                same(leaky, l[i], "leaky_relu(" + v[i] + ")");
            }
        }
        // backward: the "outputs" run over all values, including ones a forward never produces
        double[] g = new double[v.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 2 == 0 ? 1.5 : -2.5;
        }
        double[] gb = g.clone();
        Activation.RELU.backward(v, gb, v.length);
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                assertEquals(true, Double.isNaN(gb[i]), "relu' at a NaN output passes NaN on");
            } else {
                // g·0 is a zero with g's sign
                same(v[i] > 0 ? g[i] : g[i] * 0.0, gb[i], "relu' at output " + v[i]);
            }
        }
    }
}
