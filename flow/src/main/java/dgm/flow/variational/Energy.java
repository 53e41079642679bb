package dgm.flow.variational;

/**
 * An unnormalised density p(x) ∝ exp(−U(x)) on ℝ^d, the target of variational fitting. The gradient
 * defaults to central differences (step 1e−5·(1 + |x_j|)), accurate to about 1e−10 for the smooth
 * energies used here; an energy may override it with a closed form.
 */
public interface Energy {

    String name();

    int dimension();

    /** U at the point stored in {@code x[off .. off + d)}. */
    double value(double[] x, int off);

    /** ∇U at {@code x[off ..]} into {@code grad[gOff ..]}. */
    default void gradient(double[] x, int off, double[] grad, int gOff) {
        int d = dimension();
        double[] p = new double[d];
        System.arraycopy(x, off, p, 0, d);
        for (int j = 0; j < d; j++) {
            double h = 1e-5 * (1 + Math.abs(p[j]));
            double old = p[j];
            p[j] = old + h;
            double up = value(p, 0);
            p[j] = old - h;
            double down = value(p, 0);
            p[j] = old;
            grad[gOff + j] = (up - down) / (2 * h);
        }
    }
}
