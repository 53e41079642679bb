package dgm.core.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Rng} must give SplittableRandom's stream bit for bit (earlier results were drawn with it),
 * and its state must resume a stream exactly (checkpoints rely on it).
 */
class RngTest {

    @Test
    void everyDrawEqualsSplittableRandomBitForBit() {
        for (long seed : new long[] {0, 1, -7, 42, Long.MIN_VALUE, 0x9e3779b97f4a7c15L}) {
            Rng r = new Rng(seed);
            SplittableRandom s = new SplittableRandom(seed);
            for (int i = 0; i < 200_000; i++) {
                switch (i % 7) {
                    case 0 -> assertEquals(Double.doubleToRawLongBits(s.nextDouble()), Double.doubleToRawLongBits(r.uniform()), "uniform");
                    case 1 -> assertEquals(Double.doubleToRawLongBits(s.nextGaussian()), Double.doubleToRawLongBits(r.gaussian()), "gaussian");
                    case 2 -> assertEquals(s.nextInt(8), r.nextInt(8), "nextInt(power of two)");
                    case 3 -> assertEquals(s.nextInt(1438), r.nextInt(1438), "nextInt(1438)");
                    case 4 -> assertEquals(s.nextLong(), r.nextLong(), "nextLong");
                    case 5 -> assertEquals(s.nextInt(i + 1), r.nextInt(i + 1), "nextInt(i + 1)");
                    default -> assertEquals(Double.doubleToRawLongBits(-3 + 5 * s.nextDouble()),
                            Double.doubleToRawLongBits(r.uniform(-3, 2)), "uniform(lo, hi)");
                }
            }
        }
    }

    @Test
    void stateResumesTheStream() {
        Rng a = new Rng(5);
        for (int i = 0; i < 1000; i++) {
            a.gaussian();
        }
        long state = a.state();
        double[] expected = new double[100];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = a.gaussian() + a.nextInt(17);
        }
        Rng b = new Rng(5);
        b.setState(state);
        for (double e : expected) {
            assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(b.gaussian() + b.nextInt(17)));
        }
        assertNotEquals(new Rng(5).state(), state, "drawing advances the state");
    }
}
