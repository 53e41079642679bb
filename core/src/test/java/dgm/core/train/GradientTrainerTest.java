package dgm.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training loop on a small objective whose every ingredient can be checked: least squares
 * y ≈ w₀x + w₁ with a random mask on each minibatch (drawn from the objective's own generator, so a
 * checkpoint must carry its state), a buffer that moves each step (like batch norm's averages), rows
 * re-made every epoch from a generator (like re-dequantisation), and hooks to make a loss, a
 * gradient or a score non-finite at a chosen step.
 */
class GradientTrainerTest {

    /** Least squares with a per-step random mask; records the parameters at the start of every iteration. */
    static final class Squares implements Objective {
        final ParamBuffer p = new ParamBuffer();
        final ParamBuffer running = new ParamBuffer();
        final ParamGroup group;
        final Rng mask;
        final double[][] validation;
        final List<double[]> startOf = new ArrayList<>();
        long nanLossAt = -1;
        long nanGradAt = -1;
        long nanScoreAfter = -1;

        Squares(long seed, double[][] validation) {
            p.allocate("w", 2);
            running.allocate("mean_loss", 1);
            group = ParamGroup.adam("squares", p, 0.05);
            mask = new Rng(seed);
            this.validation = validation;
        }

        @Override
        public List<ParamGroup> groups() {
            return List.of(group);
        }

        @Override
        public List<ParamBuffer> buffers() {
            return List.of(running);
        }

        @Override
        public void iterate(GradientTrainer.Iteration it) {
            startOf.add(p.snapshot());
            double loss = it.update(group, "train_mse", () -> {
                double[] x = it.batch();
                double[] w = p.values();
                double[] g = p.grads();
                double s = 0;
                int used = 0;
                for (int i = 0; i < it.rows(); i++) {
                    if (mask.uniform() < 0.2) {
                        continue;
                    }
                    double r = w[0] * x[2 * i] + w[1] - x[2 * i + 1];
                    s += r * r;
                    g[0] += 2 * r * x[2 * i];
                    g[1] += 2 * r;
                    used++;
                }
                if (it.step() == nanGradAt) {
                    g[0] = Double.NaN;
                }
                return it.step() == nanLossAt ? Double.NaN : s / Math.max(1, used);
            });
            running.values()[0] = 0.9 * running.values()[0] + 0.1 * loss;
            it.record("train_mse", loss, it.rows());
        }

        @Override
        public Report report(GradientTrainer.Period per) {
            Map<String, Double> v = per.means();
            v.put("lr", per.lr(group));
            double val = 0;
            for (double[] r : validation) {
                double e = p.values()[0] * r[0] + p.values()[1] - r[1];
                val += e * e;
            }
            val /= validation.length;
            if (per.step() == nanScoreAfter) {
                val = Double.POSITIVE_INFINITY;
            }
            v.put("val_mse", val);
            return Report.selecting(v, val, "mse " + val);
        }

        @Override
        public void save(TrainingState s) {
            s.putLong("squares.mask", mask.state());
        }

        @Override
        public void restore(TrainingState s) {
            mask.setState(s.getLong("squares.mask"));
        }
    }

    static double[][] line(int n, long seed) {
        Rng r = new Rng(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double u = r.gaussian();
            x[i] = new double[] {u, 3 * u - 1 + 0.3 * r.gaussian()};
        }
        return x;
    }

    /** Rows re-made every epoch (fresh noise on the target), from their own generator. */
    static Batches.EpochRows refreshed(double[][] rows, Rng rng) {
        return new Batches.EpochRows() {
            long before = rng.state();

            @Override
            public double[][] rows(int epoch) {
                before = rng.state();
                double[][] out = new double[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    out[i] = new double[] {rows[i][0], rows[i][1] + 0.1 * rng.gaussian()};
                }
                return out;
            }

            @Override
            public void save(TrainingState s, String key, boolean epochBegun) {
                s.putLong(key, epochBegun ? before : rng.state());
            }

            @Override
            public void restore(TrainingState s, String key) {
                rng.setState(s.getLong(key));
            }
        };
    }

    /** A fresh objective and trainer, built the same way each time (as a resumed run rebuilds them). */
    record Run(Squares objective, GradientTrainer trainer) {
        static Run make(TrainingOptions o) {
            Squares s = new Squares(7, line(50, 2));
            return new Run(s, new GradientTrainer(s, o, Batches.rows(line(103, 1), new Rng(5), refreshed(line(103, 1), new Rng(6)))));
        }
    }

    static final TrainingOptions EPOCHS = new TrainingOptions(0, 6, 20, "cosine", 1.0, 0, 0, 0, 1);

    private static TrainingState roundTrip(TrainingState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.write(b);
        return TrainingState.read(new ByteArrayInputStream(b.toByteArray()), "test");
    }

    private static List<Map<String, Double>> values(List<HistoryPoint> h) {
        List<Map<String, Double>> out = new ArrayList<>();
        for (HistoryPoint p : h) {
            Map<String, Double> m = new LinkedHashMap<>(p.values());
            m.put("step", (double) p.step());
            out.add(m);
        }
        return out;
    }

    @Test
    void aRunResumedFromAnyCheckpointEndsBitForBitAsTheUninterruptedOne() throws IOException {
        Run a = Run.make(EPOCHS);
        Checkpoints.InMemory every4 = new Checkpoints.InMemory(4, null);
        GradientTrainer.Outcome full = a.trainer().fit(every4, TrainingListener.NONE);
        assertEquals(RunStatus.COMPLETED, full.status());
        assertEquals(36, full.steps(), "6 epochs of ⌈103/20⌉ = 6 steps");
        // 8 checkpoints inside the run (every 4 steps; some inside an epoch, some at its end) and the final one
        assertEquals(9, every4.written().size());
        for (TrainingState c : every4.written().subList(0, 8)) {
            long at = c.getLong("trainer.step");
            Run b = Run.make(EPOCHS);
            List<HistoryPoint> replayed = new ArrayList<>();
            GradientTrainer.Outcome resumed = b.trainer().fit(new Checkpoints.InMemory(0, roundTrip(c)), replayed::add);
            assertEquals(at, resumed.resumedFromStep());
            assertArrayEquals(a.objective().p.values(), b.objective().p.values(), 0.0, "parameters, resumed at step " + at);
            assertArrayEquals(a.objective().running.values(), b.objective().running.values(), 0.0, "buffers, step " + at);
            assertEquals(values(full.history()), values(resumed.history()), "history, step " + at);
            assertEquals(values(full.history()), values(replayed), "the listener sees the whole history, step " + at);
            assertEquals(full.detail(), resumed.detail());
            assertEquals(a.objective().mask.state(), b.objective().mask.state(), "the objective's generator, step " + at);
        }
        // the final checkpoint: nothing left to train, the same outcome and parameters
        Run c = Run.make(EPOCHS);
        GradientTrainer.Outcome done = c.trainer().fit(new Checkpoints.InMemory(0, roundTrip(every4.last())), TrainingListener.NONE);
        assertEquals(full.detail(), done.detail());
        assertArrayEquals(a.objective().p.values(), c.objective().p.values(), 0.0);
        assertTrue(c.objective().startOf.isEmpty(), "a finished checkpoint trains no further");
    }

    @Test
    void theKeptParametersAreThoseOfTheBestReport() {
        Run a = Run.make(new TrainingOptions(0, 12, 20, "constant", 1.0, 0, 0, 0, 1));
        GradientTrainer.Outcome out = a.trainer().fit(Checkpoints.NONE, TrainingListener.NONE);
        double best = out.history().stream().mapToDouble(h -> h.values().get("val_mse")).min().orElseThrow();
        assertEquals(best, out.bestScore(), 0.0);
        double val = 0;
        for (double[] r : a.objective().validation) {
            double e = a.objective().p.values()[0] * r[0] + a.objective().p.values()[1] - r[1];
            val += e * e;
        }
        assertEquals(best, val / a.objective().validation.length, 1e-15);
        assertTrue(out.detail().contains("kept the best"), out.detail());
    }

    @Test
    void patienceStopsEarlyButNotBeforePatienceFrom() {
        TrainingOptions frozen = new TrainingOptions(0, 40, 20, "constant", 1.0, 2, 0, 0, 1);
        Squares s = new Squares(7, line(50, 2));
        ParamGroup still = ParamGroup.adam("still", s.p, 0.0);
        Objective noLearning = new Objective() {
            @Override
            public List<ParamGroup> groups() {
                return List.of(still);
            }

            @Override
            public void iterate(GradientTrainer.Iteration it) {
                it.update(still, "loss", () -> 1.0);
            }

            @Override
            public Report report(GradientTrainer.Period p) {
                return Report.selecting(Map.of("val", 1.0), 1.0, "");
            }
        };
        GradientTrainer.Outcome o = new GradientTrainer(noLearning, frozen, Batches.rows(line(103, 1), new Rng(5)))
                .fit(Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(3, o.history().size(), "the first report sets the best; two more without improvement stop it");
        assertTrue(o.detail().startsWith("early stop after epoch 3"), o.detail());
        GradientTrainer.Outcome later = new GradientTrainer(noLearning, frozen.withPatienceFrom(5),
                Batches.rows(line(103, 1), new Rng(5))).fit(Checkpoints.NONE, TrainingListener.NONE);
        assertEquals(7, later.history().size(), "reports before index 5 do not count");
    }

    /** The NaN rule: every failure restores the parameters at the start of iteration t − 1 (t ≥ 1). */
    @Test
    void aNonFiniteLossGradientOrScoreRestoresTheStartOfTheLastFiniteIteration() {
        for (String what : List.of("loss", "gradient", "score")) {
            Run r = Run.make(EPOCHS);
            Squares s = r.objective();
            switch (what) {
                case "loss" -> s.nanLossAt = 9;
                case "gradient" -> s.nanGradAt = 9;
                default -> s.nanScoreAfter = 12;
            }
            GradientTrainer.Outcome o = r.trainer().fit(Checkpoints.NONE, TrainingListener.NONE);
            assertEquals(RunStatus.DIVERGED, o.status(), what);
            // a report after 12 iterations distrusts the last of them, as a failing iteration 12 would be
            long failing = what.equals("score") ? 12 : 9;
            assertArrayEquals(s.startOf.get((int) failing - 1), s.p.values(), 0.0, what + ": " + o.detail());
            assertTrue(o.detail().contains("before step " + (failing - 1)), o.detail());
            assertEquals(1.0, o.history().get(o.history().size() - 1).values().get("diverged"), what);
        }
        Run first = Run.make(EPOCHS);
        first.objective().nanLossAt = 0;
        GradientTrainer.Outcome o = first.trainer().fit(Checkpoints.NONE, TrainingListener.NONE);
        assertArrayEquals(first.objective().startOf.get(0), first.objective().p.values(), 0.0);
        assertTrue(o.detail().contains("initial parameters"), o.detail());
    }

    @Test
    void aWallClockLimitStopsAtAStepAndSaysSo() {
        Run r = Run.make(new TrainingOptions(0, 1_000_000, 20, "constant", 1.0, 0, 0, 0.2, 1));
        long t0 = System.nanoTime();
        GradientTrainer.Outcome o = r.trainer().fit(Checkpoints.NONE, TrainingListener.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(o.detail().startsWith("time budget of 0.2 s spent after step"), o.detail());
        assertTrue(s >= 0.2 && s < 5, s + " s");
        assertEquals(o.steps(), o.history().get(o.history().size() - 1).step(), "the period is reported when the time is up");
    }

    @Test
    void aCorruptTruncatedOrForeignCheckpointIsRefusedByName() throws IOException {
        Checkpoints.InMemory ck = new Checkpoints.InMemory(4, null);
        Run.make(EPOCHS).trainer().fit(ck, TrainingListener.NONE);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ck.written().get(2).write(b);
        byte[] good = b.toByteArray();
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        InputException e = assertThrows(InputException.class,
                () -> TrainingState.read(new ByteArrayInputStream(flipped), "ck.bin"));
        assertTrue(e.getMessage().contains("ck.bin") && e.getMessage().contains("checksum"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 40);
        assertThrows(InputException.class, () -> TrainingState.read(new ByteArrayInputStream(cut), "ck.bin"));
        assertThrows(InputException.class, () -> TrainingState.read(new ByteArrayInputStream(new byte[3]), "ck.bin"));
        // a checkpoint of another plan (other batch size) is refused, not silently continued
        TrainingState other = TrainingState.read(new ByteArrayInputStream(good), "ck.bin");
        GradientTrainer t = Run.make(new TrainingOptions(0, 6, 25, "cosine", 1.0, 0, 0, 0, 1)).trainer();
        InputException f = assertThrows(InputException.class, () -> t.fit(new Checkpoints.InMemory(0, other), TrainingListener.NONE));
        assertTrue(f.getMessage().contains("another model or plan"), f.getMessage());
    }
}
