package dgm.core.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model's complete, serialisable state: its id, its dimension, its configuration (the resolved
 * parameters it was built with, as strings) and its named float64 arrays with their shapes.
 * Written and read by {@link ModelIO}; rebuilt by the model's {@link ModelSpec#restorer()}.
 */
public final class ModelState {
    private final String modelId;
    private final int dimension;
    private final Map<String, String> config;
    private final Map<String, double[]> arrays;
    private final Map<String, int[]> shapes;

    private ModelState(String modelId, int dimension, Map<String, String> config,
                       Map<String, double[]> arrays, Map<String, int[]> shapes) {
        this.modelId = modelId;
        this.dimension = dimension;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }

    public static Builder builder(String modelId, int dimension) {
        return new Builder(modelId, dimension);
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dimension;
    }

    public Map<String, String> config() {
        return config;
    }

    public Map<String, double[]> arrays() {
        return arrays;
    }

    public Map<String, int[]> shapes() {
        return shapes;
    }

    public String configValue(String key) {
        String v = config.get(key);
        if (v == null) {
            throw new IllegalArgumentException("model state of '" + modelId + "' has no config key '" + key + "'");
        }
        return v;
    }

    /** The array named {@code name}, flattened row-major. */
    public double[] array(String name) {
        double[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("model state of '" + modelId + "' has no array '" + name
                    + "'; it has " + arrays.keySet());
        }
        return a;
    }

    public int[] shape(String name) {
        array(name);
        return shapes.get(name);
    }

    /** The array named {@code name} as a matrix (it must have been stored with a 2-D shape). */
    public double[][] matrix(String name) {
        double[] flat = array(name);
        int[] s = shape(name);
        if (s.length != 2) {
            throw new IllegalArgumentException("array '" + name + "' has shape " + Arrays.toString(s) + ", not 2-D");
        }
        double[][] m = new double[s[0]][s[1]];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(flat, i * s[1], m[i], 0, s[1]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelState other)) {
            return false;
        }
        if (!modelId.equals(other.modelId) || dimension != other.dimension || !config.equals(other.config)
                || !arrays.keySet().equals(other.arrays.keySet())) {
            return false;
        }
        for (String k : arrays.keySet()) {
            if (!Arrays.equals(arrays.get(k), other.arrays.get(k)) || !Arrays.equals(shapes.get(k), other.shapes.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelId, dimension, config, arrays.keySet());
    }

    public static final class Builder {
        private final String modelId;
        private final int dimension;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, double[]> arrays = new LinkedHashMap<>();
        private final Map<String, int[]> shapes = new LinkedHashMap<>();

        private Builder(String modelId, int dimension) {
            this.modelId = Objects.requireNonNull(modelId);
            this.dimension = dimension;
        }

        public Builder config(String key, Object value) {
            config.put(key, String.valueOf(value));
            return this;
        }

        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        /** A vector (1-D array). Copied. */
        public Builder array(String name, double[] values) {
            arrays.put(name, values.clone());
            shapes.put(name, new int[] {values.length});
            return this;
        }

        /** A flat array with an explicit shape. Copied. */
        public Builder array(String name, double[] values, int... shape) {
            long size = 1;
            for (int s : shape) {
                size *= s;
            }
            if (size != values.length) {
                throw new IllegalArgumentException("array '" + name + "': shape " + Arrays.toString(shape)
                        + " has " + size + " elements but " + values.length + " were given");
            }
            arrays.put(name, values.clone());
            shapes.put(name, shape.clone());
            return this;
        }

        /** A rectangular matrix, stored row-major. */
        public Builder matrix(String name, double[][] m) {
            int rows = m.length;
            int cols = rows == 0 ? 0 : m[0].length;
            double[] flat = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                if (m[i].length != cols) {
                    throw new IllegalArgumentException("matrix '" + name + "' is ragged at row " + i);
                }
                System.arraycopy(m[i], 0, flat, i * cols, cols);
            }
            arrays.put(name, flat);
            shapes.put(name, new int[] {rows, cols});
            return this;
        }

        public ModelState build() {
            return new ModelState(modelId, dimension, config, arrays, shapes);
        }
    }
}
