/**
 * JMH benchmarks of the workbench's hot paths and the {@code bench} command that runs them
 * (targets, machine facts and every measured session: docs/performance.md).
 *
 * <p><b>What is measured.</b> {@link dgm.experiments.bench.FlowStepBenchmark}: one training step of
 * realnvp, maf, nsf and glow (4 layers, conditioners d→64→64→·, batch 256, Adam; the reference
 * configuration of docs/performance.md), swept over batch 64…4096, hidden width 32…512 and dimension 2…784, one axis at a
 * time. {@link dgm.experiments.bench.VaeBenchmark}: one VAE training step on the 64-dimensional
 * digits (encoder 64→256→256→16, decoder 8→256→256→64, batch 128, Adam; row {@code vae_step}) and
 * the IWAE bound with k = 1000 on the 359 test digits ({@code vae_iwae_k1000}).
 * {@link dgm.experiments.bench.FGanBenchmark}: one f-GAN (KL) step, one critic and one generator
 * update, generator 2→128→128→2, critic 2→128→128→1, batch 256 ({@code fgan_step}).
 * {@link dgm.experiments.bench.GemmOnlyBenchmark}: only the BLAS calls of a realnvp step, same
 * routines, shapes and order, on preallocated native buffers, shared by all layers (the floor,
 * {@code realnvp_step_gemm_only/batch=B}, B = 1024 and 4096) or one per layer and coupling
 * ({@code …/engine=blas-per-layer}); summary.md then prints the step's time over them (the
 * target of docs/performance.md: at most 1.10 at batch ≥ 1024). {@link dgm.experiments.bench.ElementwiseFloorBenchmark}:
 * only the elementwise passes no implementation with separate BLAS calls avoids (bias fills, ReLU,
 * its derivative; {@code realnvp_step_elementwise_floor/batch=B}); (BLAS + it) / BLAS is the lowest
 * ratio such an implementation can reach. {@link dgm.experiments.bench.BlasReplayBenchmark}: the
 * same baseline for any family's step, written down by nobody: the BLAS calls of one warm step of
 * realnvp, maf, nsf, glow, the VAE or the f-GAN are recorded ({@link dgm.core.nn.BlasTrace}) and
 * made again alone on buffers shared as the step shared them
 * ({@code {model}_step_blas_replay/batch=B}); summary.md divides each step by it. For realnvp it
 * agrees with the hand-written per-layer baseline (same multiply-adds, tested; same time within
 * the noise).
 * {@link dgm.experiments.bench.FlowDensityBenchmark}: log-density and sampling of 10,000
 * points. {@link dgm.experiments.bench.MetricsBenchmark}: MMD, the 1-NN two-sample test and
 * precision/recall/density/coverage at n = 10,000. Inputs are built in seeded {@code @Setup}
 * methods; results are returned (JMH sinks them in its Blackhole); every trial is forked, warmed up
 * and measured for the iterations {@link dgm.experiments.bench.BenchPlan} sets per run. Each
 * benchmark also counts its thread's CPU time ({@link dgm.experiments.bench.CpuTime}), the less
 * distorted number when other processes share the cores.
 *
 * <p><b>Running.</b> {@code ./workbench bench --out DIR [--quick|--full] [--include REGEX] [--list]};
 * one benchmark by hand: {@code java -cp experiments/target/workbench.jar org.openjdk.jmh.Main REGEX}
 * with the variables below exported. The benchmark list is {@code META-INF/BenchmarkList}, written by JMH's
 * annotation processor at compile time into {@code workbench.jar}; the forks run with the parent's
 * class path (the jar, whose manifest names {@code lib/}), so no uber-jar is needed. Output:
 * {@code DIR/jmh.json} (JMH's JSON, all runs), {@code DIR/summary.csv} ({@code benchmark,ms_per_op},
 * wall-clock, measured rows only), {@code DIR/summary.md} (wall and CPU time against PyTorch, with
 * the load average before and after) and {@code DIR/logs/} (JMH's text output per run).
 *
 * <p><b>Threads.</b> The forks run ND4J's OpenMP pool and OpenBLAS's own threads at one thread each
 * (docs/performance.md: oversubscription makes small ops ~10× slower, and OpenBLAS's threaded
 * products change their bits with the count); the workbench's own threads (tiled products, row
 * passes: {@link dgm.core.nn.Workers}) are {@code -Ddgm.threads}, auto by default (every core of the
 * fork), {@code DGM_THREADS=1} for one. JMH cannot set a fork's environment ({@code jvmArgsAppend}
 * passes JVM options only), but a fork inherits its parent's, and the {@code ./workbench} launcher
 * exports OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1; the forks also call
 * {@link dgm.core.run.ThreadSettings#configureDefault()} in their set-up. {@code bench} warns when
 * the variables are missing and records them in summary.md.
 *
 * <p><b>PyTorch in the same session.</b> {@code --pytorch PYTHON} runs the mirror scripts of
 * {@code experiments/reference/} after the benchmarks ({@link dgm.experiments.bench.PyTorchReference})
 * and summary.md compares with their times; {@link dgm.experiments.bench.ImageStepBenchmark} and
 * {@link dgm.experiments.bench.ImageBoundBenchmark} are the image-scale rows they mirror.
 *
 * <p><b>Adding a benchmark</b>: a {@code @State} class here with seeded {@code @Setup} and a
 * {@code @Benchmark} method taking {@link dgm.experiments.bench.CpuTime}; its row name and reference
 * configuration in {@link dgm.experiments.bench.BenchSummary#ROWS}; a run in
 * {@link dgm.experiments.bench.BenchPlan#plan}. A row with a PyTorch time in
 * {@link dgm.experiments.bench.BenchSummary#PYTORCH_MS} that a run did not measure (e.g. left out by
 * {@code --include}) shows as "not measured".
 *
 * <p><b>Reading the numbers.</b> On a machine shared with other processes report the thread CPU
 * time (column "CPU ms/op (thread)"): wall time then counts the waits for a core. The OpenBLAS
 * kernel family matters as much as the code: {@code OPENBLAS_CORETYPE} (recorded in summary.md)
 * changed the dgemm time of these shapes by up to 2× on this machine (docs/performance.md, session 3), so
 * compare runs only at the same core type. Measured before/after tables and the commands are in
 * docs/performance.md.
 */
package dgm.experiments.bench;
