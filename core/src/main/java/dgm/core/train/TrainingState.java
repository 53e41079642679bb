package dgm.core.train;

import dgm.core.InputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a training run needs to continue exactly where it stopped: named numbers, strings and
 * arrays (parameters, optimizer moments, RNG states, the data order, counters, history), in the order
 * they were put. Doubles are stored as their raw bits, so a resumed run continues bit for bit.
 *
 * <p>File format ({@link #write}/{@link #read}): the 8 bytes {@code DGMCKPT1}, the entry count, each
 * entry as (UTF-8 name, type byte, payload), then the SHA-256 of everything before it. A file whose
 * checksum does not match is refused as corrupt.
 */
public final class TrainingState {
    private static final byte[] MAGIC = "DGMCKPT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte STRING = 3;
    private static final byte LONGS = 4;
    private static final byte DOUBLES = 5;
    private static final byte INTS = 6;
    private static final byte STRINGS = 7;

    private final Map<String, Object> entries = new LinkedHashMap<>();

    public TrainingState putLong(String name, long v) {
        entries.put(name, v);
        return this;
    }

    public TrainingState putDouble(String name, double v) {
        entries.put(name, v);
        return this;
    }

    public TrainingState putString(String name, String v) {
        entries.put(name, v);
        return this;
    }

    /** Stores a copy of {@code v}. */
    public TrainingState putDoubles(String name, double[] v) {
        entries.put(name, v.clone());
        return this;
    }

    public TrainingState putLongs(String name, long[] v) {
        entries.put(name, v.clone());
        return this;
    }

    public TrainingState putInts(String name, int[] v) {
        entries.put(name, v.clone());
        return this;
    }

    public TrainingState putStrings(String name, String[] v) {
        entries.put(name, v.clone());
        return this;
    }

    /**
     * A training history under {@code history.*}: each row's step, seconds and named values (the
     * names joined by U+001F, the values in order), as every trainer's checkpoint keeps it.
     */
    public TrainingState putHistory(List<HistoryPoint> history) {
        long[] steps = new long[history.size()];
        double[] secs = new double[history.size()];
        String[] keys = new String[history.size()];
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            HistoryPoint hp = history.get(i);
            steps[i] = hp.step();
            secs[i] = hp.seconds();
            keys[i] = String.join("\u001f", hp.values().keySet());
            values.addAll(hp.values().values());
        }
        putLongs("history.steps", steps);
        putDoubles("history.seconds", secs);
        putStrings("history.keys", keys);
        return putDoubles("history.values", values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The history {@link #putHistory} stored, row by row. */
    public List<HistoryPoint> getHistory() {
        long[] steps = getLongs("history.steps");
        double[] secs = getDoubles("history.seconds");
        String[] keys = getStrings("history.keys");
        double[] values = getDoubles("history.values");
        List<HistoryPoint> out = new ArrayList<>(steps.length);
        int q = 0;
        for (int i = 0; i < steps.length; i++) {
            Map<String, Double> v = new LinkedHashMap<>();
            if (!keys[i].isEmpty()) {
                for (String k : keys[i].split("\u001f", -1)) {
                    v.put(k, values[q++]);
                }
            }
            out.add(new HistoryPoint(steps[i], secs[i], Collections.unmodifiableMap(v)));
        }
        return out;
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public long getLong(String name) {
        return get(name, Long.class);
    }

    public double getDouble(String name) {
        return get(name, Double.class);
    }

    public String getString(String name) {
        return get(name, String.class);
    }

    public double[] getDoubles(String name) {
        return get(name, double[].class).clone();
    }

    public long[] getLongs(String name) {
        return get(name, long[].class).clone();
    }

    public int[] getInts(String name) {
        return get(name, int[].class).clone();
    }

    public String[] getStrings(String name) {
        return get(name, String[].class).clone();
    }

    /** Copies the stored array {@code name} into {@code target}, which must have its length. */
    public void copyInto(String name, double[] target) {
        double[] v = get(name, double[].class);
        if (v.length != target.length) {
            throw new IllegalStateException("checkpoint entry '" + name + "' has " + v.length + " values, the model "
                    + target.length + ": the checkpoint belongs to a different model");
        }
        System.arraycopy(v, 0, target, 0, v.length);
    }

    private <T> T get(String name, Class<T> type) {
        Object v = entries.get(name);
        if (v == null) {
            throw new IllegalStateException("checkpoint has no entry '" + name + "'");
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("checkpoint entry '" + name + "' is a " + v.getClass().getSimpleName()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /**
     * Writes the state with its checksum, streamed: the SHA-256 is computed as the bytes go out, so
     * writing holds no copy of the state (an image-scale flow's parameters and Adam moments are
     * hundreds of megabytes).
     */
    public void write(OutputStream target) throws IOException {
        MessageDigest sha = newSha256();
        // not closed: the caller owns the target; flush() below pushes every byte through the digest
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                new java.security.DigestOutputStream(target, sha), 1 << 16));
        out.write(MAGIC);
        out.writeInt(entries.size());
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            out.writeUTF(e.getKey());
            Object v = e.getValue();
            if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                writeString(out, s);
            } else if (v instanceof long[] a) {
                out.writeByte(LONGS);
                out.writeInt(a.length);
                for (long x : a) {
                    out.writeLong(x);
                }
            } else if (v instanceof double[] a) {
                out.writeByte(DOUBLES);
                out.writeInt(a.length);
                for (double x : a) {
                    out.writeLong(Double.doubleToRawLongBits(x));
                }
            } else if (v instanceof int[] a) {
                out.writeByte(INTS);
                out.writeInt(a.length);
                for (int x : a) {
                    out.writeInt(x);
                }
            } else {
                String[] a = (String[]) v;
                out.writeByte(STRINGS);
                out.writeInt(a.length);
                for (String s : a) {
                    writeString(out, s);
                }
            }
        }
        out.flush();
        target.write(sha.digest());
    }

    /**
     * Reads a state written by {@link #write}; {@code source} names the file in errors. A truncated
     * file, a wrong header or a checksum mismatch is refused with an {@link InputException}.
     */
    public static TrainingState read(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < MAGIC.length + 4 + 32 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw corrupt(source, "it is not a workbench checkpoint (wrong header or too short)");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(sha256(body), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw corrupt(source, "its SHA-256 checksum does not match (truncated or modified)");
        }
        TrainingState s = new TrainingState();
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(body, MAGIC.length, body.length - MAGIC.length));
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            String name = d.readUTF();
            byte type = d.readByte();
            switch (type) {
                case LONG -> s.entries.put(name, d.readLong());
                case DOUBLE -> s.entries.put(name, Double.longBitsToDouble(d.readLong()));
                case STRING -> s.entries.put(name, readString(d));
                case LONGS -> {
                    long[] a = new long[d.readInt()];
                    for (int j = 0; j < a.length; j++) {
                        a[j] = d.readLong();
                    }
                    s.entries.put(name, a);
                }
                case DOUBLES -> {
                    double[] a = new double[d.readInt()];
                    for (int j = 0; j < a.length; j++) {
                        a[j] = Double.longBitsToDouble(d.readLong());
                    }
                    s.entries.put(name, a);
                }
                case INTS -> {
                    int[] a = new int[d.readInt()];
                    for (int j = 0; j < a.length; j++) {
                        a[j] = d.readInt();
                    }
                    s.entries.put(name, a);
                }
                case STRINGS -> {
                    String[] a = new String[d.readInt()];
                    for (int j = 0; j < a.length; j++) {
                        a[j] = readString(d);
                    }
                    s.entries.put(name, a);
                }
                default -> throw corrupt(source, "entry '" + name + "' has an unknown type " + type);
            }
        }
        return s;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static InputException corrupt(String source, String why) {
        return new InputException("checkpoint " + source + " cannot be used: " + why
                + "; delete it to train that run again from step 0");
    }

    private static byte[] sha256(byte[] b) {
        return newSha256().digest(b);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
