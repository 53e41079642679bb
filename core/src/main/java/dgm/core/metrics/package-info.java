/**
 * Sample-quality metrics that need no pretrained network (docs/metrics.md). Data are {@code double[][]}
 * with one point per row (float64); every number comes back as an {@link dgm.core.metrics.Estimate}
 * (kind ESTIMATE) or a small record of them, and every random choice (subsampling, bandwidth
 * subsample, permutations, projection directions) is drawn from an explicit {@link dgm.core.rng.Rng}.
 *
 * <ul>
 *   <li>{@link dgm.core.metrics.Mmd}: unbiased MMD² with Gaussian kernels at h_med·{1/16 … 4}, permutation
 *       p-values per bandwidth and aggregated. Two-sample test; the small bandwidths see errors the
 *       median bandwidth misses.</li>
 *   <li>{@link dgm.core.metrics.EnergyDistance}: unbiased energy distance with a permutation test.</li>
 *   <li>{@link dgm.core.metrics.SlicedWasserstein}: sliced W₁ by sorting (positively biased, compare at
 *       equal n).</li>
 *   <li>{@link dgm.core.metrics.NearestNeighbourTwoSampleTest}: leave-one-out 1-NN accuracy (≈ ½ when
 *       equal, ≪ ½ when copying).</li>
 *   <li>{@link dgm.core.metrics.PrecisionRecallDensityCoverage}: fidelity and diversity with k-NN
 *       balls.</li>
 *   <li>{@link dgm.core.metrics.ModeCoverage}: modes covered and high-quality fraction on mixtures with
 *       known modes.</li>
 *   <li>{@link dgm.core.metrics.Memorisation}: nearest-training-point distances against held-out
 *       real points; the only one here that notices verbatim copies of the training set.</li>
 * </ul>
 *
 * Bad inputs (null, empty, ragged rows, NaN or infinite values, mismatched dimensions, too few points)
 * raise {@link java.lang.IllegalArgumentException} naming the argument, row and column.
 */
package dgm.core.metrics;
