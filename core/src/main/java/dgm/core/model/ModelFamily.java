package dgm.core.model;

import java.util.List;

/**
 * A family of models (baselines, flows, VAEs, f-GANs), found at run time through
 * {@link java.util.ServiceLoader}: each module lists its implementation in
 * {@code META-INF/services/dgm.core.model.ModelFamily}, so nothing keeps a hand-written switch.
 */
public interface ModelFamily {

    /** Short family name, e.g. {@code baseline}, {@code flow}. */
    String name();

    List<ModelSpec> models();
}
