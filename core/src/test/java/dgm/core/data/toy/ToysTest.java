package dgm.core.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.ToyDistribution;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToysTest {

    @Test
    void registryHoldsTheEightFfjordIds() {
        assertEquals(List.of("swissroll", "circles", "rings", "moons", "8gaussians", "pinwheel", "2spirals",
            "checkerboard"), Toys.ids());
        assertEquals(8, Toys.all().size());
        assertEquals(8, new HashSet<>(Toys.ids()).size());
        for (ToyDistribution t : Toys.all()) {
            assertSame(t, Toys.byId(t.id()).orElseThrow());
            assertFalse(t.description().isBlank());
        }
        assertTrue(Toys.byId("nope").isEmpty());
        assertTrue(Toys.byId("Moons").isEmpty(), "ids are case-sensitive");
    }
}
