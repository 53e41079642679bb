package dgm.core.metrics;

import dgm.core.rng.Rng;

import java.util.Arrays;

/**
 * Distance from each generated sample to its nearest training point, compared with the same
 * distance for held-out real test points. None of the distribution metrics (MMD, energy, PRDC, …)
 * notices a model that outputs verbatim copies of its training data (docs/metrics.md); this does.
 * The construction follows the nearest-neighbour memorisation checks of Theis et al. ("A note on the
 * evaluation of generative models", ICLR 2016) and the "data-copying" test of Meehan, Chaudhuri,
 * Dasgupta ("A Non-Parametric Test to Detect Data-Copying in Generative Models", AISTATS 2020), which
 * likewise compares generated-to-train against test-to-train nearest-neighbour distances.
 *
 * <pre>
 *   d_gen(j)  = min_i ‖g_j − t_i‖      (g: generated, t: training points)
 *   d_test(j) = min_i ‖s_j − t_i‖      (s: held-out real test points, never used for training)
 *   ratio     = mean_j d_gen(j) / mean_j d_test(j)
 *   below(τ)  = fraction of points with distance ≤ τ (for both sets)
 * </pre>
 *
 * A model that samples from the data distribution without copying gives d_gen distributed like
 * d_test, so ratio ≈ 1 and equal below-τ fractions; ratio ≪ 1 (or a generated below-τ fraction far
 * above the test one) signals copying; verbatim copies give d_gen = 0. A ratio somewhat below 1 can
 * also come from a model that concentrates on high-density regions, so read it with the fractions.
 *
 * <p>Default τ: the 5% quantile of the test distances d_test, so a non-copying model has about 5% of
 * its samples below τ. SEs: sd/√count for the means, binomial for the fractions, and the delta method
 * for the ratio (the two means are independent given the training set). Units: those of the data.
 * Cost O((M + S)·T·d), brute force with early exit; query sets larger than maxQueries can be
 * subsampled with an {@link Rng}, never the training set (the nearest training point must be exact).
 */
public final class Memorisation {
    public static final double DEFAULT_THRESHOLD_QUANTILE = 0.05;

    private Memorisation() {
    }

    /**
     * @param meanDistanceGenerated  mean of d_gen (ESTIMATE, SE sd/√M, n = M)
     * @param meanDistanceTest       mean of d_test (ESTIMATE, SE sd/√S, n = S)
     * @param ratio                  meanDistanceGenerated / meanDistanceTest (ESTIMATE, delta-method SE)
     * @param threshold              τ
     * @param fractionGeneratedBelow fraction of generated samples with d_gen ≤ τ (binomial SE)
     * @param fractionTestBelow      fraction of test points with d_test ≤ τ (binomial SE)
     * @param fractionExactCopies    fraction of generated samples equal to a training point (d_gen = 0)
     * @param nGenerated             M (after any subsampling)
     * @param nTest                  S (after any subsampling)
     * @param nTrain                 T
     */
    public record Result(Estimate meanDistanceGenerated, Estimate meanDistanceTest, Estimate ratio,
                         double threshold, Estimate fractionGeneratedBelow, Estimate fractionTestBelow,
                         Estimate fractionExactCopies, int nGenerated, int nTest, int nTrain) {
    }

    /** τ = the {@value #DEFAULT_THRESHOLD_QUANTILE} quantile of the test distances; all points used. */
    public static Result evaluate(double[][] generated, double[][] train, double[][] test) {
        return run(generated, train, test, Double.NaN);
    }

    /** With an explicit threshold τ ≥ 0; all points used. */
    public static Result evaluate(double[][] generated, double[][] train, double[][] test, double threshold) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
        }
        return run(generated, train, test, threshold);
    }

    /**
     * Default τ; generated and test sets larger than {@code maxQueries} are subsampled with
     * {@code rng} (generated first, then test). The training set is always used whole.
     */
    public static Result evaluate(double[][] generated, double[][] train, double[][] test, int maxQueries,
                                  Rng rng) {
        Samples.requireRng(rng);
        Samples.requireFinite("generated", generated);
        Samples.requireFinite("test", test);
        return run(Samples.subsample(generated, maxQueries, rng), train, Samples.subsample(test, maxQueries, rng),
                Double.NaN);
    }

    /** For each row of {@code query}, the Euclidean distance to its nearest row of {@code train}. */
    public static double[] nearestTrainingDistances(double[][] query, double[][] train) {
        int d = Samples.requireSameDimension("query", query, "train", train);
        double[] s = NearestNeighbours.nearestSquaredDistance(Samples.flatten(query, d), query.length,
                Samples.flatten(train, d), train.length, d);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(s[i]);
        }
        return s;
    }

    private static Result run(double[][] generated, double[][] train, double[][] test, double threshold) {
        Samples.requireSameDimension("generated", generated, "train", train);
        Samples.requireSameDimension("test", test, "train", train);
        double[] dGen = nearestTrainingDistances(generated, train);
        double[] dTest = nearestTrainingDistances(test, train);
        double tau = Double.isNaN(threshold) ? quantile(dTest, DEFAULT_THRESHOLD_QUANTILE) : threshold;
        Estimate mg = Estimate.mean(dGen, Kind.ESTIMATE);
        Estimate mt = Estimate.mean(dTest, Kind.ESTIMATE);
        double r = mg.value() / mt.value();
        double rse = Double.NaN;
        if (mt.value() > 0 && mg.value() > 0) {
            rse = Math.abs(r) * Math.hypot(mg.standardError() / mg.value(), mt.standardError() / mt.value());
        } else if (mt.value() > 0) { // all generated samples are copies: ratio 0, SE from the numerator
            rse = mg.standardError() / mt.value();
        }
        Estimate ratio = Estimate.estimate(mt.value() > 0 ? r : Double.NaN, rse, dGen.length);
        return new Result(mg, mt, ratio, tau, fractionAtMost(dGen, tau), fractionAtMost(dTest, tau),
                fractionAtMost(dGen, 0.0), dGen.length, dTest.length, train.length);
    }

    private static Estimate fractionAtMost(double[] v, double tau) {
        int c = 0;
        for (double x : v) {
            if (x <= tau) {
                c++;
            }
        }
        double f = (double) c / v.length;
        return Estimate.estimate(f, Math.sqrt(f * (1 - f) / v.length), v.length);
    }

    /** Empirical q-quantile with linear interpolation between order statistics (type 7). */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
