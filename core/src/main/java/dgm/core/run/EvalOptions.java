package dgm.core.run;

import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import java.util.List;

/**
 * How a trained model is evaluated ({@code --set eval.KEY=VALUE}).
 *
 * @param iwaeK          importance samples for a latent-variable model's bound
 * @param entropySamples Monte Carlo samples for the true entropy of a toy
 * @param sampleCount    model samples drawn for the sample metrics (capped at the test size for the
 *                       two-sample metrics, which compare equal-sized sets)
 * @param metricPoints   at most this many points per side for the O(n²) two-sample metrics
 * @param permutations   permutations for the MMD test's p-value
 */
public record EvalOptions(int iwaeK, int entropySamples, int sampleCount, int metricPoints, int permutations) {

    public static List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("iwae_k", 1000, 1, 100_000, "importance samples for the IWAE bound of latent-variable models"),
                ParamSpec.integer("entropy_samples", 200_000, 1000, 100_000_000, "Monte Carlo samples for the true entropy H(p) of a toy"),
                ParamSpec.integer("samples", 10_000, 100, 10_000_000, "model samples drawn for sample metrics"),
                ParamSpec.integer("metric_points", 2000, 50, 100_000, "points per side for the O(n²) two-sample metrics (MMD, energy, k-NN)"),
                ParamSpec.integer("permutations", 200, 0, 100_000, "permutations for the MMD p-value"));
    }

    public static EvalOptions from(Params p) {
        return new EvalOptions(p.integer("iwae_k"), p.integer("entropy_samples"), p.integer("samples"),
                p.integer("metric_points"), p.integer("permutations"));
    }
}
