package dgm.core.metrics;

import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

import static dgm.core.metrics.MmdTest.assertMessage;
import static dgm.core.metrics.TestSamples.column;
import static dgm.core.metrics.TestSamples.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemorisationTest {

    @Test
    void handComputedCase() {
        // train {0, 10}; generated {0, 1, 9}: distances 0, 1, 1 -> mean 2/3
        // test {4, 7}: distances 4, 3 -> mean 7/2; ratio (2/3)/(7/2) = 4/21
        // threshold 1: generated below 3/3, test below 0/2; exact copies 1/3
        Memorisation.Result r = Memorisation.evaluate(column(0, 1, 9), column(0, 10), column(4, 7), 1.0);
        assertEquals(2.0 / 3, r.meanDistanceGenerated().value(), 1e-15);
        assertEquals(3.5, r.meanDistanceTest().value(), 1e-15);
        assertEquals(4.0 / 21, r.ratio().value(), 1e-15);
        assertEquals(1.0, r.fractionGeneratedBelow().value(), 0);
        assertEquals(0.0, r.fractionTestBelow().value(), 0);
        assertEquals(1.0 / 3, r.fractionExactCopies().value(), 1e-15);
        // SEs: sd of {0,1,1} = 1/√3, /√3 -> 1/3; sd of {4,3} = 1/√2, /√2 -> 1/2;
        // ratio SE = (4/21)·√((1/3 / (2/3))² + (1/2 / (7/2))²) = (4/21)·√(1/4 + 1/49)
        assertEquals(1.0 / 3, r.meanDistanceGenerated().standardError(), 1e-15);
        assertEquals(0.5, r.meanDistanceTest().standardError(), 1e-15);
        assertEquals(4.0 / 21 * Math.sqrt(0.25 + 1.0 / 49), r.ratio().standardError(), 1e-15);
        assertArrayEquals(new double[] {0, 1, 1}, Memorisation.nearestTrainingDistances(column(0, 1, 9), column(0, 10)), 0);
        // default threshold: 5% quantile of the test distances {3, 4} = 3 + 0.05·(4 − 3) = 3.05
        assertEquals(3.05, Memorisation.evaluate(column(0, 1, 9), column(0, 10), column(4, 7)).threshold(), 1e-15);
    }

    @Test
    void copiesOfTrainingPointsGiveDistanceZeroAndRatioZero() {
        Rng rng = new Rng(1);
        double[][] train = gaussian(rng, 500, 64);
        double[][] test = gaussian(rng, 200, 64);
        double[][] copies = new double[300][];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = train[rng.nextInt(train.length)].clone();
        }
        Memorisation.Result r = Memorisation.evaluate(copies, train, test);
        assertEquals(0.0, r.meanDistanceGenerated().value(), 0);
        assertEquals(0.0, r.ratio().value(), 0);
        assertEquals(1.0, r.fractionExactCopies().value(), 0);
        assertEquals(1.0, r.fractionGeneratedBelow().value(), 0);
        assertEquals(0.05, r.fractionTestBelow().value(), 0.01);
        assertTrue(r.meanDistanceTest().value() > 5, "fresh points are far from the training set in 64-D");
    }

    @Test
    void freshSamplesFromTheDataDistributionGiveRatioNearOne() {
        Rng rng = new Rng(2);
        double[][] train = gaussian(rng, 1000, 2);
        Memorisation.Result r = Memorisation.evaluate(gaussian(rng, 1000, 2), train, gaussian(rng, 1000, 2));
        assertEquals(1.0, r.ratio().value(), 4 * r.ratio().standardError(), r.toString());
        assertEquals(0.05, r.fractionGeneratedBelow().value(), 0.025, r.toString());
        assertEquals(0.0, r.fractionExactCopies().value(), 0);
        // near-copies (training points plus small noise) are flagged although none is exact
        double[][] near = new double[1000][];
        for (int i = 0; i < near.length; i++) {
            near[i] = new double[] {train[i][0] + 1e-3 * rng.gaussian(), train[i][1] + 1e-3 * rng.gaussian()};
        }
        Memorisation.Result n = Memorisation.evaluate(near, train, gaussian(rng, 1000, 2));
        assertTrue(n.ratio().value() < 0.1, n.toString());
        assertTrue(n.fractionGeneratedBelow().value() > 0.9, n.toString());
        assertEquals(0.0, n.fractionExactCopies().value(), 0);
    }

    @Test
    void subsamplingIsSeededAndBadInputsAreNamed() {
        Rng data = new Rng(3);
        double[][] train = gaussian(data, 100, 3);
        double[][] gen = gaussian(data, 80, 3);
        double[][] test = gaussian(data, 70, 3);
        Memorisation.Result a = Memorisation.evaluate(gen, train, test, 50, new Rng(4));
        assertEquals(a, Memorisation.evaluate(gen, train, test, 50, new Rng(4)));
        assertEquals(50, a.nGenerated());
        assertEquals(50, a.nTest());
        assertEquals(100, a.nTrain());
        assertMessage("NaN", () -> Memorisation.evaluate(gen, train, new double[][] {{0, Double.NaN, 0}}));
        assertMessage("dimension mismatch", () -> Memorisation.evaluate(gen, gaussian(data, 5, 2), test));
        assertMessage("empty", () -> Memorisation.evaluate(gen, new double[0][], test));
        assertMessage("threshold", () -> Memorisation.evaluate(gen, train, test, -1));
    }
}
