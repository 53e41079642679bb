package dgm.core.model;

import dgm.core.InputException;
import java.util.List;

/**
 * One configurable parameter of a model (or dataset): name, type, default, description and the
 * allowed range, so that a bad {@code --set key=value} is rejected with the allowed values named.
 *
 * <p>{@code formerNames} are the names the parameter had before it was renamed (see
 * {@link #formerly}): {@link Params#resolve} refuses them with a message that names the current
 * one, so an old config or command line fails loudly instead of being silently misread.
 */
public record ParamSpec(String name, Type type, String defaultValue, String description,
                        double min, double max, List<String> choices, List<String> formerNames) {

    public ParamSpec {
        choices = List.copyOf(choices);
        formerNames = List.copyOf(formerNames);
        if (formerNames.contains(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' lists its own name as a former one");
        }
    }

    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    public static ParamSpec integer(String name, int def, int min, int max, String description) {
        return new ParamSpec(name, Type.INT, Integer.toString(def), description, min, max, List.of(), List.of());
    }

    public static ParamSpec real(String name, double def, double min, double max, String description) {
        return new ParamSpec(name, Type.DOUBLE, Double.toString(def), description, min, max, List.of(), List.of());
    }

    public static ParamSpec bool(String name, boolean def, String description) {
        return new ParamSpec(name, Type.BOOLEAN, Boolean.toString(def), description, 0, 1, List.of("true", "false"), List.of());
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, Type.STRING, def, description, Double.NaN, Double.NaN, choices, List.of());
    }

    /**
     * This parameter with {@code oldNames} recorded as names it had before a rename: a key given
     * under an old name is refused with "parameter 'old' was renamed to 'name'" (exit 2), never
     * taken as the new one nor ignored.
     */
    public ParamSpec formerly(String... oldNames) {
        List<String> all = new java.util.ArrayList<>(formerNames);
        all.addAll(List.of(oldNames));
        return new ParamSpec(name, type, defaultValue, description, min, max, choices, all);
    }

    /** Checks {@code value} and returns it in canonical form; throws {@link InputException} naming what is allowed. */
    public String validate(String owner, String value) {
        String v = value.trim();
        switch (type) {
            case INT -> {
                long x;
                try {
                    x = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw bad(owner, value, "an integer in [" + (long) min + ", " + (long) max + "]");
                }
                if (x < min || x > max) {
                    throw bad(owner, value, "an integer in [" + (long) min + ", " + (long) max + "]");
                }
                return Long.toString(x);
            }
            case DOUBLE -> {
                double x;
                try {
                    x = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw bad(owner, value, "a number in [" + min + ", " + max + "]");
                }
                if (!(x >= min && x <= max)) {
                    throw bad(owner, value, "a number in [" + min + ", " + max + "]");
                }
                return Double.toString(x);
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw bad(owner, value, "true or false");
                }
                return v.toLowerCase();
            }
            default -> {
                if (!choices.isEmpty() && !choices.contains(v)) {
                    throw bad(owner, value, "one of " + String.join(", ", choices));
                }
                return v;
            }
        }
    }

    /** "name (type, default d): description", for help texts. */
    public String describe() {
        String range = switch (type) {
            case INT -> "integer in [" + (long) min + ", " + (long) max + "]";
            case DOUBLE -> "number in [" + min + ", " + max + "]";
            case BOOLEAN -> "true|false";
            case STRING -> choices.isEmpty() ? "text" : String.join("|", choices);
        };
        String former = formerNames.isEmpty() ? "" : "; formerly " + String.join(", ", formerNames);
        return name + " (" + range + ", default " + defaultValue + former + "): " + description;
    }

    private InputException bad(String owner, String value, String allowed) {
        return new InputException(owner + ": parameter '" + name + "' = '" + value + "' is invalid; expected " + allowed);
    }
}
