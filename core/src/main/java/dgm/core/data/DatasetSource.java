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

    /** Loads or generates the splits; randomness (sampling, dequantisation) from {@code seeds}. */
    Dataset load(Params params, Seeds seeds);
}
