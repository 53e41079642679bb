/**
 * Classical density baselines (family {@code baseline}), so that every deep model is compared with
 * a floor whose behaviour a reviewer already knows. All are
 * {@link dgm.core.model.DensityModel}s: their log-densities are exact and normalised, in nats per
 * example, in the space the model was trained on (on dequantised data, an upper bound on the
 * discrete NLL, docs/likelihood.md).
 *
 * <table>
 *   <caption>Models and parameters (defaults in brackets)</caption>
 *   <tr><th>id</th><th>density</th><th>parameters</th><th>uses validation</th></tr>
 *   <tr><td>{@code gaussian}</td><td>N(x; μ, Σ), ML fit</td><td>ridge [1e-9]</td><td>no</td></tr>
 *   <tr><td>{@code gmm-diag}, {@code gmm-full}</td><td>Σₖ wₖ N(x; μₖ, Σₖ), EM</td>
 *       <td>k [0 = choose], k_max [200], reg_covar [1e-6], shrinkage (full) [−1 = choose], max_iter [500],
 *       tol [1e-6], n_init [1], kmeans_iter [10], max_points [diag: 0 = all; full: 10000]</td>
 *       <td>choice of k (and of the shrinkage)</td></tr>
 *   <tr><td>{@code histogram}</td><td>Πⱼ Pⱼ(bin)/w, Laplace-smoothed; unit cells on dequantised data,
 *       equal-width bins with exponential tails on continuous data</td><td>alpha [1], bins [32]</td><td>no</td></tr>
 *   <tr><td>{@code kde}</td><td>(1/m) Σᵢ N(x; xᵢ, h² diag σ²)</td>
 *       <td>bandwidth [0 = choose], max_points [5000], standardize [true]</td><td>bandwidth choice</td></tr>
 * </table>
 *
 * <p>Fits read {@code ctx.data().train()} only, and {@code validation()} only to choose the KDE
 * bandwidth and the mixtures' k; never the test split. Randomness comes only from named seeds
 * ({@code init} for the mixtures' k-means++, {@code subsample} for the KDE's centres and the
 * mixtures' EM subset). Arithmetic is on {@code double}; the large products of the Gaussian and the
 * mixtures (quadratic forms, scatter matrices, k-means distances, over blocks of rows) go through
 * {@link dgm.core.nn.Gemm}, i.e. the process's {@link dgm.core.nn.Engine} (OpenBLAS, one thread, or
 * Java loops with {@code -Ddgm.engine=java}), which is recorded in every run record. So the same
 * seed gives a bit-identical fit for the same engine and OpenBLAS core type, and a saved model
 * restores to bit-identical samples and log-densities; across engines results agree to rounding.
 */
package dgm.core.baselines;
