package dgm.core.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.Dataset;
import dgm.core.data.DatasetRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.train.Budget;
import dgm.core.train.Checkpoints;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.HistoryPoint;
import dgm.core.train.TrainingListener;
import dgm.core.train.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint contract of every gradient-trained model id: fitted once without interruption
 * (writing a checkpoint every few iterations), then fitted again from several of those checkpoints
 * (through the file format), each resumed fit must end with the same parameters and buffers, the
 * same history (timings aside), status and detail, bit for bit. A family whose objective forgets a
 * piece of state (a generator, a batch source's position, a running mean) fails it.
 */
public final class ResumeContract {
    private ResumeContract() {
    }

    /**
     * @param every      iterations between checkpoints of the uninterrupted fit
     * @param resumes    how many of its checkpoints to resume from (spread over the run)
     */
    public static void assertResumesBitForBit(ModelSpec spec, Dataset data, Map<String, String> params, long every,
                                              int resumes) {
        if (spec.training() == null) {
            throw new IllegalArgumentException(spec.id() + " is not gradient-trained");
        }
        Params p = Params.resolve(spec.id(), spec.params(), params);
        Checkpoints.InMemory all = new Checkpoints.InMemory(every, null);
        FitResult full = fit(spec, data, p, all);
        List<TrainingState> inside = all.written().subList(0, all.written().size() - 1);
        assertTrue(inside.size() >= 2, spec.id() + ": the fit wrote only " + inside.size()
                + " checkpoints inside the run; train longer or checkpoint more often");
        for (int i = 0; i < Math.min(resumes, inside.size()); i++) {
            TrainingState c = inside.get(inside.size() == 1 ? 0 : (int) Math.round(i * (inside.size() - 1.0) / Math.max(1, resumes - 1)));
            long at = c.getLong("trainer.step");
            FitResult resumed = fit(spec, data, p, new Checkpoints.InMemory(0, roundTrip(c)));
            String where = spec.id() + " resumed at step " + at;
            assertEquals(at, resumed.resumedFromStep(), where);
            assertEquals(full.status(), resumed.status(), where);
            assertEquals(full.detail(), resumed.detail(), where);
            assertEquals(withoutTimes(full.history()), withoutTimes(resumed.history()), where + ": history");
            ModelState a = full.model().state();
            ModelState b = resumed.model().state();
            assertEquals(a.arrays().keySet(), b.arrays().keySet(), where);
            for (String k : a.arrays().keySet()) {
                assertArrayEquals(a.arrays().get(k), b.arrays().get(k), 0.0, where + ": array " + k);
            }
        }
    }

    /** A built-in dataset with its default parameters except {@code overrides}, drawn with seed 0. */
    public static Dataset dataset(String id, Map<String, String> overrides) {
        var source = DatasetRegistry.standard().source(id);
        return source.load(Params.resolve(id, source.params(), overrides), new Seeds(0).child("data"));
    }

    private static FitResult fit(ModelSpec spec, Dataset data, Params p, Checkpoints ck) {
        return spec.fitter().fit(new FitContext(data, p, new Seeds(11).child("model"), TrainingListener.NONE, Budget.NONE, ck));
    }

    private static TrainingState roundTrip(TrainingState s) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.write(b);
            return TrainingState.read(new ByteArrayInputStream(b.toByteArray()), "in-memory checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> withoutTimes(List<HistoryPoint> h) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoryPoint p : h) {
            Map<String, Object> m = new LinkedHashMap<>(p.values());
            m.put("step", p.step());
            out.add(m);
        }
        return out;
    }
}
