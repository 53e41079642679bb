package dgm.core.metrics;

import dgm.core.rng.Rng;

/**
 * Precision, recall, density and coverage with k-nearest-neighbour balls (Naeem, Oh, Uh, Choi, Yoo,
 * "Reliable Fidelity and Diversity Metrics for Generative Models", ICML 2020, eqs. 1–4; precision and
 * recall from Kynkäänniemi, Karras, Laine, Lehtinen, Aila, "Improved Precision and Recall Metric for
 * Assessing Generative Models", NeurIPS 2019).
 *
 * <p>Real points X_1..X_N, fake (generated) points Y_1..Y_M. NND_k(X_i) is the distance from X_i to
 * its k-th nearest other real point, B(x, r) the closed ball {u : ‖u − x‖ ≤ r}:
 *
 * <pre>
 *   precision = (1/M) Σ_j 1[ ∃ i : Y_j ∈ B(X_i, NND_k(X_i)) ]
 *   recall    = (1/N) Σ_i 1[ ∃ j : X_i ∈ B(Y_j, NND_k(Y_j)) ]       (balls around the fakes)
 *   density   = (1/(kM)) Σ_j Σ_i 1[ Y_j ∈ B(X_i, NND_k(X_i)) ]
 *   coverage  = (1/N) Σ_i 1[ ∃ j : Y_j ∈ B(X_i, NND_k(X_i)) ]
 * </pre>
 *
 * Balls are closed (≤), as written by Kynkäänniemi et al.; the reference PRDC code uses a strict
 * &lt;. The two differ only on exact distance ties, which continuous data do not have (with discrete
 * data the closed ball avoids counting a point's exact duplicates as outside).
 *
 * <p>For identical distributions E[density] = 1 and E[coverage] = 1 − Π_{i=1..k} (N−i)/(N+M−i)
 * (Naeem et al. 2020, Lemma 1 and 2; → 1 − 2^−k ≈ 0.969 for k = 5, N = M → ∞), both free of the
 * dimension, while precision and recall fall below 1 as the dimension grows. Density is not bounded
 * by 1: it exceeds 1 when fakes gather where the real balls of this particular sample overlap more
 * than average. With small balls a fake inside the real support lies in about k real balls wherever
 * it is, so density mostly penalises fakes outside the support and is insensitive to how the fakes
 * are spread within it (a shifted or collapsed model can keep density near 1); coverage and recall
 * see the spread.
 *
 * <p>Standard errors are binomial (precision, recall, coverage: √(p(1−p)/count)) or sd/√M (density),
 * i.e. they hold the k-NN balls fixed and ignore their own sampling variability: read them as a lower
 * bound on the uncertainty (in 64-D, density's data-set-to-data-set sd at N = M = 1000 is about 0.1,
 * twice its conditional SE). Cost: brute-force exact k-NN, O((N²/2 + M²/2 + NM)·d).
 * Inputs larger than maxPerSample are subsampled with the {@link Rng} (real first, then fake).
 */
public final class PrecisionRecallDensityCoverage {
    public static final int DEFAULT_K = 5;
    public static final int DEFAULT_MAX_PER_SAMPLE = 10_000;

    private PrecisionRecallDensityCoverage() {
    }

    /**
     * All four numbers are kind ESTIMATE; Estimate.n is the number of terms averaged (M fakes for
     * precision and density, N reals for recall and coverage).
     *
     * @param expectedCoverageIfIdentical E[coverage] for two samples of one distribution of these sizes
     */
    public record Result(Estimate precision, Estimate recall, Estimate density, Estimate coverage, int k,
                         int nReal, int nFake, double expectedCoverageIfIdentical) {
    }

    /** k = {@value #DEFAULT_K}, at most {@value #DEFAULT_MAX_PER_SAMPLE} points per sample. */
    public static Result compute(double[][] real, double[][] fake, Rng rng) {
        return compute(real, fake, DEFAULT_K, DEFAULT_MAX_PER_SAMPLE, rng);
    }

    public static Result compute(double[][] real, double[][] fake, int k, int maxPerSample, Rng rng) {
        int d = Samples.requireSameDimension("real", real, "fake", fake);
        Samples.requireRng(rng);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (maxPerSample < k + 1) {
            throw new IllegalArgumentException("maxPerSample must be >= k+1 = " + (k + 1) + ", got " + maxPerSample);
        }
        Samples.requireAtLeast("real", real, k + 1, "for k = " + k + " nearest neighbours");
        Samples.requireAtLeast("fake", fake, k + 1, "for k = " + k + " nearest neighbours");
        double[][] rs = Samples.subsample(real, maxPerSample, rng);
        double[][] fs = Samples.subsample(fake, maxPerSample, rng);
        int n = rs.length;
        int m = fs.length;
        double[] r = Samples.flatten(rs, d);
        double[] f = Samples.flatten(fs, d);
        double[] realRadius2 = NearestNeighbours.kthNeighbourSquaredDistance(r, n, d, k);
        double[] fakeRadius2 = NearestNeighbours.kthNeighbourSquaredDistance(f, m, d, k);
        double maxRealRadius2 = 0;
        for (double v : realRadius2) {
            maxRealRadius2 = Math.max(maxRealRadius2, v);
        }

        int[] ballsContaining = new int[m];   // per fake: number of real balls containing it
        boolean[] covered = new boolean[n];   // per real: some fake in its ball
        boolean[] recalled = new boolean[n];  // per real: inside some fake's ball
        for (int i = 0; i < n; i++) {
            double ri = realRadius2[i];
            boolean cov = false;
            boolean rec = false;
            for (int j = 0; j < m; j++) {
                double fj = fakeRadius2[j];
                // Exact distance needed only when it can fall inside one of the two balls.
                double s = NearestNeighbours.squaredDistance(r, i, f, j, d, Math.max(ri, fj));
                if (s <= ri) {
                    ballsContaining[j]++;
                    cov = true;
                }
                if (s <= fj) {
                    rec = true;
                }
            }
            covered[i] = cov;
            recalled[i] = rec;
        }
        int inManifold = 0;
        double[] densityTerms = new double[m];
        for (int j = 0; j < m; j++) {
            if (ballsContaining[j] > 0) {
                inManifold++;
            }
            densityTerms[j] = ballsContaining[j] / (double) k;
        }
        int nCovered = 0;
        int nRecalled = 0;
        for (int i = 0; i < n; i++) {
            nCovered += covered[i] ? 1 : 0;
            nRecalled += recalled[i] ? 1 : 0;
        }
        Estimate precision = binomial((double) inManifold / m, m);
        Estimate recall = binomial((double) nRecalled / n, n);
        Estimate density = Estimate.mean(densityTerms, Kind.ESTIMATE);
        Estimate coverage = binomial((double) nCovered / n, n);
        return new Result(precision, recall, density, coverage, k, n, m, expectedCoverageIfIdentical(n, m, k));
    }

    /**
     * 1 − Π_{i=1..k} (N − i)/(N + M − i): the expected coverage when real (N) and fake (M) points
     * come from the same continuous distribution (Naeem et al. 2020, Lemma 2). A real point is not
     * covered iff its k nearest neighbours among the other N − 1 reals and the M fakes are all real.
     */
    public static double expectedCoverageIfIdentical(int nReal, int nFake, int k) {
        double prod = 1;
        for (int i = 1; i <= k; i++) {
            prod *= (double) (nReal - i) / (nReal + nFake - i);
        }
        return 1 - prod;
    }

    private static Estimate binomial(double p, int n) {
        return Estimate.estimate(p, Math.sqrt(Math.max(0, p * (1 - p)) / n), n);
    }
}
