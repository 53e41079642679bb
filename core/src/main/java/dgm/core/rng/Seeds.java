package dgm.core.rng;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds for separate purposes (data, init, noise, evaluation, ...) derived by name from one master
 * seed, so that changing how much randomness one purpose consumes never shifts another's stream.
 * Every seed handed out is remembered, for the run record.
 *
 * <p>Derivation: the first 8 bytes (big-endian) of SHA-256(master as 8 big-endian bytes ‖ UTF-8 name).
 */
public class Seeds {
    private final long master;
    private final Map<String, Long> issued = new LinkedHashMap<>();

    public Seeds(long master) {
        this.master = master;
    }

    public long master() {
        return master;
    }

    /** The seed for {@code name}; the same name always gives the same seed. */
    public synchronized long seed(String name) {
        return issued.computeIfAbsent(name, n -> deriveSeed(master, n));
    }

    /** A fresh generator seeded with {@link #seed(String) seed(name)}. */
    public Rng rng(String name) {
        return new Rng(seed(name));
    }

    /** A child family of seeds, named {@code prefix/...}; its issued seeds are recorded here too. */
    public Seeds child(String prefix) {
        Seeds parent = this;
        return new Seeds(seed(prefix)) {
            @Override
            public synchronized long seed(String name) {
                long s = super.seed(name);
                synchronized (parent) {
                    parent.issued.putIfAbsent(prefix + "/" + name, s);
                }
                return s;
            }
        };
    }

    /** Every seed handed out so far, by name, in the order first asked for. */
    public synchronized Map<String, Long> issued() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(issued));
    }

    /** SHA-256 based derivation; see the class comment. */
    public static long deriveSeed(long master, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(8).putLong(master).array());
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
