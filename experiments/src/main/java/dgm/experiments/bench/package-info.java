/**
 * JMH benchmarks of the workbench's hot paths and the {@code bench} command that runs them
 * (issue 7).
 *
 * <p><b>What is measured.</b> {@link dgm.experiments.bench.FlowStepBenchmark}: one training step of
 * realnvp, maf, nsf and glow (4 layers, conditioners d→64→64→·, batch 256, Adam; REFERENCE §5's
 * configuration), swept over batch 64…4096, hidden width 32…512 and dimension 2…784, one axis at a
 * time. {@link dgm.experiments.bench.FlowDensityBenchmark}: log-density and sampling of 10,000
 * points. {@link dgm.experiments.bench.MetricsBenchmark}: MMD, the 1-NN two-sample test and
 * precision/recall/density/coverage at n = 10,000. Inputs are built in seeded {@code @Setup}
 * methods; results are returned (JMH sinks them in its Blackhole); every trial is forked, warmed up
 * and measured for the iterations {@link dgm.experiments.bench.BenchPlan} sets per run. Each
 * benchmark also counts its thread's CPU time ({@link dgm.experiments.bench.CpuTime}), the less
 * distorted number when other processes share the cores.
 *
 * <p><b>Running.</b> {@code ./workbench bench --out DIR [--quick|--full] [--include REGEX] [--list]}
 * (once registered in {@code Workbench}), or before that
 * {@code java -cp experiments/target/workbench.jar dgm.experiments.bench.BenchCommand ...} with the
 * variables below exported. The benchmark list is {@code META-INF/BenchmarkList}, written by JMH's
 * annotation processor at compile time into {@code workbench.jar}; the forks run with the parent's
 * class path (the jar, whose manifest names {@code lib/}), so no uber-jar is needed. Output:
 * {@code DIR/jmh.json} (JMH's JSON, all runs), {@code DIR/summary.csv} ({@code benchmark,ms_per_op},
 * wall-clock, measured rows only), {@code DIR/summary.md} (wall and CPU time against PyTorch, with
 * the load average before and after) and {@code DIR/logs/} (JMH's text output per run).
 *
 * <p><b>Native threads.</b> The forks must run ND4J's OpenMP pool and OpenBLAS with one thread each
 * (REFERENCE §5: oversubscription makes small ops ~10× slower). JMH cannot set a fork's environment
 * ({@code jvmArgsAppend} passes JVM options only), but a fork inherits its parent's, and the
 * {@code ./workbench} launcher exports OMP_NUM_THREADS and OPENBLAS_NUM_THREADS (DGM_THREADS, default
 * 1). The forks also get {@code -Ddgm.threads} and call
 * {@link dgm.core.run.ThreadSettings#configureDefault()} in their set-up. {@code bench} warns when
 * the variables are missing and records them in summary.md.
 *
 * <p><b>Adding a benchmark</b> (the VAE and f-GAN steps): a {@code @State} class here with seeded
 * {@code @Setup} and a {@code @Benchmark} method taking {@link dgm.experiments.bench.CpuTime}; its
 * row name and reference configuration in {@link dgm.experiments.bench.BenchSummary#ROWS}; a run in
 * {@link dgm.experiments.bench.BenchPlan#plan}. Rows {@code vae_step} and {@code fgan_step} already
 * have their PyTorch times in {@link dgm.experiments.bench.BenchSummary#PYTORCH_MS} and are shown
 * as "not measured" until then.
 */
package dgm.experiments.bench;
