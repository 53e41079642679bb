package dgm.flow.variational;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.TrainingListener;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Longer reverse-KL fits on U1–U4 (planar/radial: 32 layers, 6,000 steps; couplings: 8 layers,
 * 3,000 steps); prints the gap to −log Z on [−4, 4]². With box 4 the
 * model is confined to the box, so the gap must be ≥ 0 (up to Monte Carlo error); without it, U2–U4
 * can go below −log Z_box by putting mass outside the box.
 */
@Tag("slow")
class ReverseKlSlowTest {

    @ParameterizedTest
    @CsvSource({"planar,U1,0", "planar,U2,4", "planar,U3,4", "planar,U4,4", "radial,U1,0", "radial,U1,4",
            "radial,U2,4", "radial,U3,4", "radial,U4,4", "nsf,U1,4", "nsf,U2,4", "nsf,U3,4", "nsf,U4,4",
            "realnvp,U3,4", "realnvp,U4,4", "iaf,U1,4", "iaf,U2,4", "iaf,U3,4", "iaf,U4,4"})
    void fitsTheEnergy(String id, String energyName, String box) {
        Energy u = Energies.named(energyName);
        double logZ = Energies.logPartition(u, -4, 4, 1000);
        var spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        boolean stack = id.equals("planar") || id.equals("radial");
        Map<String, String> cfg = Params.resolve(id, spec.params(), Map.of("layers", stack ? "32" : "8",
                "standardize", "false", "box", box)).asMap();
        FlowModel m = Architectures.build(id, cfg, 2, new Rng(7)).model();
        ReverseKl.Outcome r = ReverseKl.fit(m, u, new ReverseKl.Options(stack ? 6000 : 3000, 256, stack ? 5e-3 : 1e-3,
                "cosine", 10), new Rng(8), TrainingListener.NONE);
        double gap = r.finalLoss().value() + logZ;
        System.out.printf("RESULT %s (box %s) on %s: loss %.4f ± %.4f, −log Z[−4,4]² %.4f, gap %.4f; %s%n", id, box,
                energyName, r.finalLoss().value(), r.finalLoss().standardError(), -logZ, gap, r.detail());
        assertTrue(Double.isFinite(gap));
        if (!box.equals("0")) {
            assertTrue(gap > -3 * r.finalLoss().standardError() - 2e-3, "below the bound: " + gap);
        }
    }
}
