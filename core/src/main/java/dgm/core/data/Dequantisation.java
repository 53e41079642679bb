package dgm.core.data;

import dgm.core.rng.Rng;

/**
 * Uniform dequantisation y = v + u, u ~ U(0,1)^d (Theis et al. 2016; docs/likelihood.md). For integer
 * data v, a density model q on y gives −log P(v) ≤ E_u[−log q(v+u)]: the continuous NLL is an upper
 * bound on the discrete one.
 */
public final class Dequantisation {
    private Dequantisation() {
    }

    /** A new matrix v + u; {@code v} must hold integers (checked). */
    public static double[][] apply(String source, double[][] v, Rng rng) {
        double[][] y = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            y[i] = new double[v[i].length];
            for (int j = 0; j < v[i].length; j++) {
                double x = v[i][j];
                if (x != Math.rint(x)) {
                    throw new dgm.core.InputException(source + ": row " + i + ", column " + j + " is " + x
                            + "; dequantisation needs integer data");
                }
                y[i][j] = x + rng.uniform();
            }
        }
        return y;
    }
}
