package dgm.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact answer of the f-GAN paper's Gaussian-fit experiment (Nowozin, Cseke, Tomioka 2016,
 * Section 4.1; the {@code fgan-fit} command): the Gaussian Q = N(μ*, σ*²) that minimises D_f(P‖Q) for
 * a given 1-D target P, and the minimum D_f*.
 *
 * <p>D_f(P‖N(μ, e^{2s})) is computed by quadrature ({@link Divergences#divergence}) and minimised over
 * (μ, s = log σ): Nelder–Mead from several starts (the moment-matched Gaussian and each mixture
 * component, to find the global rather than a local, single-mode minimum), then Newton's method on
 * the quadrature gradient ∂D_f/∂θ = −∫ q f*(f′(p/q)) ∂_θ log q ({@link Divergences#gradientWrtGaussian})
 * with a central-difference Hessian, to |step| ≲ 1e-10.
 *
 * <p>Several divergences have more than one local minimum for a bimodal P (for the paper's target,
 * Neyman χ² also has one at the small mode, μ ≈ −1.44, σ ≈ 0.55, D ≈ 2.196, besides the global one
 * at the large mode); Neyman χ²(P‖Q) is infinite unless σ_Q² &lt; 2·max_k σ_k², and Pearson χ²
 * unless 2σ_Q² &gt; max_k σ_k², which Nelder–Mead handles as +∞.
 *
 * <p>Check: for KL the minimiser is moment matching, because KL(P‖Q) = −H(P) − E_P[log q] and
 * −E_P[log N(x; μ, σ²)] = log σ + (Var_P + (E_P x − μ)²)/(2σ²) + const is minimised at μ = E_P x,
 * σ² = Var_P x.
 */
public final class GaussianFit {
    private GaussianFit() {
    }

    /** One line of the table: the divergence, (μ*, σ*), D_f* and the gradient (∂/∂μ, ∂/∂log σ) there. */
    public record Row(Divergence divergence, double muStar, double sigmaStar, double divergenceStar, double[] gradient) {
    }

    /** D_f(P‖N(μ, e^{2s})), +∞ where the divergence is infinite or the quadrature fails. */
    public static double objective(Divergence d, Density1D p, double mu, double logSigma) {
        if (!Double.isFinite(mu) || !(Math.abs(logSigma) < 30)) {
            return Double.POSITIVE_INFINITY;
        }
        return Divergences.divergence(d, p, new Gaussian1D(mu, Math.exp(logSigma)));
    }

    /** The minimiser of D_f(P‖N(μ, σ²)) over (μ, σ) and the minimum. */
    public static Row fit(Divergence d, Density1D p) {
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[] {p.mean(), 0.5 * Math.log(p.variance())});
        if (p instanceof GaussianMixture1D m) {
            for (int k = 0; k < m.size(); k++) {
                starts.add(new double[] {m.component(k).mu(), Math.log(m.component(k).sigma())});
            }
        }
        NelderMead.Result best = null;
        for (double[] x0 : starts) {
            NelderMead.Result r = NelderMead.minimise(x -> objective(d, p, x[0], x[1]), x0, 0.25, 1e-13, 1e-7, 2000);
            if (best == null || r.value() < best.value()) {
                best = r;
            }
        }
        if (!Double.isFinite(best.value())) {
            throw new IllegalStateException(d.id() + ": D_f(P‖Q) is infinite at every start; no Gaussian fit found");
        }
        double[] x = newtonPolish(d, p, best.x());
        double[] g = Divergences.gradientWrtGaussian(d, p, new Gaussian1D(x[0], Math.exp(x[1])));
        return new Row(d, x[0], Math.exp(x[1]), objective(d, p, x[0], x[1]), g);
    }

    private static double[] grad(Divergence d, Density1D p, double[] x) {
        return Divergences.gradientWrtGaussian(d, p, new Gaussian1D(x[0], Math.exp(x[1])));
    }

    /** Newton steps on ∇D_f = 0 from a Nelder–Mead point; keeps the start if a step misbehaves. */
    static double[] newtonPolish(Divergence d, Density1D p, double[] x0) {
        double[] x = x0.clone();
        double fx = objective(d, p, x[0], x[1]);
        final double h = 1e-4;
        for (int it = 0; it < 20; it++) {
            double[] g = grad(d, p, x);
            double[][] hess = new double[2][2];
            for (int j = 0; j < 2; j++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[j] += h;
                xm[j] -= h;
                double[] gp = grad(d, p, xp);
                double[] gm = grad(d, p, xm);
                for (int i = 0; i < 2; i++) {
                    hess[i][j] = (gp[i] - gm[i]) / (2 * h);
                }
            }
            double off = 0.5 * (hess[0][1] + hess[1][0]);
            double det = hess[0][0] * hess[1][1] - off * off;
            if (!(hess[0][0] > 0 && det > 0)) {
                return x; // not locally convex here: keep the Nelder–Mead answer
            }
            double dx0 = -(hess[1][1] * g[0] - off * g[1]) / det;
            double dx1 = -(-off * g[0] + hess[0][0] * g[1]) / det;
            double[] xn = {x[0] + dx0, x[1] + dx1};
            double fn = objective(d, p, xn[0], xn[1]);
            if (!(fn <= fx + 1e-12 * Math.max(1.0, Math.abs(fx)))) {
                return x;
            }
            x = xn;
            fx = fn;
            if (Math.hypot(dx0, dx1) < 1e-11) {
                break;
            }
        }
        return x;
    }

    /** The table for every divergence. */
    public static List<Row> fitAll(Density1D p) {
        List<Row> rows = new ArrayList<>();
        for (Divergence d : Divergence.values()) {
            rows.add(fit(d, p));
        }
        return rows;
    }

    /** CSV with the header {@code divergence,mu_star,sigma_star,divergence_star}. */
    public static String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("divergence,mu_star,sigma_star,divergence_star\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%.8f,%.8f,%.8f%n", r.divergence().id(), r.muStar(), r.sigmaStar(), r.divergenceStar()));
        }
        return sb.toString();
    }

    /** Prints the exact Gaussian-fit table for the paper's target 0.3·N(−1.5, 0.5²) + 0.7·N(1.5, 0.8²). */
    public static void main(String[] args) {
        GaussianMixture1D p = GaussianMixture1D.paperTarget();
        long t0 = System.nanoTime();
        List<Row> rows = fitAll(p);
        System.out.print(toCsv(rows));
        System.out.printf(Locale.ROOT, "# target P = %s; E_P[x] = %.10f, sd_P = %.10f; %.2f s%n", p, p.mean(), Math.sqrt(p.variance()),
                (System.nanoTime() - t0) / 1e9);
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "# %-9s |grad| = %.2e%n", r.divergence().id(), Math.hypot(r.gradient()[0], r.gradient()[1]));
        }
    }
}
