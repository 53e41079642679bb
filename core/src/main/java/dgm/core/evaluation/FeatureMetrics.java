package dgm.core.evaluation;

import dgm.core.data.Dataset;
import dgm.core.features.ReferenceClassifier;
import dgm.core.metrics.ClassifierScore;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.FrechetDistance;
import dgm.core.metrics.Kind;
import dgm.core.metrics.PrecisionRecallDensityCoverage;
import dgm.core.model.Arrays2;
import dgm.core.model.ImplicitModel;
import dgm.core.model.ModelState;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.run.EvalOptions;
import dgm.core.run.EvaluationContext;
import dgm.core.run.Evaluator.Measured;
import dgm.core.run.Metric;
import dgm.core.run.Metric.Direction;
import dgm.core.run.Metric.NullValue;
import dgm.core.run.Metric.Split;
import dgm.core.run.Metric.Table;
import dgm.core.run.Metric.Unit;
import dgm.core.run.MetricGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sample metrics in the feature space of a labelled dataset's {@link ReferenceClassifier} (its last
 * hidden layer), the MNIST-class stand-in for Inception's (docs/metrics.md): the classifier's own
 * test accuracy, the Fréchet distance between Gaussians fitted to the test split's and the samples'
 * features, precision / recall / density / coverage of the two-sample sets' features (seed
 * {@code feature_prdc}), the classifier score exp(E_x KL(p(y|x) ‖ p(y))) and the spread of the
 * samples over the predicted classes ({@link ClassifierScore}). Datasets without labels get none of
 * them. {@link #realReference} computes the same numbers with real held-out images in place of the
 * samples: what a perfect model would get.
 *
 * <p>Set sizes: the FD, the score and the spread use the whole test split and the first
 * min(samples, n_validation) samples, so that the reference, which has only the validation split's
 * images, is computed at the same sizes (both are biased by the sizes: digits has 359 validation
 * images, Fashion-MNIST and MNIST 10,000); precision, recall, density and coverage use the
 * two-sample sets of every sample metric, m = min(metric_points, n_test, samples) a side.
 */
public final class FeatureMetrics implements MetricGroup {
    private static final String NO_FIXED_LEVEL = "below 1 for one distribution, by an amount that grows with the feature dimension";
    public static final Unit SQUARED_FEATURE_UNITS = new Unit("feature units²");
    public static final Unit BITS = new Unit("bits");

    public static final Metric CLASSIFIER_ACCURACY = Metric.of("classifier_accuracy", Unit.FRACTION, Split.TEST, Kind.MEASURED,
            Direction.NONE, Table.NONE, NullValue.none("a property of the reference classifier, not of the model"),
            "test accuracy of the labelled dataset's reference classifier, whose features the feature_* metrics use");
    public static final Metric FEATURE_FD = Metric.of("feature_fd", SQUARED_FEATURE_UNITS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.LOWER, Table.FEATURES,
            NullValue.none("0 in the limit, biased upwards at finite sizes by about tr Σ·(1/n_test + 1/n_samples) and more"),
            "Fréchet distance between Gaussians fitted to the reference classifier's features of the test split and of the samples");
    public static final Metric FEATURE_PRECISION = Metric.of("feature_precision", Unit.FRACTION, Split.TEST_VS_SAMPLES,
            Kind.ESTIMATE, Direction.HIGHER, Table.FEATURES, NullValue.none(NO_FIXED_LEVEL),
            "k-NN precision (k=5) in the reference classifier's feature space");
    public static final Metric FEATURE_RECALL = Metric.of("feature_recall", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.HIGHER, Table.FEATURES, NullValue.none(NO_FIXED_LEVEL), "k-NN recall (k=5) in the reference classifier's feature space");
    public static final Metric FEATURE_DENSITY = Metric.of("feature_density", Unit.UNITLESS, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.target(1), Table.FEATURES, NullValue.of(1),
            "k-NN density (k=5) in the reference classifier's feature space; ≈1 for identical distributions");
    public static final Metric FEATURE_COVERAGE = Metric.of("feature_coverage", Unit.FRACTION, Split.TEST_VS_SAMPLES, Kind.ESTIMATE,
            Direction.HIGHER, Table.FEATURES, NullValue.of(1 - Math.pow(2, -PrecisionRecallDensityCoverage.DEFAULT_K)),
            "k-NN coverage (k=5) in the reference classifier's feature space; ≈0.97 for identical distributions");
    public static final Metric CLASSIFIER_SCORE = Metric.of("classifier_score", Unit.UNITLESS, Split.SAMPLES, Kind.ESTIMATE,
            Direction.HIGHER, Table.FEATURES,
            NullValue.none("the real data's own score: at most the number of classes, reached by confidently classified balanced classes"),
            "exp(E_x KL(p(y|x) ‖ p(y))) under the reference classifier, the MNIST analogue of the Inception score; in [1, classes]");
    public static final Metric CLASS_SPREAD = Metric.of("class_spread", BITS, Split.SAMPLES, Kind.ESTIMATE, Direction.HIGHER,
            Table.FEATURES, NullValue.none("the entropy of the real data's class frequencies: log2(classes) for balanced classes"),
            "entropy in bits of the histogram of the samples' predicted classes; log2(10) ≈ 3.32 when ten classes are equally frequent");

    @Override
    public List<Metric> metrics() {
        return List.of(CLASSIFIER_ACCURACY, FEATURE_FD, FEATURE_PRECISION, FEATURE_RECALL, FEATURE_DENSITY, FEATURE_COVERAGE,
                CLASSIFIER_SCORE, CLASS_SPREAD);
    }

    @Override
    public List<Measured> compute(EvaluationContext c) {
        Dataset data = c.data();
        if (!ReferenceClassifier.appliesTo(data)) {
            return List.of();
        }
        ReferenceClassifier clf = ReferenceClassifier.forDataset(data);
        ReferenceClassifier.Outputs test = clf.apply(data.test());
        double accuracy = test.accuracy(data.labels().orElseThrow().test());
        double[][] samples = c.samples();
        if (samples.length > data.validation().length) {
            // the size the real-image reference can match: the FD and the score are biased by the set size
            samples = Arrays.copyOf(samples, data.validation().length);
        }
        ReferenceClassifier.Outputs fake = clf.apply(samples);
        double fd = FrechetDistance.between(test.features(), fake.features());
        EvaluationContext.TwoSample s = c.twoSample();
        PrecisionRecallDensityCoverage.Result r = PrecisionRecallDensityCoverage.compute(clf.apply(s.real()).features(),
                clf.apply(s.fake()).features(), PrecisionRecallDensityCoverage.DEFAULT_K, s.size(), c.seeds().rng("feature_prdc"));
        int nTest = data.test().length;
        int nSamples = samples.length;
        return List.of(
                new Measured(CLASSIFIER_ACCURACY.id(), new Estimate(accuracy, Math.sqrt(accuracy * (1 - accuracy) / nTest), nTest,
                        Kind.MEASURED)),
                new Measured(FEATURE_FD.id(), Estimate.estimate(fd, Double.NaN, nSamples)),
                new Measured(FEATURE_PRECISION.id(), r.precision()),
                new Measured(FEATURE_RECALL.id(), r.recall()),
                new Measured(FEATURE_DENSITY.id(), r.density()),
                new Measured(FEATURE_COVERAGE.id(), r.coverage()),
                new Measured(CLASSIFIER_SCORE.id(), Estimate.estimate(ClassifierScore.score(fake.probabilities()), Double.NaN, nSamples)),
                new Measured(CLASS_SPREAD.id(), Estimate.estimate(ClassifierScore.spreadBits(fake.probabilities()), Double.NaN, nSamples)));
    }

    /**
     * The same metrics with real held-out images in place of model samples: the validation split
     * (the classifier chose its kept epoch on it but never trained on it), min(samples, n_validation)
     * of its rows drawn without replacement (seed {@code reference/validation}; all of them, in order,
     * when there are no more), against the test split as for a model. What a perfect model would get
     * at that sample size; with them the Parzen estimate of {@link ParzenMetrics#realReference}.
     * Empty for a dataset without labels.
     */
    public static List<Measured> realReference(Dataset data, EvalOptions options, Seeds seeds) {
        if (!ReferenceClassifier.appliesTo(data)) {
            return List.of();
        }
        int n = Math.min(options.sampleCount(), data.validation().length);
        double[][] images = data.validation();
        if (images.length > n) {
            int[] p = seeds.rng("reference/validation").permutation(images.length);
            double[][] pick = new double[n][];
            for (int i = 0; i < n; i++) {
                pick[i] = images[p[i]];
            }
            images = pick;
        }
        EvalOptions o = new EvalOptions(options.iwaeK(), options.entropySamples(), n, options.metricPoints(), options.permutations());
        List<Measured> out = new ArrayList<>(new FeatureMetrics().compute(new EvaluationContext(data, new HeldOutImages(images), o, seeds)));
        out.addAll(ParzenMetrics.realReference(data, images, seeds));
        return out;
    }

    /** The model id the real-image reference rows carry. */
    public static final String REFERENCE_MODEL = "real-validation";

    /** A "model" whose samples are given real images, in order. */
    private record HeldOutImages(double[][] images) implements ImplicitModel {
        @Override
        public String id() {
            return REFERENCE_MODEL;
        }

        @Override
        public int dimension() {
            return images[0].length;
        }

        @Override
        public INDArray sample(int n, Rng rng) {
            if (n > images.length) {
                throw new IllegalArgumentException("asked for " + n + " images, have " + images.length);
            }
            return Arrays2.matrix(Arrays.copyOf(images, n));
        }

        @Override
        public ModelState state() {
            return ModelState.builder(id(), dimension()).build();
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }
}
