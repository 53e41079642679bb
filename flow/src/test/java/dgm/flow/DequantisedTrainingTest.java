package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.train.Batches;
import dgm.core.train.Checkpoints;
import dgm.core.train.TrainingOptions;
import dgm.core.train.TrainingState;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dequantised-data options of the flow fitter: logit preprocessing and fresh noise per epoch. */
class DequantisedTrainingTest {
    static final int L = 4;

    /** 2-D integer data on {0..3}², correlated, dequantised once with {@code rng}. */
    static double[][] dequantised(int n, Rng rng) {
        double[][] y = new double[n][2];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(L);
            int b = Math.min(L - 1, Math.max(0, a + rng.nextInt(3) - 1));
            y[i][0] = a + rng.uniform();
            y[i][1] = b + rng.uniform();
        }
        return y;
    }

    static Dataset data(DataKind kind) {
        Rng rng = new Rng(17);
        return new Dataset("dq", "synthetic dequantised test data", kind, kind == DataKind.DEQUANTISED ? L : 0,
                "test code", dequantised(400, rng), dequantised(200, rng), dequantised(200, rng),
                Optional.empty(), Optional.empty());
    }

    static FitResult fit(Dataset data, Map<String, String> overrides) {
        ModelSpec spec = new FlowFamily().models().stream().filter(s -> s.id().equals("nsf")).findFirst().orElseThrow();
        java.util.HashMap<String, String> o = new java.util.HashMap<>(Map.of("layers", "2", "hidden", "8",
                "epochs", "4", "batch", "100"));
        o.putAll(overrides);
        Params p = Params.resolve("nsf", spec.params(), o);
        return spec.fitter().fit(new FitContext(data, p, new Seeds(5), h -> { }));
    }

    @Test
    void logitFlowIsNormalisedOnItsBoxAndZeroOutsideIt(@TempDir Path dir) {
        FlowModel m = (FlowModel) fit(data(DataKind.DEQUANTISED), Map.of("logit", "true")).model();
        double alpha = 0.05;
        double margin = alpha * L / (1 - 2 * alpha);
        double lo = -margin;
        double hi = L + margin;
        int k = 800;
        double h = (hi - lo) / k;
        double[][] grid = new double[k * k][];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                grid[a * k + b] = new double[] {lo + (a + 0.5) * h, lo + (b + 0.5) * h};
            }
        }
        double mass = 0;
        for (double v : m.logProb(grid)) {
            mass += Math.exp(v) * h * h;
        }
        assertEquals(1.0, mass, 5e-3, "∫p over the logit box");
        double[] out = m.logProb(new double[][] {{hi + 0.01, 1.0}, {1.0, lo - 0.01}});
        assertEquals(Double.NEGATIVE_INFINITY, out[0]);
        assertEquals(Double.NEGATIVE_INFINITY, out[1]);
        // the logit range lives in the fixed buffers, so a saved model comes back identical
        Path file = dir.resolve("flow.dgm");
        ModelIO.save(m, file);
        ModelState state = ModelIO.read(file);
        FlowModel back = (FlowModel) Architectures.restore(state);
        double[][] x = dequantised(50, new Rng(3));
        assertArrayEquals(m.logProb(x), back.logProb(x), 0.0);
    }

    @Test
    void logitIsRefusedOnContinuousDataAndWithABox() {
        assertThrows(InputException.class, () -> fit(data(DataKind.CONTINUOUS), Map.of("logit", "true")));
        assertThrows(InputException.class, () -> fit(data(DataKind.DEQUANTISED), Map.of("logit", "true", "box", "5")));
    }

    @Test
    void redequantizerKeepsTheIntegerPartsAndDrawsFreshReproducibleNoise() {
        double[][] train = dequantised(100, new Rng(1));
        Batches.EpochRows a = FlowFamily.redequantizer(train, new Rng(9));
        Batches.EpochRows b = FlowFamily.redequantizer(train, new Rng(9));
        assertTrue(a.rows(0) == train, "epoch 0 trains on the dataset's own rows");
        double[][] e1 = a.rows(1);
        double[][] e2 = a.rows(2);
        double[][] f1 = b.rows(1);
        for (int i = 0; i < train.length; i++) {
            assertArrayEquals(e1[i], f1[i], 0.0, "same seed, same noise");
            for (int j = 0; j < 2; j++) {
                assertEquals(Math.floor(train[i][j]), Math.floor(e1[i][j]));
                assertEquals(Math.floor(train[i][j]), Math.floor(e2[i][j]));
                assertNotEquals(train[i][j], e1[i][j]);
                assertNotEquals(e1[i][j], e2[i][j]);
            }
        }
    }

    @Test
    void theTrainerAsksForTheRowsOfEveryEpochAndRedequantizeIsOnForDequantisedData() {
        Rng rng = new Rng(2);
        double[][] train = dequantised(300, rng);
        double[][] val = dequantised(100, rng);
        FlowModel m = Architectures.build("nsf", FlowModelTest.config("nsf", Map.of("layers", "2", "hidden", "8")),
                2, new Rng(4)).model();
        List<Integer> asked = new ArrayList<>();
        Batches.EpochRows base = FlowFamily.redequantizer(train, new Rng(8));
        TrainingOptions o = new TrainingOptions(0, 3, 100, "cosine", 10, 0, 0, 0, 1);
        Batches.EpochRows spy = new Batches.EpochRows() {
            @Override
            public double[][] rows(int epoch) {
                asked.add(epoch);
                return base.rows(epoch);
            }

            @Override
            public void save(TrainingState s, String key, boolean epochBegun) {
                base.save(s, key, epochBegun);
            }

            @Override
            public void restore(TrainingState s, String key) {
                base.restore(s, key);
            }
        };
        FlowTrainer.fit(m, train, val, o, 1e-3, 0.0, new Rng(6), spy, Checkpoints.NONE, h -> { });
        assertEquals(List.of(0, 1, 2), asked);
        // through the family: redequantize (default true) changes the fit on dequantised data, and is off for continuous
        Dataset dq = data(DataKind.DEQUANTISED);
        FlowModel on = (FlowModel) fit(dq, Map.of()).model();
        FlowModel off = (FlowModel) fit(dq, Map.of("redequantize", "false")).model();
        double[][] x = dequantised(20, new Rng(3));
        assertNotEquals(on.logProb(x)[0], off.logProb(x)[0]);
        Dataset cont = data(DataKind.CONTINUOUS);
        assertArrayEquals(((FlowModel) fit(cont, Map.of()).model()).logProb(x),
                ((FlowModel) fit(cont, Map.of("redequantize", "false")).model()).logProb(x), 0.0);
    }

    @Test
    void marginalHistogramFlowAtTheIdentityIsExactlyTheHistogramAndTrainsBelowIt() {
        Dataset dq = data(DataKind.DEQUANTISED);
        Map<String, String> cfg = FlowModelTest.config("nsf", Map.of("layers", "2", "hidden", "8",
                "marginals", "histogram", "actnorm", "false", "standardize", "false"));
        Architectures.Built b = Architectures.build("nsf", cfg, 2, new Rng(4));
        b.marginals().fit(L, 0.0, dq.train(), 1.0);
        double[][] counts = new double[2][L];
        for (double[] r : dq.train()) {
            counts[0][(int) r[0]]++;
            counts[1][(int) r[1]]++;
        }
        double[] lp = b.model().logProb(dq.test());
        double histNll = 0;
        double flowNll = 0;
        for (int i = 0; i < lp.length; i++) {
            double[] y = dq.test()[i];
            double h = 0;
            for (int j = 0; j < 2; j++) {
                h += Math.log((counts[j][(int) y[j]] + 1) / (dq.train().length + L));
            }
            assertEquals(h, lp[i], 1e-9, "row " + i);
            histNll -= h / lp.length;
        }
        // trained (with ActNorm and standardisation, as on the command line), it models the dependence
        FlowModel m = (FlowModel) fit(dq, Map.of("marginals", "histogram", "epochs", "30")).model();
        for (double v : m.logProb(dq.test())) {
            flowNll -= v / lp.length;
        }
        assertTrue(flowNll < histNll - 0.1, "flow " + flowNll + " vs histogram " + histNll);
        assertThrows(InputException.class, () -> fit(data(DataKind.CONTINUOUS), Map.of("marginals", "histogram")));
        assertThrows(InputException.class, () -> fit(dq, Map.of("marginals", "histogram", "logit", "true")));
    }
}
