package dgm.core.run;

import dgm.core.data.Dataset;
import dgm.core.data.Modes;
import dgm.core.metrics.EnergyDistance;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.metrics.Memorisation;
import dgm.core.metrics.Mmd;
import dgm.core.metrics.ModeCoverage;
import dgm.core.metrics.NearestNeighbourTwoSampleTest;
import dgm.core.metrics.PrecisionRecallDensityCoverage;
import dgm.core.metrics.SlicedWasserstein;
import dgm.core.rng.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sample metrics of docs/metrics.md: model samples against the test split (equal sizes, at most
 * {@code metric_points} per side for the O(n²) statistics), mode coverage where the modes are known,
 * and the memorisation check against the training split. Each metric draws from its own named seed.
 */
final class SampleEvaluation {
    /** The small bandwidth reported beside the median one: h_med / 8 (docs/metrics.md: the median is blind to small-scale errors). */
    static final double SMALL_BANDWIDTH = 0.125;

    private SampleEvaluation() {
    }

    static List<Evaluator.Measured> evaluate(Dataset data, double[][] samples, EvalOptions options, Seeds seeds) {
        for (int i = 0; i < samples.length; i++) {
            for (int j = 0; j < samples[i].length; j++) {
                if (!Double.isFinite(samples[i][j])) {
                    throw new IllegalStateException("the model produced a non-finite sample (row " + i + ", column " + j
                            + " is " + samples[i][j] + "); sample metrics cannot be computed");
                }
            }
        }
        List<Evaluator.Measured> out = new ArrayList<>();
        double[][] test = data.test();
        int m = Math.min(options.metricPoints(), Math.min(test.length, samples.length));
        double[][] real = subsample(test, m, seeds.rng("subsample/test"));
        double[][] fake = Arrays.copyOf(samples, m); // samples are i.i.d.: a prefix is a random subsample

        Mmd.Options mo = Mmd.Options.defaults().withPermutations(options.permutations());
        Mmd.Result mmd = Mmd.test(real, fake, new Mmd.Options(mo.multipliers(), options.permutations(), m, Math.min(m * 2, 1000)),
                seeds.rng("mmd"));
        out.add(new Evaluator.Measured("mmd", mmd.atMedian().mmd2()));
        out.add(new Evaluator.Measured("mmd_small_bw", mmd.atMultiplier(SMALL_BANDWIDTH).mmd2()));
        if (options.permutations() > 0) {
            out.add(new Evaluator.Measured("mmd_p_value", new Estimate(mmd.aggregatedPValue(), Double.NaN, options.permutations(), Kind.ESTIMATE)));
        }
        out.add(new Evaluator.Measured("energy_distance", EnergyDistance.test(real, fake, 0, m, seeds.rng("energy")).energyDistance()));
        out.add(new Evaluator.Measured("sliced_wasserstein", SlicedWasserstein.compute(real, fake, seeds.rng("sliced")).sw1()));
        out.add(new Evaluator.Measured("c2st_accuracy", NearestNeighbourTwoSampleTest.test(real, fake, 0, m, seeds.rng("c2st")).accuracy()));
        PrecisionRecallDensityCoverage.Result prdc = PrecisionRecallDensityCoverage.compute(real, fake,
                PrecisionRecallDensityCoverage.DEFAULT_K, m, seeds.rng("prdc"));
        out.add(new Evaluator.Measured("precision", prdc.precision()));
        out.add(new Evaluator.Measured("recall", prdc.recall()));
        out.add(new Evaluator.Measured("density", prdc.density()));
        out.add(new Evaluator.Measured("coverage", prdc.coverage()));
        if (data.modes().isPresent()) {
            Modes modes = data.modes().get();
            ModeCoverage.Result mc = ModeCoverage.evaluate(samples, modes.centres(), modes.sd());
            out.add(new Evaluator.Measured("mode_coverage", mc.modesCovered()));
            out.add(new Evaluator.Measured("high_quality_fraction", mc.highQualityFraction()));
        }
        Memorisation.Result mem = Memorisation.evaluate(fake, data.train(), real, m, seeds.rng("memorisation"));
        out.add(new Evaluator.Measured("nn_train_distance", mem.meanDistanceGenerated()));
        out.add(new Evaluator.Measured("nn_train_distance_ratio", mem.ratio()));
        return out;
    }

    private static double[][] subsample(double[][] x, int m, dgm.core.rng.Rng rng) {
        if (x.length <= m) {
            return x;
        }
        int[] p = rng.permutation(x.length);
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            out[i] = x[p[i]];
        }
        return out;
    }
}
