package dgm.core.baselines;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.model.DensityModel;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.TrainingListener;
import java.util.Map;
import java.util.Optional;

/** Shared fixtures: datasets, fitting through the spec, small samplers. */
final class BaselineTesting {
    static final BaselineFamily FAMILY = new BaselineFamily();

    private BaselineTesting() {
    }

    static ModelSpec spec(String id) {
        return FAMILY.models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * A continuous dataset. The test split is {@code null}: a fit that reads it fails loudly instead
     * of quietly selecting on test data.
     */
    static Dataset continuous(double[][] train, double[][] validation) {
        return new Dataset("synthetic", "test fixture", DataKind.CONTINUOUS, 0, "unit test", train, validation, null,
                Optional.empty(), Optional.empty());
    }

    static Dataset dequantised(int levels, double[][] train, double[][] validation) {
        return new Dataset("synthetic-dq", "test fixture", DataKind.DEQUANTISED, levels, "unit test", train,
                validation, null, Optional.empty(), Optional.empty());
    }

    static FitResult fit(String id, Dataset data, Map<String, String> overrides, long seed) {
        return fit(id, data, overrides, seed, TrainingListener.NONE);
    }

    static FitResult fit(String id, Dataset data, Map<String, String> overrides, long seed, TrainingListener l) {
        ModelSpec s = spec(id);
        Params p = Params.resolve(id, s.params(), overrides);
        return s.fitter().fit(new FitContext(data, p, new Seeds(seed), l));
    }

    static DensityModel fitModel(String id, Dataset data, Map<String, String> overrides, long seed) {
        return (DensityModel) fit(id, data, overrides, seed).model();
    }

    /** n points from Σ wₖ N(means[k], sd² I) in 2-D, drawn with {@code rng}. */
    static double[][] mixture(int n, double[] w, double[][] means, double sd, Rng rng) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double u = rng.uniform();
            int c = 0;
            double cum = w[0];
            while (u >= cum && c < w.length - 1) {
                c++;
                cum += w[c];
            }
            x[i] = new double[means[c].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = means[c][j] + sd * rng.gaussian();
            }
        }
        return x;
    }

    /** n points from N(0, [[1, rho], [rho, 1]]). */
    static double[][] correlated(int n, double rho, Rng rng) {
        double[][] x = new double[n][2];
        double c = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) {
            double a = rng.gaussian();
            double b = rng.gaussian();
            x[i][0] = a;
            x[i][1] = rho * a + c * b;
        }
        return x;
    }

    /** Rows of a [n, d] array; Arrays2.toMatrix costs ~0.1 ms per row, too slow for 40,000 samples. */
    static double[][] rows(org.nd4j.linalg.api.ndarray.INDArray a) {
        return dgm.core.model.Arrays2.rows("test", a, (int) a.size(1));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a;
        }
        return s / v.length;
    }

    static double meanLogProb(DensityModel m, double[][] x) {
        return mean(dgm.core.model.Arrays2.toVector(m.logProb(dgm.core.model.Arrays2.matrix(x))));
    }
}
