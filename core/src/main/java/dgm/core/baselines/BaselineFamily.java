package dgm.core.baselines;

import dgm.core.model.ModelFamily;
import dgm.core.model.ModelSpec;
import java.util.List;

/**
 * The classical density baselines, family {@code baseline}: {@code gaussian}, {@code gmm-diag},
 * {@code gmm-full}, {@code histogram} and {@code kde}. Each is a {@link dgm.core.model.DensityModel}
 * with an exact, normalised log-density in nats, fitted on the training split only (validation only
 * where a hyper-parameter is chosen: the KDE bandwidth, the mixtures' k), so every deep model has a floor whose
 * behaviour a reviewer already knows.
 */
public final class BaselineFamily implements ModelFamily {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public List<ModelSpec> models() {
        return List.of(
                GaussianModel.spec(),
                GaussianMixtureModel.spec(false),
                GaussianMixtureModel.spec(true),
                HistogramModel.spec(),
                KdeModel.spec());
    }
}
