package dgm.core.data;

import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.util.List;
import java.util.Optional;

/**
 * A 2-D toy as a dataset: independent train, validation and test samples drawn from the exact
 * distribution with separate named seeds; the distribution itself travels along as {@code truth}.
 */
public final class ToyDataset implements DatasetSource {
    private final ToyDistribution toy;

    public ToyDataset(ToyDistribution toy) {
        this.toy = toy;
    }

    @Override
    public String id() {
        return toy.id();
    }

    @Override
    public String description() {
        return toy.description() + " (2-D, exact density known)";
    }

    @Override
    public boolean builtIn() {
        return true;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("n_train", 20000, 10, 10_000_000, "training points"),
                ParamSpec.integer("n_val", 5000, 10, 10_000_000, "validation points"),
                ParamSpec.integer("n_test", 10000, 10, 10_000_000, "test points"));
    }

    @Override
    public Dataset load(Params p, Seeds seeds) {
        double[][] tr = toy.sample(p.integer("n_train"), seeds.rng("train"));
        double[][] va = toy.sample(p.integer("n_val"), seeds.rng("validation"));
        double[][] te = toy.sample(p.integer("n_test"), seeds.rng("test"));
        return new Dataset(toy.id(), toy.description(), DataKind.CONTINUOUS, 0,
                "synthetic: " + toy.description() + " (FFJORD toy_data.py definition)", tr, va, te,
                Optional.of(toy), toy.modes());
    }
}
