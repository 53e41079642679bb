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
            assertEquals(4e-3, digits.real("lr_c"));
            assertEquals(1e-3, digits.real("lr_g"));
            assertEquals(0.0, digits.real("beta1"), "the declared default");
            assertEquals(3, digits.integer("critic_steps"));
            assertEquals(128, digits.integer("batch"));
            assertEquals(0.999, digits.real("ema"));
            assertEquals(128, digits.integer("hidden"), "the digits keep the declared widths");
            assertEquals(0, digits.integer("noise_dim"), "and the automatic noise dimension");
            Params images = s.resolve(FASHION, Map.of());
            assertTrue(images.bool("spectral_norm"), s.id());
            assertEquals(Double.parseDouble(GanFamily.RANGED_LR_C), images.real("lr_c"));
            assertEquals(Integer.parseInt(GanFamily.IMAGE_NOISE_DIM), images.integer("noise_dim"));
            assertEquals(2e-4, images.real("lr_g"), "the 8-bit images keep their measured recipe");
            assertEquals(0.5, images.real("beta1"));
            assertEquals(1, images.integer("critic_steps"));
            assertEquals(256, images.integer("batch"));
            assertEquals(0.0, images.real("ema"));
        }
    }

    @Test
    void unboundedDataKeepTheDeclaredDefaultsAndTheUserWins() {
        ModelSpec s = spec("fgan-js");
        assertEquals(Params.resolve("model fgan-js", s.params(), Map.of()).asMap(), s.resolve(MOONS, Map.of()).asMap());
        assertTrue(s.appliedDataDefaults(MOONS, Map.of()).isEmpty());
        assertEquals(0.0, s.resolve(MOONS, Map.of()).real("ema"), "no moving average on the toys");
        assertEquals(0.0, s.resolve(MOONS, Map.of()).real("beta1"), "Adam without momentum on the toys");
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
