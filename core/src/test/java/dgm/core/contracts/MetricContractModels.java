package dgm.core.contracts;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.data.Labels;
import dgm.core.data.Modes;
import dgm.core.data.ToyDataset;
import dgm.core.data.ToyDistribution;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ImplicitModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Models whose metric values are known, for the metric contract and for any test that needs one: a
 * toy's own distribution shifted by (δ, 0) as a density model, as a latent-variable model with a
 * known bound, or as a bare sampler; a model that returns fixed points; and small datasets.
 */
public final class MetricContractModels {
    private MetricContractModels() {
    }

    /** The splits of a 2-D toy, {@code n} points each, drawn with the seeds of {@code seed}. */
    public static Dataset toy(ToyDistribution toy, int n, long seed) {
        ToyDataset src = new ToyDataset(toy);
        String s = Integer.toString(n);
        return src.load(Params.resolve(toy.id(), src.params(), Map.of("n_train", s, "n_val", s, "n_test", s)), new Seeds(seed));
    }

    /**
     * The same dataset with class labels: each point's nearest known mode (the toy's mixture
     * components, so well separated for 8gaussians that this is its component up to ≈ 10⁻³ of the
     * points), for the metrics that need a labelled dataset (the reference classifier's).
     */
    public static Dataset labelledByModes(Dataset d) {
        Modes modes = d.modes().orElseThrow(() -> new IllegalArgumentException(d.id() + " has no known modes to label by"));
        java.util.List<String> classes = new java.util.ArrayList<>();
        for (int k = 0; k < modes.centres().length; k++) {
            classes.add("mode " + k);
        }
        return new Dataset(d.id(), d.description(), d.kind(), d.levels(), d.source(), d.train(), d.validation(), d.test(), d.truth(),
                d.modes(), Optional.of(new Labels(classes, nearest(d.train(), modes), nearest(d.validation(), modes),
                nearest(d.test(), modes))));
    }

    private static int[] nearest(double[][] x, Modes modes) {
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < modes.centres().length; k++) {
                double s = 0;
                for (int j = 0; j < x[i].length; j++) {
                    double u = x[i][j] - modes.centres()[k][j];
                    s += u * u;
                }
                if (s < best) {
                    best = s;
                    y[i] = k;
                }
            }
        }
        return y;
    }

    /** A continuous dataset of the given splits (validation = test), with known modes or none. */
    public static Dataset fixed(double[][] train, double[][] test, Optional<ToyDistribution> truth, Optional<Modes> modes) {
        return new Dataset("fixed", "points given by a test", DataKind.CONTINUOUS, 0, "a test", train, test, test, truth, modes);
    }

    /** q(x) = p(x − (δ, 0)): samples of p moved by δ along the first axis, with the moved exact density. */
    public static DensityModel shiftedDensity(ToyDistribution p, double delta) {
        return new ShiftedDensity(p, delta);
    }

    /**
     * The same q as {@link #shiftedDensity} as a latent-variable model whose bound with k importance
     * samples is log q(x) − 1/k exactly (a valid lower bound that tightens as k grows): the ELBO is
     * log q − 1 and the IWAE bound at k is log q − 1/k.
     */
    public static LatentVariableModel shiftedLatent(ToyDistribution p, double delta) {
        return new ShiftedLatent(p, delta);
    }

    /** The same q as {@link #shiftedDensity}, sampling only. */
    public static ImplicitModel shiftedSampler(ToyDistribution p, double delta) {
        return new ShiftedSampler(p, delta);
    }

    /** An implicit model whose {@code sample(n)} returns the first n of {@code points} (n at most their number). */
    public static ImplicitModel fixedSamples(double[][] points) {
        return new FixedSamples(points);
    }

    /** What the three shifted models share: the samples, and log q(x) = log p(x − (δ, 0)). */
    private abstract static class Shifted implements GenerativeModel {
        final ToyDistribution p;
        final double delta;

        Shifted(ToyDistribution p, double delta) {
            this.p = p;
            this.delta = delta;
        }

        @Override
        public String id() {
            return "shifted-" + p.id();
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public INDArray sample(int n, Rng rng) {
            double[][] s = p.sample(n, rng);
            for (double[] r : s) {
                r[0] += delta;
            }
            return Arrays2.matrix(s);
        }

        double[] logq(INDArray x) {
            double[][] m = Arrays2.toMatrix(x);
            double[] out = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                out[i] = p.logDensity(m[i][0] - delta, m[i][1]);
            }
            return out;
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

    private static final class ShiftedDensity extends Shifted implements DensityModel {
        ShiftedDensity(ToyDistribution p, double delta) {
            super(p, delta);
        }

        @Override
        public INDArray logProb(INDArray x) {
            return Arrays2.vector(logq(x));
        }
    }

    private static final class ShiftedLatent extends Shifted implements LatentVariableModel {
        ShiftedLatent(ToyDistribution p, double delta) {
            super(p, delta);
        }

        @Override
        public INDArray lowerBound(INDArray x, int k, Rng rng) {
            double[] v = logq(x);
            for (int i = 0; i < v.length; i++) {
                v[i] -= 1.0 / k;
            }
            return Arrays2.vector(v);
        }
    }

    private static final class ShiftedSampler extends Shifted implements ImplicitModel {
        ShiftedSampler(ToyDistribution p, double delta) {
            super(p, delta);
        }
    }

    private record FixedSamples(double[][] points) implements ImplicitModel {
        @Override
        public String id() {
            return "fixed-samples";
        }

        @Override
        public int dimension() {
            return points[0].length;
        }

        @Override
        public INDArray sample(int n, Rng rng) {
            if (n > points.length) {
                throw new IllegalArgumentException("asked for " + n + " samples, have " + points.length);
            }
            return Arrays2.matrix(Arrays.copyOf(points, n));
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
