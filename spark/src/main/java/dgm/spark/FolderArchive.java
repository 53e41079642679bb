package dgm.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A run folder as bytes, to send it from an executor to the driver ({@code --spark-output driver}),
 * and back into a folder there: unpacked beside the target first and moved into place when
 * complete, so a driver killed while unpacking never leaves a folder that looks finished.
 */
final class FolderArchive {
    /** The prefix of the folders being unpacked; left by a killed driver, removed by the next unpack. */
    static final String INCOMING = ".incoming-";

    private FolderArchive() {
    }

    /** The folder's files (paths relative to it, sorted), zipped. */
    static byte[] zip(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes); var walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + dir + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Replaces {@code target} by the archive's folder. */
    static void unpack(byte[] archive, Path target) {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path incoming = parent.resolve(INCOMING + target.getFileName());
            delete(incoming);
            Files.createDirectories(incoming);
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(archive))) {
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                    Path f = incoming.resolve(e.getName()).normalize();
                    if (!f.startsWith(incoming)) {
                        throw new IOException("archive entry outside the folder: " + e.getName());
                    }
                    Files.createDirectories(f.getParent());
                    Files.copy(z, f);
                }
            }
            delete(target);
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and everything in it (nothing if it does not exist). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
