package dgm.core.model;

import dgm.core.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolved, validated parameter values: every declared parameter has a value (the user's or its
 * default). Built by {@link #resolve}, which rejects unknown keys and invalid values with a message
 * that names the allowed ones, and a parameter's former name ({@link ParamSpec#formerly}) with one
 * that names its current name.
 */
public final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Validates {@code overrides} against {@code specs}; {@code owner} names the model or dataset in messages. */
    public static Params resolve(String owner, List<ParamSpec> specs, Map<String, String> overrides) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            byName.put(s.name(), s);
            for (String old : s.formerNames()) {
                renamed.put(old, s.name());
            }
        }
        for (String key : overrides.keySet()) {
            if (!byName.containsKey(key) && renamed.containsKey(key)) {
                throw new InputException(owner + ": parameter '" + key + "' was renamed to '" + renamed.get(key) + "'");
            }
            if (!byName.containsKey(key)) {
                throw new InputException(owner + ": unknown parameter '" + key + "'; allowed: "
                        + (byName.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(byName.keySet()))));
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            String v = overrides.getOrDefault(s.name(), s.defaultValue());
            resolved.put(s.name(), s.validate(owner, v));
        }
        return new Params(resolved);
    }

    /** Parameters taken as they are (for restoring a saved model's config). */
    public static Params of(Map<String, String> values) {
        return new Params(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + key + "'; have " + values.keySet());
        }
        return v;
    }

    public int integer(String key) {
        return Integer.parseInt(string(key));
    }

    public double real(String key) {
        return Double.parseDouble(string(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
