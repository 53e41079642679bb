package dgm.core.evaluation;

import dgm.core.InputException;
import dgm.core.baselines.KdeModel;
import dgm.core.data.Dataset;
import dgm.core.features.ReferenceClassifier;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.rng.Seeds;
import dgm.core.run.EvaluationContext;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.Arrays;
import java.util.List;

/**
 * The Parzen-window ("KDE") log-likelihood of the test split under a kernel density of a model's
 * samples, the estimate the GAN and f-GAN papers report on MNIST (Goodfellow et al. 2014, Nowozin et
 * al. 2016), computed on the labelled image sets beside the feature-space metrics. A poor proxy for
 * the model's likelihood (Theis et al. 2016; docs/metrics.md): it is labelled an estimate and never
 * put beside the likelihoods.
 *
 * <p>Protocol ({@link KdeModel#parzen}): the first min(samples, n_validation) samples are the
 * kernel centres (the size the real-image reference can match), an isotropic Gaussian kernel in data
 * units, its width chosen by the validation split's mean log-likelihood on a √2 grid; the value is
 * the mean log-density of the test split, ± its standard error over the test points. The real-image
 * reference ({@link #realReference}) puts held-out validation images in place of the samples and so
 * chooses the width on as many training images instead.
 */
public final class ParzenMetrics implements MetricGroup {
    public static final Metric KDE_LOG_LIKELIHOOD = Metric.of("kde_log_likelihood", Unit.NATS_PER_EXAMPLE, Split.TEST_VS_SAMPLES,
            Kind.ESTIMATE, Direction.HIGHER, Table.FEATURES,
            NullValue.none("not the model's likelihood: a kernel density of real images scores far below good models'"),
            "Parzen-window (KDE) log-likelihood of the test split under a Gaussian kernel on the samples, width chosen on "
                    + "validation: a poor proxy (Theis et al. 2016)");

    @Override
    public List<Metric> metrics() {
        return List.of(KDE_LOG_LIKELIHOOD);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        Dataset data = c.data();
        if (!ReferenceClassifier.appliesTo(data)) {
            return List.of();
        }
        double[][] samples = c.samples();
        if (samples.length > data.validation().length) {
            samples = Arrays.copyOf(samples, data.validation().length);
        }
        return estimate(samples, data.validation(), data.test());
    }

    /**
     * The reference line: the held-out validation images of {@link FeatureMetrics#realReference}
     * as the kernel centres, the width chosen on as many training images, drawn without replacement
     * (seed {@code reference/parzen}), against the test split.
     */
    static List<Measured> realReference(Dataset data, double[][] heldOut, Seeds seeds) {
        double[][] train = data.train();
        int n = Math.min(heldOut.length, train.length);
        int[] p = seeds.rng("reference/parzen").permutation(train.length);
        double[][] selection = new double[n][];
        for (int i = 0; i < n; i++) {
            selection[i] = train[p[i]];
        }
        return estimate(heldOut, selection, data.test());
    }

    private static List<Measured> estimate(double[][] centres, double[][] selection, double[][] test) {
        KdeModel.Parzen parzen;
        try {
            parzen = KdeModel.parzen(centres, selection, test);
        } catch (InputException identical) {
            // every sample the same point: a kernel density has no width to choose; the estimate is −∞
            return List.of(new Measured(KDE_LOG_LIKELIHOOD.id(), Estimate.estimate(Double.NEGATIVE_INFINITY, Double.NaN, test.length)));
        }
        return List.of(new Measured(KDE_LOG_LIKELIHOOD.id(), Estimate.mean(parzen.logDensities(), Kind.ESTIMATE)));
    }
}
