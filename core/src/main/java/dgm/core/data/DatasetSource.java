package dgm.core.data;

import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.util.List;

/** Something that can produce a {@link Dataset} by id, with declared parameters ({@code --set data.KEY=VALUE}). */
public interface DatasetSource {

    String id();

    /** One line: what it is and where it comes from. */
    String description();

    /** Whether it needs nothing outside the project (no file the user must supply). */
    boolean builtIn();

    List<ParamSpec> params();

    /**
     * Checks, without loading, that the files the dataset needs with {@code params} are where it
     * looks for them; throws {@link dgm.core.InputException} naming what is missing and where it
     * looked. Built-in data needs nothing (a cluster's executors check this before a sweep).
     */
    default void checkReachable(Params params) {
    }

    /** Loads or generates the splits; randomness (sampling, dequantisation) from {@code seeds}. */
    Dataset load(Params params, Seeds seeds);
}
