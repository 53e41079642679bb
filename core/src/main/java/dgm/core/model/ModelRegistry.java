package dgm.core.model;

import dgm.core.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every model id on the class path, by id. */
public final class ModelRegistry {
    private final Map<String, ModelSpec> specs = new LinkedHashMap<>();
    private final Map<String, String> familyOf = new LinkedHashMap<>();

    public ModelRegistry(List<ModelFamily> families) {
        for (ModelFamily f : families) {
            for (ModelSpec s : f.models()) {
                if (specs.putIfAbsent(s.id(), s) != null) {
                    throw new IllegalStateException("model id '" + s.id() + "' is defined twice");
                }
                familyOf.put(s.id(), f.name());
            }
        }
    }

    /** All families that {@link ServiceLoader} finds. */
    public static ModelRegistry load() {
        List<ModelFamily> families = new ArrayList<>();
        ServiceLoader.load(ModelFamily.class).forEach(families::add);
        families.sort((a, b) -> a.name().compareTo(b.name()));
        return new ModelRegistry(families);
    }

    public ModelSpec spec(String id) {
        ModelSpec s = specs.get(id);
        if (s == null) {
            throw new InputException("unknown model id '" + id + "'; allowed: " + String.join(", ", specs.keySet()));
        }
        return s;
    }

    public String family(String id) {
        spec(id);
        return familyOf.get(id);
    }

    public List<ModelSpec> all() {
        return Collections.unmodifiableList(new ArrayList<>(specs.values()));
    }

    /** Rebuilds a saved model through its spec's restorer. */
    public GenerativeModel restore(ModelState state) {
        return spec(state.modelId()).restorer().restore(state);
    }
}
