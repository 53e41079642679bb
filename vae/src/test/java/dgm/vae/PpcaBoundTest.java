package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.contracts.MonteCarlo;
import dgm.core.rng.Rng;
import org.junit.jupiter.api.Test;

/**
 * Probabilistic PCA (Tipping and Bishop 1999) as a VAE with linear maps: z ~ N(0, I₂),
 * x = W z + b + N(0, σ² I₃), so log p(x) = log N(x; b, W Wᵀ + σ² I) in closed form. W = U diag(s) with
 * orthonormal columns U, so the exact posterior N(M⁻¹Wᵀ(x − b), σ² M⁻¹), M = WᵀW + σ²I, is diagonal and
 * a linear encoder represents it exactly.
 */
class PpcaBoundTest {
    static final double[][] U = {{1 / 3.0, 2 / 3.0}, {2 / 3.0, 1 / 3.0}, {2 / 3.0, -2 / 3.0}};
    static final double[] S = {2.0, 0.8};
    static final double[] B = {0.5, -1.0, 0.3};
    static final double SIGMA2 = 0.25;
    static final double MIN_SCALE = 1e-3;

    /**
     * The PPCA model as a VAE; {@code meanFactor} and {@code logVarShift} perturb the exact posterior
     * (1 and 0: exact).
     */
    static VaeModel ppca(double meanFactor, double logVarShift) {
        VaeModel m = VaeTesting.model(3, 2, 1, 0, "relu", "gaussian", 0, MIN_SCALE, 1);
        java.util.Arrays.fill(m.params().values(), 0.0);
        // decoder: out = z·Wd + bd, out[q] = mean_q (q < 3), out[3 + q] = ρ_q with exp(ρ) + σ_min² = σ²
        for (int j = 0; j < 2; j++) {
            for (int q = 0; q < 3; q++) {
                VaeTesting.set(m, "decoder.0.W", j * 6 + q, U[q][j] * S[j]);
            }
        }
        for (int q = 0; q < 3; q++) {
            VaeTesting.set(m, "decoder.0.b", q, B[q]);
            VaeTesting.set(m, "decoder.0.b", 3 + q, Math.log(SIGMA2 - MIN_SCALE * MIN_SCALE));
        }
        // encoder: μ_j = s_j/(s_j² + σ²) · u_jᵀ(x − b), log σ_j² = log(σ²/(s_j² + σ²))
        for (int j = 0; j < 2; j++) {
            double c = meanFactor * S[j] / (S[j] * S[j] + SIGMA2);
            double bias = 0;
            for (int i = 0; i < 3; i++) {
                VaeTesting.set(m, "encoder.0.W", i * 4 + j, c * U[i][j]);
                bias -= c * U[i][j] * B[i];
            }
            VaeTesting.set(m, "encoder.0.b", j, bias);
            VaeTesting.set(m, "encoder.0.b", 2 + j, Math.log(SIGMA2 / (S[j] * S[j] + SIGMA2)) + logVarShift);
        }
        return m;
    }

