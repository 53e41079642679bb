package dgm.core.evaluation;

import dgm.core.data.ToyDistribution;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.model.LatentVariableModel;
import dgm.core.run.EvaluationContext;
import dgm.core.run.EvaluationContext.TestLikelihood;
import dgm.core.run.Evaluator;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The test split's likelihood and the true entropy it is compared with, from one pass of log q over
 * the test split ({@link EvaluationContext#testLikelihood()}): exact for density models, the IWAE
 * bound for latent-variable models (with the ELBO beside it), nothing for implicit models. Where the
 * data distribution is known (the toys), H(p) and the paired gap mean(log p − log q) = KL(p‖q).
 */
public final class LikelihoodMetrics implements MetricGroup {
    private static final String LEVEL_IS_ENTROPY = "its level is H(p) (true_entropy), not a constant; nll_gap is the comparison with a null value";

    public static final Metric TEST_NLL = new Metric("test_nll", Unit.NATS_PER_EXAMPLE, Split.TEST,
            EnumSet.of(Kind.EXACT, Kind.BOUND), Direction.LOWER, Table.FIT, NullValue.none(LEVEL_IS_ENTROPY),
            "mean −log q(x) over the test split; exact for density models, an upper bound (IWAE) for latent-variable models; "
                    + "on dequantised data an upper bound on the discrete NLL");
    public static final Metric BITS_PER_DIM = new Metric("bits_per_dim", Unit.BITS_PER_DIM, Split.TEST,
            EnumSet.of(Kind.EXACT, Kind.BOUND), Direction.LOWER, Table.FIT, NullValue.none(LEVEL_IS_ENTROPY),
            "test_nll / (d ln 2); same kind as test_nll");
    public static final Metric IWAE_K = Metric.of("iwae_k", Unit.SAMPLES, Split.TEST, Kind.EXACT, Direction.NONE, Table.NONE,
            NullValue.none("a setting of the bound, not a comparison"),
            "number of importance samples k behind a bound-kind test_nll");
    public static final Metric TRUE_ENTROPY = new Metric("true_entropy", Unit.NATS, Split.TRUTH,
            EnumSet.of(Kind.EXACT, Kind.ESTIMATE), Direction.NONE, Table.NONE, NullValue.none("a property of the data, not of the model"),
            "differential entropy H(p) of the true distribution: exact (checkerboard) or Monte Carlo on the exact density");
    public static final Metric NLL_GAP = new Metric("nll_gap", Unit.NATS, Split.TEST,
            EnumSet.of(Kind.ESTIMATE, Kind.BOUND), Direction.LOWER, Table.FIT, NullValue.of(0),
            "mean of log p(x) − log q(x) over the test split = estimate of KL(p‖q) ≥ 0 (toys only)");
    public static final Metric ELBO_NLL = Metric.of("elbo_nll", Unit.NATS_PER_EXAMPLE, Split.TEST, Kind.BOUND, Direction.LOWER,
            Table.FIT, NullValue.none("an upper bound: H(p) plus KL(p‖q) plus the bound's gap, which vanishes only for an exact posterior"),
            "−ELBO averaged over the test split (upper bound on the NLL, looser than IWAE)");

    @Override
    public List<Metric> metrics() {
        return List.of(TEST_NLL, BITS_PER_DIM, IWAE_K, TRUE_ENTROPY, NLL_GAP, ELBO_NLL);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        List<Measured> out = new ArrayList<>();
        Optional<TestLikelihood> likelihood = c.testLikelihood();
        if (c.model() instanceof LatentVariableModel lv) {
            double[] elbo = Evaluator.lowerBound(lv, c.data().test(), 1, c.seeds());
            out.add(new Measured(ELBO_NLL.id(), Evaluator.negMean(elbo, Kind.BOUND)));
            out.add(new Measured(IWAE_K.id(), new Estimate(c.options().iwaeK(), 0, 1, Kind.EXACT)));
        }
        if (likelihood.isPresent()) {
            Estimate nll = Evaluator.negMean(likelihood.get().logq(), likelihood.get().kind());
            out.add(new Measured(TEST_NLL.id(), nll));
            out.add(new Measured(BITS_PER_DIM.id(), nll.scale(1.0 / (c.data().dimension() * Math.log(2)))));
        }
        if (c.data().truth().isPresent()) {
            ToyDistribution truth = c.data().truth().get();
            out.add(new Measured(TRUE_ENTROPY.id(), Evaluator.trueEntropy(truth, c.options().entropySamples(), c.seeds().seed("entropy"))));
            if (likelihood.isPresent()) {
                double[] logq = likelihood.get().logq();
                double[] logp = truth.logDensity(c.data().test());
                double[] diff = new double[logp.length];
                for (int i = 0; i < diff.length; i++) {
                    diff[i] = logp[i] - logq[i];
                }
                // Paired on the same test points: far smaller error than NLL − H from separate samples.
                // For a bound-kind likelihood the gap is an upper bound on KL(p‖q), in expectation.
                out.add(new Measured(NLL_GAP.id(), Estimate.mean(diff, likelihood.get().kind() == Kind.EXACT ? Kind.ESTIMATE : Kind.BOUND)));
            }
        }
        return out;
    }
}
