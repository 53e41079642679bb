package dgm.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.Dataset;
import dgm.core.data.toy.Toys;
import dgm.core.contracts.MetricContractModels;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.rng.Seeds;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric catalogue built from its providers: ids, order, refusals, and the evaluator's checks of what groups report. */
class MetricCatalogTest {

    static Metric metric(String id) {
        return Metric.of(id, Unit.COUNT, Split.TEST, Kind.ESTIMATE, Direction.LOWER, Table.NONE, NullValue.of(0), "a test metric");
    }

    /** A group that declares {@code metrics} and reports {@code reports}, right or wrong. */
    record Reporting(List<Metric> metrics, List<Evaluator.Measured> reports) implements MetricGroup {
        @Override
        public List<Evaluator.Measured> compute(EvaluationContext context) {
            return reports;
        }
    }

    record Provider(String name, List<MetricGroup> groups) implements MetricProvider {
    }

    static MetricGroup declaring(String... ids) {
        return new MetricGroup.Recorded("a test", java.util.Arrays.stream(ids).map(MetricCatalogTest::metric).toList());
    }

    @Test
    void theStandardCatalogueHasEveryIdOnceInCatalogueOrder() {
        List<String> ids = MetricCatalog.standard().all().stream().map(Metric::id).toList();
        assertEquals(List.of("test_nll", "bits_per_dim", "iwae_k", "true_entropy", "nll_gap", "elbo_nll", "val_nll", "train_nll",
                "train_seconds", "samples_per_second", "parameters", "mmd", "mmd_small_bw", "mmd_p_value", "energy_distance",
                "sliced_wasserstein", "c2st_accuracy", "precision", "recall", "density", "coverage", "classifier_accuracy", "feature_fd",
                "feature_precision", "feature_recall", "feature_density", "feature_coverage", "classifier_score", "class_spread",
                "kde_log_likelihood", "mode_coverage", "high_quality_fraction", "nn_train_distance", "nn_train_distance_ratio", "reverse_kl_loss",
                "neg_log_z", "reverse_kl_gap"), ids);
    }

    @Test
    void theReportColumnsComeFromTheDeclaredTables() {
        MetricCatalog c = MetricCatalog.standard();
        assertEquals(List.of("test_nll", "bits_per_dim", "nll_gap", "elbo_nll", "train_seconds", "samples_per_second", "parameters"),
                c.columns(Table.FIT));
        assertEquals(List.of("mmd", "mmd_small_bw", "mmd_p_value", "energy_distance", "sliced_wasserstein", "c2st_accuracy", "precision",
                "recall", "density", "coverage", "mode_coverage", "high_quality_fraction", "nn_train_distance_ratio"), c.columns(Table.SAMPLES));
        assertEquals(List.of("feature_fd", "feature_precision", "feature_recall", "feature_density", "feature_coverage", "classifier_score",
                "class_spread", "kde_log_likelihood"), c.columns(Table.FEATURES));
    }