    /** log N(x; b, W Wᵀ + σ² I) by Cholesky. */
    static double logMarginal(double[] x) {
        double[][] c = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double v = a == b ? SIGMA2 : 0;
                for (int j = 0; j < 2; j++) {
                    v += U[a][j] * S[j] * U[b][j] * S[j];
                }
                c[a][b] = v;
            }
        }
        double[][] l = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int q = 0; q < j; q++) {
                    s -= l[i][q] * l[j][q];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double[] y = new double[3];
        double quad = 0;
        double logDet = 0;
        for (int i = 0; i < 3; i++) {
            double s = x[i] - B[i];
            for (int q = 0; q < i; q++) {
                s -= l[i][q] * y[q];
            }
            y[i] = s / l[i][i];
            quad += y[i] * y[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * quad - 0.5 * logDet - 1.5 * Math.log(2 * Math.PI);
    }

    static double[][] ppcaData(int n, Rng rng) {
        double[][] x = new double[n][3];
        for (double[] r : x) {
            double z0 = rng.gaussian();
            double z1 = rng.gaussian();
            for (int q = 0; q < 3; q++) {
                r[q] = B[q] + U[q][0] * S[0] * z0 + U[q][1] * S[1] * z1 + Math.sqrt(SIGMA2) * rng.gaussian();
            }
        }
        return x;
    }

    @Test
    void withTheExactPosteriorEveryBoundEqualsLogPExactly() {
        VaeModel m = ppca(1, 0);
        double[][] x = ppcaData(50, new Rng(1));
        x[0] = new double[] {8, -7, 9};   // far in the tail too
        for (int k : new int[] {1, 7, 5000}) {   // 5000 > one decoder chunk: exercises the streaming log-sum-exp
            double[] lb = m.lowerBound(x, k, new Rng(2));
            for (int i = 0; i < x.length; i++) {
                assertEquals(logMarginal(x[i]), lb[i], 1e-9 * (1 + Math.abs(lb[i])), "k=" + k + " row " + i);
            }
        }
        // the analytic-KL form of the ELBO agrees in expectation: E_q log p(x|z) − KL = log p(x)
        VaeModel.ElboTerms t = m.elboTerms(x, 4000, new Rng(3));
        for (int i = 1; i < x.length; i++) {
            assertEquals(logMarginal(x[i]), t.elbo()[i], 0.05, "row " + i);
        }
    }

    @Test
    void theTrainingObjectivesAreTheNegativeBoundsOnTheExactModel() {
        // with the exact posterior, −IWAE loss = mean log p(x) exactly, and −ELBO loss (analytic KL,
        // Monte Carlo reconstruction) equals it up to Monte Carlo error: a dropped or mis-weighted KL
        // term, or a wrong log-weight, shows here
        VaeModel m = ppca(1, 0);
        double[][] rows = ppcaData(20, new Rng(5));
        double[] x = VaeTesting.flat(rows);
        double meanLogP = 0;
        for (double[] r : rows) {
            meanLogP += logMarginal(r) / rows.length;
        }
        Rng rng = new Rng(6);
        int k = 3000;
        double[] eps = new double[rows.length * k * 2];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.gaussian();
        }
        assertEquals(-meanLogP, m.objective(x, rows.length, 3, eps, VaeModel.Objective.IWAE, 1.0, false), 1e-9);
        assertEquals(-meanLogP, m.objective(x, rows.length, k, eps, VaeModel.Objective.ELBO, 1.0, false), 0.02);
        assertEquals(meanLogP, m.lastReconstruction() - m.lastKl(), 0.02);
        // β weights the KL exactly
        double kl = m.lastKl();
        double l1 = m.objective(x, rows.length, k, eps, VaeModel.Objective.ELBO, 1.0, false);
        double l2 = m.objective(x, rows.length, k, eps, VaeModel.Objective.ELBO, 0.25, false);
        assertEquals(0.75 * kl, l1 - l2, 1e-9);
        assertTrue(kl > 0.5, "KL " + kl);
    }

    @Test
    void withAPerturbedEncoderTheBoundStaysBelowLogPAndApproachesItAsKGrows() {
        VaeModel m = ppca(0.6, 0.8);
        int n = 400;
        double[][] x = ppcaData(n, new Rng(4));
        double[] logp = new double[n];
        for (int i = 0; i < n; i++) {
            logp[i] = logMarginal(x[i]);
        }
        int[] ks = {1, 10, 100, 1000};
        double[] gaps = new double[ks.length];
        double[][] perRow = new double[ks.length][];
        for (int a = 0; a < ks.length; a++) {
            double[] lb = m.lowerBound(x, ks[a], new Rng(10 + a));
            double[] gap = new double[n];
            for (int i = 0; i < n; i++) {
                gap[i] = logp[i] - lb[i];
            }
            perRow[a] = gap;
            gaps[a] = MonteCarlo.mean(gap);
            // never above log p beyond Monte Carlo error
            assertTrue(gaps[a] > -3 * MonteCarlo.standardError(gap), "k=" + ks[a] + ": mean L_k − log p = " + (-gaps[a]));
        }
        assertTrue(gaps[0] > 0.2, "a perturbed encoder should leave a clear ELBO gap, got " + gaps[0]);
        for (int a = 1; a < ks.length; a++) {
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) {
                diff[i] = perRow[a - 1][i] - perRow[a][i];
            }
            // tighter with k, clearly beyond the Monte Carlo error
            assertTrue(MonteCarlo.mean(diff) > 3 * MonteCarlo.standardError(diff),
                    "k=" + ks[a - 1] + " → " + ks[a] + ": gap " + gaps[a - 1] + " → " + gaps[a]);
        }
        assertTrue(gaps[3] < 0.02 * gaps[0] + 0.01, "gap at k=1000: " + gaps[3] + " (k=1: " + gaps[0] + ")");
    }
}
