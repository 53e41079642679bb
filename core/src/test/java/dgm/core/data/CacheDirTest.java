package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dgm.core.InputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheDirTest {
    @Test
    void explicitThenXdgThenHome() {
        assertEquals(Path.of("/c/x"), CacheDir.root(Map.of("DGM_CACHE", "/c/x", "XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(Path.of("/xdg/dgm-workbench"), CacheDir.root(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/dgm-workbench"), CacheDir.root(Map.of("DGM_CACHE", " "), "/home/u"));
        assertThrows(InputException.class, () -> CacheDir.root(Map.of(), ""));
    }
}
