/**
 * Neural-network building blocks with hand-written backward passes, shared by the flow, VAE and
 * GAN modules: dense layers and MLPs over flat row-major {@code double[]} batches, activations,
 * one flat parameter buffer per model, Adam with gradient-norm clipping and learning-rate schedules.
 *
 * <p>Engine choice (measured on the project's 2-core machine, see the flow module's notes): plain
 * Java loops over heap arrays. ND4J's {@code gemm} is faster on the matrix product alone (about 90
 * µs in float64 and 40 µs in float32 for 256×64 by 64×64, against about 300 µs here), but copying
 * Java arrays into and out of native buffers costs more than it saves, and the per-op overhead of
 * everything else (REFERENCE §5) dominates at these sizes. Everything is float64, so the very code
 * that trains is the code whose gradients the tests check by finite differences. The matrix kernels
 * live in {@link dgm.core.nn.Gemm} alone, so a faster one can replace them without touching layers.
 *
 * <p>Conventions: a batch of n rows of width w is a {@code double[]} of length at least n·w,
 * row-major; {@code n} is always passed explicitly so buffers can be reused across batch sizes.
 * Backward passes <em>accumulate</em> parameter gradients into the {@link dgm.core.nn.ParamBuffer}
 * (call {@link dgm.core.nn.ParamBuffer#zeroGrad()} before each step) and <em>overwrite</em> input
 * gradients.
 */
package dgm.core.nn;
