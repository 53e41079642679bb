package dgm.core.baselines;

import static dgm.core.baselines.BaselineTesting.dequantised;
import static dgm.core.baselines.BaselineTesting.fitModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every baseline keeps beyond the model contracts (sampling, save/load, fit determinism,
 * normalisation and the rest: {@link BaselineContractTest}): registration, parameter validation
 * and 64-D dequantised data.
 */
class AllBaselinesTest {
    private static final List<String> IDS = List.of("gaussian", "gmm-diag", "gmm-full", "histogram", "kde");

    @Test
    void theFamilyIsFoundByServiceLoaderWithItsFiveIds() {
        ModelRegistry reg = ModelRegistry.load();
        for (String id : IDS) {
            assertEquals("baseline", reg.family(id));
            assertEquals(Capability.EXACT_DENSITY, reg.spec(id).capability());
        }
        assertEquals(IDS, BaselineTesting.FAMILY.models().stream().map(ModelSpec::id).toList());
        for (ModelSpec s : BaselineTesting.FAMILY.models()) {
            for (ParamSpec p : s.params()) { // every default is valid against its own range
                assertEquals(p.validate(s.id(), p.defaultValue()), p.defaultValue(), s.id() + "." + p.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void unknownParameterIsAnInputErrorNamingTheAllowedOnes(String id) {
        ModelSpec s = BaselineTesting.spec(id);
        InputException e = assertThrows(InputException.class,
                () -> Params.resolve(id, s.params(), Map.of("no_such_param", "1")));
        assertTrue(e.getMessage().contains("no_such_param"), e.getMessage());
        assertTrue(e.getMessage().contains(s.params().get(0).name()), e.getMessage());
    }

    /**
     * 64-D dequantised data shaped like the digits (L = 17, many near-constant pixels, 400 rows to
     * stay fast): every baseline fits and gives finite held-out log-densities.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian", "gmm-diag", "gmm-full", "histogram", "kde"})
    void sixtyFourDimensionalDequantisedDataWorks(String id) {
        Dataset dq = dequantised(17, digitsLike(400, 1), digitsLike(100, 2));
        DensityModel m = fitModel(id, dq, Map.of("k", "3").entrySet().stream()
                .filter(e -> BaselineTesting.spec(id).params().stream().anyMatch(p -> p.name().equals(e.getKey())))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), 1);
        double[] lp = Arrays2.toVector(m.logProb(Arrays2.matrix(digitsLike(100, 3))));
        double mean = BaselineTesting.mean(lp);
        assertTrue(Double.isFinite(mean), id + ": " + mean);
        // No density on [0,17)^64 beats the uniform (−64 ln 17 = −181.3) by being wrong; all of these
        // should beat it on data this structured.
        assertTrue(mean > -64 * Math.log(17), id + ": " + mean);
    }

    /** Integer "pixels" in 0..16: a few stroke patterns plus noise, edge pixels mostly 0. */
    static double[][] digitsLike(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] proto = new Rng(99).gaussian(4, 64);
        double[][] y = new double[n][64];
        for (int i = 0; i < n; i++) {
            double[] p = proto[i % 4];
            for (int j = 0; j < 64; j++) {
                boolean edge = j % 8 == 0 || j % 8 == 7;
                double v = edge ? 0.3 * Math.abs(rng.gaussian()) : 8 + 5 * p[j] + 2 * rng.gaussian();
                y[i][j] = Math.max(0, Math.min(16, Math.rint(v))) + rng.uniform();
            }
        }
        return y;
    }

}
