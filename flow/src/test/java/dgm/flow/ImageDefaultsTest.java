package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.DataKind;
import dgm.core.data.DataShape;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flows' image recipe applies on 8-bit images only, and the user's values still win. */
class ImageDefaultsTest {
    private static final DataShape FASHION = new DataShape(784, DataKind.DEQUANTISED, 256, 50_000);
    private static final DataShape DIGITS = new DataShape(64, DataKind.DEQUANTISED, 17, 1079);
    private static final DataShape MOONS = new DataShape(2, DataKind.CONTINUOUS, 0, 4000);

    private static ModelSpec spec(String id) {
        return new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void profileNeedsEightBitImagesOfAtLeast256Pixels() {
        assertEquals(DataShape.Profile.IMAGE, FASHION.profile());
        assertEquals(DataShape.Profile.DEFAULT, DIGITS.profile());
        assertEquals(DataShape.Profile.DEFAULT, MOONS.profile());
        assertEquals(DataShape.Profile.DEFAULT, new DataShape(255, DataKind.DEQUANTISED, 256, 10).profile());
        assertEquals(DataShape.Profile.DEFAULT, new DataShape(784, DataKind.CONTINUOUS, 0, 10).profile());
    }

    @Test
    void imagesGetTheLogitRecipeAndImageSizedConditioners() {
        Params maf = spec("maf").resolve(FASHION, Map.of());
        assertTrue(maf.bool("logit"));
        assertEquals(1e-6, maf.real("logit_alpha"));
        assertEquals(Integer.parseInt(FlowFamily.IMAGE_HIDDEN), maf.integer("hidden"));
        assertEquals(1, maf.integer("depth"));  // MADE with one hidden layer, as in the MAF paper
        assertEquals(2, spec("realnvp").resolve(FASHION, Map.of()).integer("depth"));
        assertTrue(spec("planar").appliedDataDefaults(FASHION, Map.of()).isEmpty());
    }

    @Test
    void otherDataKeepTheDeclaredDefaultsExactly() {
        for (ModelSpec s : new FlowFamily().models()) {
            for (DataShape shape : new DataShape[] {DIGITS, MOONS}) {
                assertEquals(Params.resolve("model " + s.id(), s.params(), Map.of()).asMap(), s.resolve(shape, Map.of()).asMap(), s.id());
                assertTrue(s.appliedDataDefaults(shape, Map.of()).isEmpty());
            }
        }
    }

    @Test
    void theUsersValuesWinAndAreNotListedAsDataDefaults() {
        Map<String, String> user = Map.of("logit", "false", "hidden", "64");
        Params p = spec("maf").resolve(FASHION, user);
        assertEquals(false, p.bool("logit"));
        assertEquals(64, p.integer("hidden"));
        Map<String, String> applied = spec("maf").appliedDataDefaults(FASHION, user);
        assertTrue(!applied.containsKey("logit") && !applied.containsKey("hidden") && applied.containsKey("lr"), applied.toString());
    }
}
