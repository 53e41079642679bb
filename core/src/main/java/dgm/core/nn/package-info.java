/**
 * Neural-network building blocks with hand-written backward passes, shared by the flow, VAE and
 * GAN modules: dense layers and MLPs over flat row-major {@code double[]} batches, activations,
 * one flat parameter buffer per model, Adam with gradient-norm clipping and learning-rate schedules.
 *
 * <p>Engine choice (measured on the project's 2-core machine, under load from other processes):
 * Java loops over heap arrays for everything elementwise and for small products, and ND4J's BLAS
 * {@code gemm} for products of at least 32,768 multiply-adds ({@link dgm.core.nn.Gemm}). The scalar
 * Java kernel reaches about 7 GFLOP/s (C2 on JDK 17 does not vectorise it); 256×64 by 64×64 took
 * about 300 µs in Java and about 90 µs through {@code gemm} in float64, and copying the operands in
 * and out of cached native buffers is a memcpy. A RealNVP step (4 couplings, 1→64→64→2, batch 256,
 * Adam) went from about 5.8 ms to 2.1–3.2 ms of thread CPU time with the native products.
 * Everything is float64, so the code that trains is the code whose gradients the tests check by
 * finite differences (float32 was not tried).
 *
 * <p>Conventions: a batch of n rows of width w is a {@code double[]} of length at least n·w,
 * row-major; {@code n} is always passed explicitly so buffers can be reused across batch sizes.
 * Backward passes <em>accumulate</em> parameter gradients into the {@link dgm.core.nn.ParamBuffer}
 * (call {@link dgm.core.nn.ParamBuffer#zeroGrad()} before each step) and <em>overwrite</em> input
 * gradients.
 */
package dgm.core.nn;
