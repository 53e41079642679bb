package dgm.core.data;

import dgm.core.InputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), plain or gzipped: a magic number
 * 0x0000TTDD (TT = 0x08 for unsigned bytes, DD = number of dimensions), DD big-endian int sizes, then
 * the data. Images of any rank ≥ 2 are flattened to one row per item.
 */
public final class Idx {
    private Idx() {
    }

    /** An IDX array of unsigned bytes: {@code dims[0]} items, each flattened. */
    public record Array(int[] dims, double[][] items) {
    }

    public static Array readUnsignedBytes(Path file) {
        try (InputStream raw = open(file)) {
            DataInputStream in = new DataInputStream(raw);
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank == 0) {
                throw new InputException(file + " is not an IDX file (magic number 0x" + Integer.toHexString(magic) + ")");
            }
            if (type != 0x08) {
                throw new InputException(file + ": IDX element type 0x" + Integer.toHexString(type)
                        + " is not supported; only unsigned bytes (0x08), as in MNIST and Fashion-MNIST");
            }
            int[] dims = new int[rank];
            long itemSize = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new InputException(file + ": negative size " + dims[i] + " in dimension " + i);
                }
                if (i > 0) {
                    itemSize *= dims[i];
                }
            }
            if (itemSize > Integer.MAX_VALUE) {
                throw new InputException(file + ": items of " + itemSize + " values are too large");
            }
            double[][] items = new double[dims[0]][(int) itemSize];
            byte[] buf = new byte[(int) itemSize];
            for (int n = 0; n < dims[0]; n++) {
                try {
                    in.readFully(buf);
                } catch (EOFException e) {
                    throw new InputException(file + " is truncated: the header promises " + dims[0]
                            + " items but it ends in item " + n);
                }
                for (int j = 0; j < buf.length; j++) {
                    items[n][j] = buf[j] & 0xFF;
                }
            }
            return new Array(dims, items);
        } catch (NoSuchFileException e) {
            throw new InputException("IDX file not found: " + file);
        } catch (EOFException e) {
            throw new InputException(file + " is truncated inside its header");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return (b1 == 0x1f && b2 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16)) : in;
    }

    /**
     * Finds {@code base} (e.g. {@code train-images-idx3-ubyte}) in {@code dir}, plain or with {@code .gz}.
     */
    public static Path find(Path dir, String base) {
        Path p = locate(dir, base);
        if (p != null) {
            return p;
        }
        throw new InputException("IDX file '" + base + "' (or " + base + ".gz) not found in " + dir
                + (Files.isDirectory(dir) ? "" : " (the directory does not exist)"));
    }

    /** Whether {@code base} is in {@code dir}, under any of the names {@link #find} accepts. */
    public static boolean exists(Path dir, String base) {
        return locate(dir, base) != null;
    }

    private static Path locate(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz", base.replace("-idx", ".idx"), base.replace("-idx", ".idx") + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
