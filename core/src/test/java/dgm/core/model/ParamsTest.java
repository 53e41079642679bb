package dgm.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("k", 5, 1, 100, "components"),
            ParamSpec.real("floor", 1e-6, 0, 1, "covariance floor"),
            ParamSpec.bool("full", true, "full covariance"),
            ParamSpec.choice("init", "kmeans++", List.of("kmeans++", "random"), "initialisation"));

    @Test
    void defaultsAndOverrides() {
        Params p = Params.resolve("m", SPECS, Map.of("k", "7", "init", "random"));
        assertEquals(7, p.integer("k"));
        assertEquals(1e-6, p.real("floor"));
        assertTrue(p.bool("full"));
        assertEquals("random", p.string("init"));
    }

    @Test
    void unknownKeyListsAllowed() {
        InputException e = assertThrows(InputException.class, () -> Params.resolve("model gmm", SPECS, Map.of("kk", "3")));
        assertTrue(e.getMessage().contains("unknown parameter 'kk'") && e.getMessage().contains("allowed: floor, full, init, k"), e.getMessage());
    }

    @Test
    void outOfRangeAndMalformedNamed() {
        InputException e = assertThrows(InputException.class, () -> Params.resolve("m", SPECS, Map.of("k", "0")));
        assertTrue(e.getMessage().contains("'k' = '0'") && e.getMessage().contains("[1, 100]"), e.getMessage());
        assertThrows(InputException.class, () -> Params.resolve("m", SPECS, Map.of("k", "2.5")));
        assertThrows(InputException.class, () -> Params.resolve("m", SPECS, Map.of("floor", "NaN")));
        assertThrows(InputException.class, () -> Params.resolve("m", SPECS, Map.of("full", "yes")));
        InputException c = assertThrows(InputException.class, () -> Params.resolve("m", SPECS, Map.of("init", "zeros")));
        assertTrue(c.getMessage().contains("kmeans++, random"), c.getMessage());
    }
}
