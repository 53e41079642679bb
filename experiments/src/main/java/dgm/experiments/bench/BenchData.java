package dgm.experiments.bench;

import dgm.core.data.toy.Moons;
import dgm.core.rng.Rng;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import dgm.flow.bijector.Bijector;
import dgm.flow.bijector.Composite;
import dgm.flow.bijector.Coupling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded inputs shared by the benchmarks: data, flows in the reference configuration of
 * docs/performance.md, and the step benchmarks' training options. Everything here runs in
 * {@code @Setup}, never inside a measured method.
 */
final class BenchData {
    private BenchData() {
    }

    /**
     * n points of dimension d: the two moons for d = 2 (the reference data set), a standard normal
     * otherwise. The costs measured here do not depend on the data's shape except through the
     * spline tails (points outside ±tail_bound take the cheap identity branch), and both of these
     * keep nearly all points inside them.
     */
    static double[][] points(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        return d == 2 ? new Moons().sample(n, rng) : rng.gaussian(n, d);
    }

    /**
     * A flow as the reference configuration (docs/performance.md) has it: {@code layers} coupling (or MADE) layers with conditioners of
     * {@code depth} hidden layers of width {@code hidden}, ReLU, no ActNorm (except for glow, where
     * it is part of every step) and no standardisation, so the network is the reference's
     * d→hidden→hidden→2d-sized one. Parameters are then jittered with a seeded N(0, 0.05²) so the
     * layers are not the identity they start as.
     */
    static FlowModel flow(String id, int d, int hidden, long seed) {
        return flow(id, d, 4, hidden, 2, id.equals("glow") ? null : Boolean.FALSE, seed);
    }

    /**
     * As {@link #flow(String, int, int, long)} with {@code layers} layers, conditioners of
     * {@code depth} hidden layers, and ActNorm before each layer as {@code actnorm} says (null: the
     * model's default).
     */
    static FlowModel flow(String id, int d, int layers, int hidden, int depth, Boolean actnorm, long seed) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("layers", Integer.toString(layers));
        overrides.put("hidden", Integer.toString(hidden));
        overrides.put("depth", Integer.toString(depth));
        overrides.put("standardize", "false");
        if (actnorm != null) {
            overrides.put("actnorm", actnorm.toString());
        }
        var specs = new FlowFamily().models().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no flow model " + id)).params();
        Map<String, String> config = dgm.core.model.Params.resolve(id, specs, overrides).asMap();
        FlowModel m = Architectures.build(id, config, d, new Rng(seed)).model();
        Rng jitter = new Rng(seed + 1);
        double[] v = m.params().values();
        for (int k = 0; k < v.length; k++) {
            v[k] += 0.05 * jitter.gaussian();
        }
        return m;
    }

    /** Training options for a step benchmark: batch {@code batch}, constant learning rate, clipping at {@code clip}, no end. */
    static dgm.core.train.TrainingOptions endless(int batch, double clip) {
        return dgm.core.train.TrainingOptions.iterations(1L << 40, batch, "constant", clip, Integer.MAX_VALUE);
    }

    /**
     * The layer sizes of every coupling's conditioner in {@code flow}, in the order the flow applies
     * them (the shapes the BLAS-only and elementwise baselines reproduce).
     */
    static List<int[]> conditionerSizes(FlowModel flow, String id) {
        List<int[]> nets = new ArrayList<>();
        collect(flow.flow(), nets);
        if (nets.isEmpty()) {
            throw new IllegalArgumentException(id + " has no coupling conditioners to take the shapes from");
        }
        return nets;
    }

    private static void collect(Bijector b, List<int[]> out) {
        if (b instanceof Composite c) {
            for (Bijector s : c.stages()) {
                collect(s, out);
            }
        } else if (b instanceof Coupling c) {
            out.add(c.conditioner().sizes());
        }
    }
}
