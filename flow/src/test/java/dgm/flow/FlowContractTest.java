package dgm.flow;

import dgm.core.contracts.DensityModelContract;
import dgm.core.contracts.ModelSubject;
import dgm.core.data.Dataset;
import dgm.core.model.ModelSpec;
import dgm.core.rng.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flow id under the generative and density contracts (core's test-jar, dgm.core.contracts):
 * each fitted through the registry on 500 moons points for 30 steps with two small layers, plus
 * 3-D RealNVP and IAF with a random permutation and a learned diagonal base, plus every id at random
 * parameters.
 */
class FlowContractTest implements DensityModelContract {

    private static final Dataset MOONS = ModelSubject.toy("moons", 500);

    private static final List<ModelSubject> SUBJECTS = subjects(MOONS);

    private static List<ModelSubject> subjects(Dataset moons) {
        List<ModelSubject> s = new ArrayList<>();
        for (ModelSpec spec : new FlowFamily().models()) {
            s.add(ModelSubject.fitted(spec.id(), moons, small(spec, Map.of())));
        }
        Dataset gaussian3 = gaussian3d();
        for (String id : List.of("realnvp", "iaf")) {
            ModelSpec spec = new FlowFamily().models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
            s.add(ModelSubject.fitted(id, gaussian3, small(spec, Map.of("permutation", "random", "base", "diagonal")))
                    .named(id + " (3-D, random permutation, diagonal base)"));
        }
        for (String id : List.of("realnvp", "nice", "maf", "iaf", "nsf", "nsf-ar", "glow", "planar", "radial")) {
            s.add(random(id));
        }
        return List.copyOf(s);
    }

    /**
     * {@link FlowModelTest#randomFlow}: 2-D, three layers (width 8, ActNorm, log-scale bound 1 where the
     * id has them), no standardisation, every parameter ~ N(0, 0.3²) — a generic point, far from the
     * near-identity initialisation a short fit stays at. Moderate: large random spline parameters
     * make spikes narrower than any grid.
     */
    private static ModelSubject random(String id) {
        Map<String, String> o = new HashMap<>(Map.of("layers", "3", "standardize", "false"));
        if (!id.equals("planar") && !id.equals("radial")) {
            o.put("hidden", "8");
            o.put("actnorm", "true");
        }
        if (id.equals("realnvp") || id.equals("maf") || id.equals("iaf") || id.equals("glow")) {
            o.put("scale_bound", "1.0");
        }
        Rng rng = new Rng(3);
        double[][] points = rng.gaussian(200, 2);
        return ModelSubject.built(id + " at random parameters", TestData.dataset("normal-2d", points, points, points),
                () -> FlowModelTest.randomFlow(id, 2, o, 3, 0.3));
    }

    /** Two layers of width 8 (for ids with conditioners), 30 steps of batch 128, plus {@code extra}. */
    private static Map<String, String> small(ModelSpec spec, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("layers", "2", "max_steps", "30", "batch", "128"));
        if (spec.params().stream().anyMatch(p -> p.name().equals("hidden"))) {
            o.put("hidden", "8");
        }
        o.putAll(extra);
        return o;
    }

    /** 3-D correlated Gaussian data centred at (1, 2, 3) with scales up to 6 (so the standardisation is not trivial). */
    private static Dataset gaussian3d() {
        Rng rng = new Rng(7);
        double[][][] splits = new double[3][][];
        for (int k = 0; k < 3; k++) {
            double[][] x = new double[k == 0 ? 500 : 200][3];
            for (double[] r : x) {
                double a = rng.gaussian();
                double b = rng.gaussian();
                double c = rng.gaussian();
                r[0] = 1 + 4 * a;
                r[1] = 2 + 5 * (0.6 * a + 0.8 * b);
                r[2] = 3 + 6 * (0.3 * b + 0.95 * c);
            }
            splits[k] = x;
        }
        return TestData.dataset("gaussian-3d", splits[0], splits[1], splits[2]);
    }

    @Override
    public String family() {
        return "flow";
    }

    @Override
    public List<ModelSubject> subjects() {
        return SUBJECTS;
    }
}
