package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.DataKind;
import dgm.core.data.DataShape;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The f-GAN's recipe for ranged data (digits, images) and the declared defaults everywhere else. */
class GanDataDefaultsTest {
    private static final DataShape FASHION = new DataShape(784, DataKind.DEQUANTISED, 256, 50_000);
    private static final DataShape DIGITS = new DataShape(64, DataKind.DEQUANTISED, 17, 1079);
    private static final DataShape MOONS = new DataShape(2, DataKind.CONTINUOUS, 0, 4000);

    private static ModelSpec spec(String id) {
        return new GanFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void rangedDataGetTheSpectralCriticAndTheFasterCritic() {
        for (ModelSpec s : new GanFamily().models()) {
            Params digits = s.resolve(DIGITS, Map.of());
            assertTrue(digits.bool("spectral_norm"), s.id());
            assertEquals(Double.parseDouble(GanFamily.RANGED_LR_C), digits.real("lr_c"));
            assertEquals(128, digits.integer("hidden"), "the digits keep the declared widths");
            Params images = s.resolve(FASHION, Map.of());
            assertEquals(Integer.parseInt(GanFamily.IMAGE_NOISE_DIM), images.integer("noise_dim"));
        }
    }

    @Test
    void unboundedDataKeepTheDeclaredDefaultsAndTheUserWins() {
        ModelSpec s = spec("fgan-js");
        assertEquals(Params.resolve("model fgan-js", s.params(), Map.of()).asMap(), s.resolve(MOONS, Map.of()).asMap());
        assertTrue(s.appliedDataDefaults(MOONS, Map.of()).isEmpty());
        Params p = s.resolve(DIGITS, Map.of("spectral_norm", "false"));
        assertTrue(!p.bool("spectral_norm"));
        assertTrue(!s.appliedDataDefaults(DIGITS, Map.of("spectral_norm", "false")).containsKey("spectral_norm"));
    }

    @Test
    void aSigmoidOutputNeedsDataWithARange() {
        assertEquals("linear", GanFamily.output("auto", MOONS, "moons"));
        assertEquals("sigmoid", GanFamily.output("auto", DIGITS, "digits"));
        assertEquals("linear", GanFamily.output("linear", DIGITS, "digits"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GanFamily.output("sigmoid", MOONS, "moons"));
        assertTrue(e.getMessage().contains("declared range") && e.getMessage().contains("allowed here: auto, linear"), e.getMessage());
    }
}
