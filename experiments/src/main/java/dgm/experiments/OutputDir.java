package dgm.experiments;

import dgm.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** An output folder: refused when it exists and is not empty, unless {@code --force}. */
final class OutputDir {
    private OutputDir() {
    }

    static Path prepare(Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new InputException("--out " + dir + " exists and is a file, not a folder");
            }
            if (Files.isDirectory(dir) && !force) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException("output folder " + dir + " exists and is not empty; choose another --out or pass --force to write into it");
                    }
                }
            }
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
