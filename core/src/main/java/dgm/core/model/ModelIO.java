package dgm.core.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dgm.core.InputException;
import dgm.core.run.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads {@link ModelState}s. Format: the magic {@code DGMW}, a format version, a JSON
 * header (model id, dimension, config, array names and shapes), then each array's float64 values,
 * big-endian, bit-exact. Written atomically.
 */
public final class ModelIO {
    private static final int MAGIC = 0x44474D57; // "DGMW"
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelIO() {
    }

    public static void save(GenerativeModel model, Path file) {
        write(model.state(), file);
    }

    public static void write(ModelState state, Path file) {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("model", state.modelId());
            header.put("dimension", state.dimension());
            header.put("config", state.config());
            List<Map<String, Object>> arrays = new ArrayList<>();
            for (String name : state.arrays().keySet()) {
                // an ordered map: Map.of iterates in an order that differs between JVMs, and model.bin must
                // be the same bytes for the same model in every process (a resumed run's included)
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", name);
                a.put("shape", state.shape(name));
                arrays.add(a);
            }
            header.put("arrays", arrays);
            byte[] json = JSON.writeValueAsBytes(header);
            out.writeInt(json.length);
            out.write(json);
            for (double[] a : state.arrays().values()) {
                for (double v : a) {
                    out.writeDouble(v);
                }
            }
            out.flush();
        });
    }

    public static ModelState read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream in = new DataInputStream(raw);
            if (in.readInt() != MAGIC) {
                throw new InputException(file + " is not a saved workbench model (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new InputException(file + ": model format version " + version + " is not supported; this build reads " + VERSION);
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<String, Object> header = JSON.readValue(json, new TypeReference<>() { });
            ModelState.Builder b = ModelState.builder((String) header.get("model"), ((Number) header.get("dimension")).intValue());
            @SuppressWarnings("unchecked")
            Map<String, String> config = (Map<String, String>) header.get("config");
            b.config(config);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> arrays = (List<Map<String, Object>>) header.get("arrays");
            for (Map<String, Object> a : arrays) {
                @SuppressWarnings("unchecked")
                List<Number> shapeList = (List<Number>) a.get("shape");
                int[] shape = shapeList.stream().mapToInt(Number::intValue).toArray();
                int size = 1;
                for (int s : shape) {
                    size *= s;
                }
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = in.readDouble();
                }
                b.array((String) a.get("name"), values, shape);
            }
            return b.build();
        } catch (NoSuchFileException e) {
            throw new InputException("model file not found: " + file);
        } catch (EOFException e) {
            throw new InputException(file + " is truncated: it ends before all arrays were read");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read model " + file + ": " + e.getMessage(), e);
        }
    }
}
