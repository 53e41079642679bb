package dgm.experiments.figures;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.vae.VaeModel;
import java.util.Arrays;

/**
 * What the image figures ({@link ImageGrids}) show, computed: which datasets are images, the nearest
 * training images of a sample and a VAE's latent interpolations.
 */
public final class ImageFigures {
    /** Smallest image side drawn: below 4 × 4 the "images" are just short vectors. */
    static final int MIN_SIDE = 4;

    private ImageFigures() {
    }

    /**
     * Whether the rows of {@code data} are square images: dequantised with L ≥ 2 levels and of
     * dimension side² with side ≥ {@value #MIN_SIDE}.
     */
    public static boolean isImage(Dataset data) {
        return data.kind() == DataKind.DEQUANTISED && data.levels() >= 2 && isSquare(data.dimension());
    }

    static boolean isSquare(int d) {
        int side = (int) Math.round(Math.sqrt(d));
        return side >= MIN_SIDE && side * side == d;
    }

    /**
     * The k nearest reference rows of each query in Euclidean distance, nearest first (ties: lower
     * index first).
     *
     * @param index    index[i][j]: the row of {@code reference} that is the j-th nearest to query i
     * @param distance distance[i][j]: its Euclidean distance to query i
     */
    public record Neighbours(int[][] index, double[][] distance) {
        /** The neighbours' rows themselves: rows[i][j] = reference[index[i][j]]. */
        public double[][][] rows(double[][] reference) {
            double[][][] out = new double[index.length][][];
            for (int i = 0; i < index.length; i++) {
                out[i] = new double[index[i].length][];
                for (int j = 0; j < index[i].length; j++) {
                    out[i][j] = reference[index[i][j]];
                }
            }
            return out;
        }
    }

    /** Brute force: every query against every reference row. */
    public static Neighbours nearest(double[][] queries, double[][] reference, int k) {
        if (k < 1 || k > reference.length) {
            throw new IllegalArgumentException(k + " neighbours asked of " + reference.length + " reference rows");
        }
        int[][] index = new int[queries.length][k];
        double[][] distance = new double[queries.length][k];
        for (int i = 0; i < queries.length; i++) {
            double[] q = queries[i];
            int[] bi = index[i];
            double[] bd = distance[i];
            Arrays.fill(bd, Double.POSITIVE_INFINITY);
            Arrays.fill(bi, -1);
            for (int r = 0; r < reference.length; r++) {
                double[] x = reference[r];
                if (x.length != q.length) {
                    throw new IllegalArgumentException("query of dimension " + q.length + ", reference row " + r + " of " + x.length);
                }
                double worst = bd[k - 1];
                double s = 0;
                for (int j = 0; j < q.length && s < worst; j++) {
                    double e = q[j] - x[j];
                    s += e * e;
                }
                if (s < worst || bi[k - 1] < 0 && s == worst) {
                    int p = k - 1;
                    while (p > 0 && (bd[p - 1] > s)) {
                        bd[p] = bd[p - 1];
                        bi[p] = bi[p - 1];
                        p--;
                    }
                    bd[p] = s;
                    bi[p] = r;
                }
            }
            for (int j = 0; j < k; j++) {
                bd[j] = Math.sqrt(bd[j]);
            }
        }
        return new Neighbours(index, distance);
    }

    /** The median of the values (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /**
     * Linear interpolation in latent space: for each pair (from[i], to[i]) the posterior means μ_a, μ_b
     * and the decoded means E[x | z] at z = (1 − t) μ_a + t μ_b for t = 0, 1/(steps − 1), …, 1. Step 0
     * and the last step are exactly μ_a and μ_b, so they decode to the reconstructions of the pair.
     *
     * @return paths[i][t] in data units
     */
    public static double[][][] interpolate(VaeModel vae, double[][] from, double[][] to, int steps) {
        if (from.length != to.length) {
            throw new IllegalArgumentException(from.length + " start images but " + to.length + " end images");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 steps, not " + steps);
        }
        double[][] a = vae.encode(from).mean();
        double[][] b = vae.encode(to).mean();
        int dz = vae.latentDimension();
        double[][] z = new double[from.length * steps][dz];
        for (int i = 0; i < from.length; i++) {
            for (int s = 0; s < steps; s++) {
                double t = s == steps - 1 ? 1.0 : s / (double) (steps - 1);
                for (int j = 0; j < dz; j++) {
                    z[i * steps + s][j] = (1 - t) * a[i][j] + t * b[i][j];
                }
            }
        }
        double[][] x = vae.decodeMean(z);
        double[][][] paths = new double[from.length][steps][];
        for (int i = 0; i < from.length; i++) {
            for (int s = 0; s < steps; s++) {
                paths[i][s] = x[i * steps + s];
            }
        }
        return paths;
    }
}
