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
    void aFormerNameIsRefusedNamingTheCurrentOne() {
        List<ParamSpec> specs = List.of(ParamSpec.bool("standardize", true, "scale").formerly("standardise"),
                ParamSpec.integer("k", 5, 1, 100, "components"));
        InputException e = assertThrows(InputException.class,
                () -> Params.resolve("model kde", specs, Map.of("standardise", "false")));
        assertEquals("model kde: parameter 'standardise' was renamed to 'standardize'", e.getMessage());
        // the current name works; a key that never existed is still "unknown", and the former name is
        // not offered as an allowed key
        assertEquals(false, Params.resolve("m", specs, Map.of("standardize", "false")).bool("standardize"));
        InputException u = assertThrows(InputException.class, () -> Params.resolve("m", specs, Map.of("standardiz", "1")));
        assertTrue(u.getMessage().contains("unknown parameter 'standardiz'; allowed: k, standardize"), u.getMessage());
        // given together with the new name, the old one is refused all the same
        assertThrows(InputException.class, () -> Params.resolve("m", specs, Map.of("standardize", "true", "standardise", "true")));
        assertTrue(specs.get(0).describe().contains("formerly standardise"), specs.get(0).describe());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.integer("k", 5, 1, 9, "k").formerly("k"));
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
