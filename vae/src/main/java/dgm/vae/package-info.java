/**
 * Variational autoencoders (Kingma and Welling 2014) and the importance-weighted bound (Burda,
 * Grosse and Salakhutdinov 2016): {@link dgm.vae.VaeModel} (a
 * {@link dgm.core.model.LatentVariableModel}: Gaussian encoder, N(0, I) prior, an MLP decoder read
 * through a {@link dgm.vae.DecoderLikelihood}), {@link dgm.vae.VaeTrainer} (ELBO with β and KL
 * warm-up, or L_k), and {@link dgm.vae.VaeFamily} (model ids {@code vae}, {@code iwae}).
 *
 * <p>Likelihoods are bounds, never exact: L_k(x) = log (1/k) Σ_s p(x, z_s)/q(z_s|x) ≤ log p(x), in
 * nats per example in the original data space. On dequantised data the {@code dlogistic} decoder
 * makes the bound a bound on a density over [0, L)^d, the space of the flows' exact NLL. Everything is
 * float64 on the shared hand-written networks of {@code dgm.core.nn}.
 */
package dgm.vae;