    @Test
    void anUnknownIdIsRefusedNamingTheAllowedOnes() {
        InputException e = assertThrows(InputException.class, () -> MetricCatalog.require("fid"));
        assertTrue(e.getMessage().startsWith("unknown metric id 'fid'; allowed: test_nll, bits_per_dim, iwae_k,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("neg_log_z, reverse_kl_gap"), e.getMessage());
        assertEquals("unknown metric id 'b'; allowed: a", assertThrows(InputException.class,
                () -> new MetricCatalog(List.of(new Provider("p", List.of(declaring("a"))))).metric("b")).getMessage());
    }

    @Test
    void anIdDeclaredTwiceIsRefusedNamingTheProviders() {
        IllegalStateException across = assertThrows(IllegalStateException.class, () -> new MetricCatalog(List.of(
                new Provider("one", List.of(declaring("a", "b"))), new Provider("two", List.of(declaring("c", "b"))))));
        assertEquals("metric id 'b' is declared twice (by metric provider one and by two)", across.getMessage());
        IllegalStateException within = assertThrows(IllegalStateException.class, () -> new MetricCatalog(List.of(
                new Provider("one", List.of(declaring("a"), declaring("a"))))));
        assertEquals("metric id 'a' is declared twice (by metric provider one and by one)", within.getMessage());
    }

    @Test
    void providersAreTakenInTheOrderOfTheirNamesAndGroupsInTheirOwn() {
        MetricCatalog c = new MetricCatalog(List.of(new Provider("zeta", List.of(declaring("z1"), declaring("z2"))),
                new Provider("alpha", List.of(declaring("a2", "a1")))));
        assertEquals(List.of("a2", "a1", "z1", "z2"), c.all().stream().map(Metric::id).toList());
        assertEquals(List.of("a2", "z1", "z2"), c.groups().stream().map(g -> g.metrics().get(0).id()).toList());
    }

    private static List<Evaluator.Measured> evaluate(MetricGroup g) {
        Dataset d = MetricContractModels.toy(Toys.byId("moons").orElseThrow(), 50, 1);
        Evaluator e = new Evaluator(new EvalOptions(1, 1000, 100, 50, 0), new MetricCatalog(List.of(new Provider("p", List.of(g)))));
        return e.evaluate(d, MetricContractModels.shiftedSampler(Toys.byId("moons").orElseThrow(), 0), new Seeds(0), (f, s) -> { });
    }

    @Test
    void theEvaluatorRefusesAnUndeclaredIdOrKind() {
        Estimate one = new Estimate(1, 0, 1, Kind.ESTIMATE);
        assertEquals(1, evaluate(new Reporting(List.of(metric("a")), List.of(new Evaluator.Measured("a", one)))).size());
        IllegalStateException undeclared = assertThrows(IllegalStateException.class,
                () -> evaluate(new Reporting(List.of(metric("a")), List.of(new Evaluator.Measured("b", one)))));
        assertEquals("a metric group reported 'b', which it does not declare (it declares [a])", undeclared.getMessage());
        IllegalStateException kind = assertThrows(IllegalStateException.class, () -> evaluate(new Reporting(List.of(metric("a")),
                List.of(new Evaluator.Measured("a", new Estimate(1, 0, 1, Kind.EXACT))))));
        assertEquals("metric 'a' reported as exact; it declares [estimate]", kind.getMessage());
    }

    @Test
    void aDeclarationStatesEverything() {
        assertThrows(IllegalArgumentException.class, () -> Metric.of("Bad-Id", Unit.COUNT, Split.TEST, Kind.EXACT, Direction.LOWER,
                Table.NONE, NullValue.of(0), "x"));
        assertThrows(IllegalArgumentException.class, () -> Metric.of("a", Unit.COUNT, Split.TEST, Kind.EXACT, Direction.LOWER,
                Table.NONE, NullValue.of(0), " "));
        assertThrows(IllegalArgumentException.class, () -> new Metric("a", Unit.COUNT, Split.TEST, java.util.Set.of(), Direction.LOWER,
                Table.NONE, NullValue.of(0), "x"));
        assertThrows(IllegalArgumentException.class, () -> NullValue.none(""));
        assertThrows(IllegalArgumentException.class, () -> NullValue.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new NullValue(NullValue.Type.P_VALUE, 0.5, ""));
        assertThrows(IllegalArgumentException.class, () -> Direction.target(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Direction(Direction.Type.LOWER, 1));
    }

    @Test
    void aDirectionScoresSmallerForBetter() {
        assertEquals(-3, Direction.HIGHER.score(3));
        assertEquals(3, Direction.LOWER.score(3));
        assertEquals(0.25, Direction.target(0.5).score(0.25));
        assertEquals(0.25, Direction.target(0.5).score(0.75));
        assertTrue(Double.isNaN(Direction.NONE.score(1)) && !Direction.NONE.ordered() && Direction.LOWER.ordered());
    }
}
