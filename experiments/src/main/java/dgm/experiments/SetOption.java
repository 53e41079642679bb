package dgm.experiments;

import dgm.core.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code --set key=value} options. */
final class SetOption {
    private SetOption() {
    }

    static Map<String, String> parse(List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        if (pairs == null) {
            return m;
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--set expects key=value, got '" + p + "'");
            }
            String key = p.substring(0, eq).trim();
            if (m.put(key, p.substring(eq + 1).trim()) != null) {
                throw new InputException("--set gives '" + key + "' twice");
            }
        }
        return m;
    }
}
