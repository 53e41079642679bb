/**
 * Neural-network building blocks with hand-written backward passes, shared by the flow, VAE and
 * GAN modules: dense layers and MLPs over flat row-major {@code double[]} batches, activations,
 * one flat parameter buffer per model, Adam with gradient-norm clipping and learning-rate schedules.
 *
 * <p>Engine: {@link dgm.core.nn.Engine} is the one place that decides which code computes a product,
 * once per process from system properties ({@code -Ddgm.engine=blas|java}, default blas;
 * {@code -Ddgm.nn.nativeGemmMin}, default 32,768 multiply-adds; {@code -Ddgm.nn.layerByLayer}),
 * the same under Maven and the launcher, and recorded in every run record. With BLAS: Java loops
 * over heap arrays for everything elementwise and for layers below the threshold, and OpenBLAS (the
 * library ND4J's CPU backend links, called directly through its JavaCPP binding: ND4J's own
 * {@code gemm} costs ~35 µs a call in op-context overhead) for layers of at least the threshold
 * ({@link dgm.core.nn.Dense} decides per layer and pass, {@link dgm.core.nn.BlasLayer} makes the
 * calls: GEMM, or GER and GEMV for one-input and thin layers, the bias written first and the
 * product accumulated onto it). An {@link dgm.core.nn.Mlp} large enough for BLAS keeps its
 * activations in native buffers between layers (the resident path) and copies them into Java only
 * for the elementwise activation and its derivative, which C2 vectorises (JDK 17 can neither
 * vectorise loops over native memory nor hand a heap array to native code without a copy). With
 * Java: every product in the Java kernels of {@link dgm.core.nn.Gemm}. SameDiff graphs were
 * measured 20× slower than PyTorch at these sizes and were not used; those times and the ones of
 * both engines, the threshold and the resident path are in docs/performance.md. Every BLAS call goes through
 * {@link dgm.core.nn.BlasTrace}, which can record a piece of work's calls and replay them alone
 * (the benchmarks' "BLAS calls alone" baseline). Everything is float64, so the code that trains is
 * the code whose gradients the tests check by finite differences (float32 was not tried).
 *
 * <p>Conventions: a batch of n rows of width w is a {@code double[]} of length at least n·w,
 * row-major; {@code n} is always passed explicitly so buffers can be reused across batch sizes.
 * Backward passes <em>accumulate</em> parameter gradients into the {@link dgm.core.nn.ParamBuffer}
 * (call {@link dgm.core.nn.ParamBuffer#zeroGrad()} before each step) and <em>overwrite</em> input
 * gradients.
 */
package dgm.core.nn;
