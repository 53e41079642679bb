/**
 * Neural-network building blocks with hand-written backward passes, shared by the flow, VAE and
 * GAN modules: dense layers and MLPs over flat row-major {@code double[]} batches, activations,
 * one flat parameter buffer per model, Adam with gradient-norm clipping and learning-rate schedules.
 *
 * <p>Engine choice (measured on the project's 2-core machine; docs/performance.md): Java loops over
 * heap arrays for everything elementwise and for small products, and OpenBLAS (the library ND4J's
 * CPU backend links, called directly through its JavaCPP binding: ND4J's own {@code gemm} costs
 * ~35 µs a call in op-context overhead) for layers of at least 32,768 multiply-adds
 * ({@link dgm.core.nn.Gemm}, {@link dgm.core.nn.BlasLayer}: GEMM, or GER and GEMV for one-input and
 * thin layers, the bias written first and the product accumulated onto it). SameDiff graphs were
 * measured 20× slower than PyTorch at these sizes (docs/performance.md, machine facts) and were not used. An
 * {@link dgm.core.nn.Mlp} large enough for BLAS keeps its activations in native buffers between
 * layers and copies them into Java only for the elementwise activation and its derivative, which
 * C2 vectorises (JDK 17 can neither vectorise loops over native memory nor hand a heap array to
 * native code without a copy). Every BLAS call goes through {@link dgm.core.nn.BlasTrace}, which
 * can record a piece of work's calls and replay them alone (the benchmarks' "BLAS calls alone"
 * baseline). Everything is float64, so the code that trains is the code whose
 * gradients the tests check by finite differences (float32 was not tried).
 *
 * <p>Conventions: a batch of n rows of width w is a {@code double[]} of length at least n·w,
 * row-major; {@code n} is always passed explicitly so buffers can be reused across batch sizes.
 * Backward passes <em>accumulate</em> parameter gradients into the {@link dgm.core.nn.ParamBuffer}
 * (call {@link dgm.core.nn.ParamBuffer#zeroGrad()} before each step) and <em>overwrite</em> input
 * gradients.
 */
package dgm.core.nn;
