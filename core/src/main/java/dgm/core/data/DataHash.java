package dgm.core.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes of numeric data, bit-exact (float64 big-endian bits). */
public final class DataHash {
    private DataHash() {
    }

    public static String sha256(double[][]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (double[][] part : parts) {
                buf.clear();
                buf.putLong(part.length);
                sha.update(buf.array());
                for (double[] row : part) {
                    ByteBuffer rb = ByteBuffer.allocate(8 * row.length);
                    for (double v : row) {
                        rb.putDouble(v);
                    }
                    sha.update(rb.array());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
