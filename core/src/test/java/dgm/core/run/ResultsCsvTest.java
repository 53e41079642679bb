package dgm.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.InputException;
import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
    @TempDir
    Path dir;

    @Test
    void writesHeaderAndRoundTrips() throws Exception {
        List<ResultRow> rows = List.of(
                ResultRow.of("moons", "gmm-full", 0, "test_nll", new Estimate(1.25, 0.01, 10000, Kind.EXACT)),
                ResultRow.of("moons", "gmm-full", 0, "mmd", new Estimate(-1e-5, Double.NaN, 2000, Kind.ESTIMATE)),
                ResultRow.of("moons", "gmm-full", 0, "train_seconds", new Estimate(3.5, Double.NaN, 1, Kind.MEASURED)));
        Path f = dir.resolve("results.csv");
        ResultsCsv.write(f, rows);
        List<String> lines = Files.readAllLines(f);
        assertEquals("dataset,model,seed,metric,value,stderr,kind", lines.get(0));
        assertEquals("moons,gmm-full,0,test_nll,1.25,0.01,exact", lines.get(1));
        assertEquals("moons,gmm-full,0,mmd,-1.0E-5,NaN,estimate", lines.get(2));
        assertEquals(rows, ResultsCsv.read(f));
    }

    @Test
    void unknownMetricIdRefused() {
        InputException e = assertThrows(InputException.class,
                () -> ResultRow.of("d", "m", 0, "accuracy", Estimate.exact(1)));
        assertTrue(e.getMessage().contains("allowed: test_nll"), e.getMessage());
    }

    @Test
    void atomicWriteLeavesNoPartFileAndKeepsOldContentOnFailure() throws Exception {
        Path f = dir.resolve("x.txt");
        AtomicFiles.writeString(f, "old");
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(f, out -> {
            out.write("new but interrupted".getBytes());
            throw new java.io.IOException("simulated crash while writing");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file may be left behind");
        }
    }
}
