package dgm.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MetricContractModels;
import dgm.core.data.Dataset;
import dgm.core.data.ToyDataset;
import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.DensityModel;
import dgm.core.model.ImplicitModel;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator against models whose answers are known: the true distribution itself, and a shifted copy. */
class EvaluatorTest {
    /** The data distribution as a model, optionally shifted by (dx, 0): q(x) = p(x − shift). */
    static DensityModel oracle(ToyDistribution p, double dx) {
        return MetricContractModels.shiftedDensity(p, dx);
    }

    static Dataset data(String toy) {
        ToyDataset src = new ToyDataset(Toys.byId(toy).orElseThrow());
        return src.load(Params.resolve(toy, src.params(), Map.of("n_train", "2000", "n_val", "500", "n_test", "4000")), new Seeds(3));
    }

    static final EvalOptions FAST = new EvalOptions(10, 20_000, 2000, 600, 50);

    @Test
    void theTrueDistributionHasZeroGapAndEntropyLevelNll() {
        Dataset d = data("8gaussians");
        Map<String, Estimate> m = Evaluator.byId(new Evaluator(FAST).evaluate(d, oracle(d.truth().get(), 0), new Seeds(1), (f, s) -> { }));
        assertEquals(0.0, m.get("nll_gap").value(), 0.0, "log p − log q is identically 0 for q = p");
        assertEquals(Kind.EXACT, m.get("test_nll").kind());
        Estimate nll = m.get("test_nll");
        Estimate h = m.get("true_entropy");
        double se = Math.hypot(nll.standardError(), h.standardError());
        assertEquals(h.value(), nll.value(), 4 * se, "test NLL of the truth estimates H(p)");
        assertEquals(nll.value() / (2 * Math.log(2)), m.get("bits_per_dim").value(), 1e-12);
        assertTrue(m.get("mmd_p_value").value() > 0.01, "same distribution: the MMD test should not reject");
        assertEquals(0.5, m.get("c2st_accuracy").value(), 0.06);
        assertEquals(1.0, m.get("mode_coverage").value(), 0.0);
    }

    @Test
    void aShiftedModelHasPositiveGapAndIsDetected() {
        Dataset d = data("8gaussians");
        Map<String, Estimate> m = Evaluator.byId(new Evaluator(FAST).evaluate(d, oracle(d.truth().get(), 0.3), new Seeds(1), (f, s) -> { }));
        Estimate gap = m.get("nll_gap");
        assertTrue(gap.value() > 10 * gap.standardError() && gap.value() > 0.1, "gap " + gap);
        assertTrue(m.get("mmd_p_value").value() < 0.05);
        assertTrue(m.get("c2st_accuracy").value() > 0.55, "1-NN accuracy " + m.get("c2st_accuracy"));
    }

    @Test
    void anImplicitModelGetsNoLikelihood() {
        Dataset d = data("moons");
        ToyDistribution p = d.truth().get();
        ImplicitModel sampler = MetricContractModels.shiftedSampler(p, 0);
        Map<String, Estimate> m = Evaluator.byId(new Evaluator(FAST).evaluate(d, sampler, new Seeds(1), (f, s) -> { }));
        assertFalse(m.containsKey("test_nll"));
        assertFalse(m.containsKey("nll_gap"));
        assertTrue(m.containsKey("true_entropy") && m.containsKey("mmd"));
    }
}
