package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitsDatasetTest {
    private static Dataset load(long seed) {
        DigitsDataset src = new DigitsDataset();
        return src.load(Params.resolve("digits", src.params(), Map.of()), new Seeds(seed));
    }

    @Test
    void splitByIndexModFive() {
        Dataset d = load(0);
        assertEquals(1079, d.train().length);
        assertEquals(359, d.validation().length);
        assertEquals(359, d.test().length);
        assertEquals(64, d.dimension());
        double[][] raw = DigitsDataset.rawImages();
        // test row j is raw row 5j+4; dequantisation adds u in [0,1)
        for (int j : List.of(0, 100, 358)) {
            for (int k = 0; k < 64; k++) {
                assertEquals(raw[5 * j + 4][k], Math.floor(d.test()[j][k]));
            }
        }
        for (int k = 0; k < 64; k++) {
            assertEquals(raw[3][k], Math.floor(d.validation()[0][k]));
            assertEquals(raw[2][k], Math.floor(d.train()[2][k]));
        }
    }

    @Test
    void pixelsAreIntegersZeroToSixteen() {
        double max = 0;
        for (double[] r : DigitsDataset.rawImages()) {
            for (double v : r) {
                assertEquals(Math.rint(v), v);
                assertTrue(v >= 0 && v <= 16);
                max = Math.max(max, v);
            }
        }
        assertEquals(16, max);
    }

    @Test
    void dequantisationDependsOnSeedOnly() {
        assertArrayEquals(load(3).test()[5], load(3).test()[5]);
        assertNotEquals(load(3).test()[5][0], load(4).test()[5][0]);
        assertEquals(load(3).contentHash(), load(3).contentHash());
    }

    @Test
    void labelsFollowTheRowsAndCoverEveryDigitInEverySplit() {
        Dataset d = load(0);
        Labels y = d.labels().orElseThrow();
        int[] raw = DigitsDataset.rawLabels();
        assertEquals(1797, raw.length);
        // the UCI file starts 0, 1, 2, ... (one of each digit in order)
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, java.util.Arrays.copyOf(raw, 5));
        assertEquals(raw[4], y.test()[0]);
        assertEquals(raw[5 * 100 + 4], y.test()[100]);
        assertEquals(raw[3], y.validation()[0]);
        assertEquals(raw[2], y.train()[2]);
        for (int[] split : new int[][] {y.train(), y.validation(), y.test()}) {
            int[] count = new int[10];
            for (int v : split) {
                count[v]++;
            }
            for (int c : count) {
                assertTrue(c >= 15, java.util.Arrays.toString(count));  // 21..52 per class per split
            }
        }
    }
}
