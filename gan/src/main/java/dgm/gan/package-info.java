/**
 * The f-GAN (Nowozin, Cseke, Tomioka, "f-GAN: Training Generative Neural Samplers using Variational
 * Divergence Minimization", NIPS 2016): the mathematical core, in float64 and without networks.
 *
 * <ul>
 *   <li>{@link dgm.gan.Divergence}: the nine f-divergences with f, f′, the output activation g_f, the
 *       conjugate f* and its domain, and the fused, stable f*(g_f(v)) with derivatives.</li>
 *   <li>{@link dgm.gan.VariationalObjective} and {@link dgm.gan.GeneratorLoss}: the batch objective
 *       F̂ = mean g_f(V(x_P)) − mean f*(g_f(V(x_Q))) and the saturating / alternative generator losses,
 *       with gradients with respect to the critic outputs.</li>
 *   <li>{@link dgm.gan.Divergences}: ground truth by quadrature and closed forms, the optimal critic
 *       and the supremum identity F(T*) = D_f.</li>
 *   <li>{@link dgm.gan.GaussianFit}: the exact optimum of the paper's Gaussian-fit experiment.</li>
 * </ul>
 *
 * <p>Conventions: D_f(P‖Q) = ∫ q f(p/q) dx, P the data and Q the model; Pearson χ² = ∫(p−q)²/q,
 * Neyman χ² = ∫(p−q)²/p; D_js = 2·JSD; D_gan = 2·JSD − log 4 (its f(1) = −log 4, so D_gan(P‖P) = −log 4).
 */
package dgm.gan;
