package dgm.core.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dgm.core.data.Dataset;
import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.GenerativeModel;
import dgm.core.rng.Seeds;
import dgm.core.run.EvalOptions;
import dgm.core.run.EvaluationContext;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.MetricCatalog;
import dgm.core.run.MetricGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every registered metric meets, run over every metric of a {@link MetricCatalog} (by
 * default the providers on the class path, so a new registration is covered without touching this
 * class). Subclass it in a module's tests (core: {@code MetricContractTest}) and add that module's
 * hand-computed cases.
 *
 * <p>Set-up: {@value #REPLICATIONS} replications r, each with its own 8gaussians data ({@value #N}
 * points per split, data seed 1000 + r, labelled by nearest mode for the metrics of a labelled
 * dataset's reference classifier, which is trained on each replication's training split) and
 * evaluation seeds r; in each, the model is the data
 * distribution itself ("null") and the same distribution moved by {@value #SHIFT} along the first
 * axis ("shifted", about 5.7 component standard deviations: far enough that even mode coverage,
 * which counts a mode covered by any sample within 3 sd, must drop). The models are exact (density,
 * latent-variable with a known bound, sampler: {@link MetricContractModels}); each group is evaluated
 * with the first model kind that yields the ids it has not yet shown.
 *
 * <p>Checks, on the means over replications, with se = sd over replications / √R (the spread of the
 * data and of the metric's own randomness together, so no metric's own standard error, some of
 * which hold the data fixed, is trusted) and Z = {@value #Z} (a correct metric fails a check with
 * probability ≈ 6·10⁻⁵ by the normal approximation):
 * <ul>
 *   <li>declared null value v: |mean_null − v| ≤ Z·se_null. The limits declared for finite-size
 *       expectations are within a tenth of that at n = {@value #N}: the 1-NN accuracy's E = (n − 1)/(2n − 1)
 *       is 8·10⁻⁴ below ½, coverage's E = 1 − Π(n − i)/(2n − i) is 8·10⁻⁴ above 1 − 2^−5, and their
 *       tolerances came out at 0.016 and 0.014;</li>
 *   <li>declared null value v: |mean_shifted − v| − |mean_null − v| &gt; Z·√(se_null² + se_shifted²);</li>
 *   <li>a p-value: mean_null within Z·se_null of ½ (uniform), mean_shifted below mean_null by
 *       Z·√(se_null² + se_shifted²) and at most 0.05;</li>
 *   <li>an ordered direction: the shifted model scores worse by Z·√(se_null² + se_shifted²);</li>
 *   <li>every id a group reports is one it declares, with one of its declared kinds, and every
 *       metric the evaluator computes is reported by some model kind;</li>
 *   <li>a metric with no null value and no direction passes after naming its reason (declared in
 *       {@link NullValue#none}); a measured metric (time, throughput) is not a function of the
 *       distributions and is exempt, by its kind.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MetricContract {
    public static final int N = 300;
    public static final int REPLICATIONS = 16;
    public static final int PERMUTATIONS = 99;
    public static final double SHIFT = 2.0;
    public static final double Z = 4.0;

    /** The catalogue whose metrics are checked. */
    protected MetricCatalog catalog() {
        return MetricCatalog.standard();
    }

    /** This module's hand-computed cases. */
    protected List<MetricContractCase> handCases() {
        return List.of();
    }

    /** The model kinds tried in turn: q(x) = p(x − (δ, 0)) as a density, latent-variable and implicit model. */
    private static final List<Map.Entry<String, DoubleFunction<GenerativeModel>>> MODELS = List.of(
            Map.entry("density", d -> MetricContractModels.shiftedDensity(truth(), d)),
            Map.entry("latent", d -> MetricContractModels.shiftedLatent(truth(), d)),
            Map.entry("implicit", d -> MetricContractModels.shiftedSampler(truth(), d)));

    private static ToyDistribution truth() {
        return Toys.byId("8gaussians").orElseThrow();
    }

    /** The values of one metric over the replications, and the model kind they came from. */
    record Observed(String model, double[] nullValues, double[] shiftedValues) {
    }

    private Map<String, Observed> observed;
    private final Set<String> violations = new LinkedHashSet<>();

    private synchronized Map<String, Observed> observed() {
        if (observed != null) {
            return observed;
        }
        Map<String, Observed> out = new LinkedHashMap<>();
        EvalOptions options = new EvalOptions(8, 20_000, N, N, PERMUTATIONS);
        for (var model : MODELS) {
            List<MetricGroup> pending = new ArrayList<>();
            for (MetricGroup g : catalog().groups()) {
                if (!(g instanceof MetricGroup.Recorded) && g.metrics().stream().anyMatch(m -> !out.containsKey(m.id()))) {
                    pending.add(g);
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            Map<String, double[][]> values = new LinkedHashMap<>();
            for (int r = 0; r < REPLICATIONS; r++) {
                Dataset data = MetricContractModels.labelledByModes(MetricContractModels.toy(truth(), N, 1000 + r));
                EvaluationContext[] contexts = {
                    new EvaluationContext(data, model.getValue().apply(0), options, new Seeds(r)),
                    new EvaluationContext(data, model.getValue().apply(SHIFT), options, new Seeds(r))};
                for (MetricGroup g : pending) {
                    for (int side = 0; side < 2; side++) {
                        for (Measured m : g.compute(contexts[side])) {
                            if (!declares(g, m) || out.containsKey(m.metric())) {
                                continue;
                            }
                            values.computeIfAbsent(m.metric(), k -> new double[2][REPLICATIONS])[side][r] = m.estimate().value();
                        }
                    }
                }
            }
            values.forEach((id, v) -> out.put(id, new Observed(model.getKey(), v[0], v[1])));
        }
        observed = out;
        return out;
    }

    private boolean declares(MetricGroup g, Measured m) {
        for (Metric d : g.metrics()) {
            if (d.id().equals(m.metric())) {
                if (!d.kinds().contains(m.estimate().kind())) {
                    violations.add(m.metric() + " reported as " + m.estimate().kind().label() + ", declared " + d.kinds());
                }
                return true;
            }
        }
        violations.add("a group declaring " + g.metrics().stream().map(Metric::id).toList() + " reported " + m.metric());
        return false;
    }

    @Test
    public void everyComputedMetricIsReportedWithItsDeclaredIdAndKind() {
        Map<String, Observed> seen = observed();
        assertTrue(violations.isEmpty(), String.join("; ", violations));
        for (MetricGroup g : catalog().groups()) {
            for (Metric m : g.metrics()) {
                if (g instanceof MetricGroup.Recorded) {
                    assertFalse(seen.containsKey(m.id()), m.id() + " is recorded elsewhere but was computed");
                } else {
                    assertTrue(seen.containsKey(m.id()), m.id() + " was reported for none of the model kinds " + MODELS.stream().map(Map.Entry::getKey).toList());
                }
            }
        }
    }

    @TestFactory
    public Stream<DynamicTest> nullValueAndShift() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MetricGroup g : catalog().groups()) {
            for (Metric m : g.metrics()) {
                tests.add(DynamicTest.dynamicTest(m.id() + ": " + describe(g, m), () -> check(g, m)));
            }
        }
        return tests.stream();
    }

    private static String describe(MetricGroup g, Metric m) {
        if (g instanceof MetricGroup.Recorded rec) {
            return "recorded by " + rec.recordedBy() + ", not computed by the evaluator";
        }
        if (m.kinds().equals(Set.of(Kind.MEASURED))) {
            return "measured, not a function of the distributions";
        }
        String shift = m.better().ordered() ? "; worse under the shift" : "";
        return switch (m.nullValue().type()) {
            case VALUE -> "≈ " + m.nullValue().value() + " for one distribution, away from it under the shift" + shift;
            case P_VALUE -> "a p-value: uniform for one distribution, small under the shift";
            case NONE -> "no null value (" + m.nullValue().why() + ")" + shift;
        };
    }

    private void check(MetricGroup g, Metric m) {
        if (g instanceof MetricGroup.Recorded || m.kinds().equals(Set.of(Kind.MEASURED))) {
            return;
        }
        Observed o = observed().get(m.id());
        if (o == null) {
            fail(m.id() + " was reported for none of the model kinds");
        }
        Stat x = new Stat(o.nullValues());
        Stat y = new Stat(o.shiftedValues());
        double combined = Math.hypot(x.se, y.se);
        String where = String.format(Locale.ROOT, " (%s model; null %s, shifted %s)", o.model(), x, y);
        NullValue nv = m.nullValue();
        switch (nv.type()) {
            case VALUE -> {
                double v = nv.value();
                assertTrue(Math.abs(x.mean - v) <= Z * x.se + 1e-12 * Math.max(1, Math.abs(v)),
                        m.id() + ": the null model's mean is not within " + Z + " se of the null value " + v + where);
                assertTrue(Math.abs(y.mean - v) - Math.abs(x.mean - v) > Z * combined,
                        m.id() + ": the shifted model is not clearly farther from " + v + where);
            }
            case P_VALUE -> {
                assertTrue(Math.abs(x.mean - 0.5) <= Z * x.se, m.id() + ": the null model's mean p-value is not ≈ ½" + where);
                assertTrue(y.mean < x.mean - Z * combined && y.mean <= 0.05, m.id() + ": the shifted model is not rejected" + where);
            }
            case NONE -> {
                // nothing to compare with: the reason is in the test's name (NullValue refuses a blank one)
            }
        }
        if (m.better().ordered()) {
            assertTrue(m.better().score(y.mean) - m.better().score(x.mean) > Z * combined,
                    m.id() + ": the shifted model does not score clearly worse by its direction " + m.better().type() + where);
        }
    }

    /** Mean and se = sd/√R over the replications. */
    private record Stat(double mean, double se) {
        Stat(double[] v) {
            this(mean(v), sd(v) / Math.sqrt(v.length));
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }

        private static double sd(double[] v) {
            double m = mean(v);
            double ss = 0;
            for (double x : v) {
                ss += (x - m) * (x - m);
            }
            return Math.sqrt(ss / (v.length - 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.6g ± %.3g", mean, se);
        }
    }

    @TestFactory
    public Stream<DynamicTest> handComputedCases() {
        return handCases().stream().map(c -> DynamicTest.dynamicTest(c.metric() + ": " + c.derivation(), () -> {
            Metric declared = catalog().metric(c.metric());
            MetricGroup group = catalog().groups().stream().filter(g -> g.metrics().contains(declared)).findFirst().orElseThrow();
            Estimate got = null;
            for (Measured m : group.compute(c.context().get())) {
                if (m.metric().equals(c.metric())) {
                    got = m.estimate();
                }
            }
            if (got == null) {
                fail(c.metric() + " was not reported for this case");
            }
            assertEquals(c.expected(), got.value(), c.tolerance(), c.metric() + ": " + c.derivation());
        }));
    }

    @Test
    public void handCasesNameRegisteredMetricsOnce() {
        Set<String> seen = new LinkedHashSet<>();
        for (MetricContractCase c : handCases()) {
            catalog().metric(c.metric());
            assertTrue(seen.add(c.metric() + "/" + c.derivation()), "hand case listed twice: " + c.metric() + " " + c.derivation());
        }
    }
}
