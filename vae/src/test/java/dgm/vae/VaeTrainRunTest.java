package dgm.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.DatasetRegistry;
import dgm.core.metrics.Kind;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.run.Progress;
import dgm.core.run.ResultRow;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import dgm.core.train.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path the command line takes ({@code ./workbench train --model vae ...}): a run through
 * core's {@link TrainRun} and evaluator reports the IWAE bound as {@code test_nll} of kind bound,
 * beside {@code elbo_nll} and {@code iwae_k}, and the gap to the true entropy on a toy.
 */
class VaeTrainRunTest {

    @Test
    void aRunReportsTheIwaeBoundBesideTheElboAndTheGapToTheTrueEntropy(@TempDir Path dir) {
        RunSpec spec = RunSpec.of("vae", "moons", 0, Map.of("hidden", "16", "epochs", "3", "warmup", "1",
                "data.n_train", "1000", "data.n_val", "200", "data.n_test", "300",
                "eval.iwae_k", "200", "eval.samples", "300", "eval.entropy_samples", "2000", "eval.permutations", "0"));
        TrainRun.Prepared p = TrainRun.prepare(spec, new ModelRegistry(List.of(new VaeFamily())), DatasetRegistry.standard());
        TrainRun.Outcome out = TrainRun.execute(p, dir, Progress.quiet());
        assertEquals(RunStatus.COMPLETED, out.status(), out.detail());
        Map<String, ResultRow> r = out.results().stream().collect(Collectors.toMap(ResultRow::metric, x -> x));
        assertEquals(Kind.BOUND, r.get("test_nll").kind());
        assertEquals(Kind.BOUND, r.get("elbo_nll").kind());
        assertEquals(Kind.BOUND, r.get("nll_gap").kind());
        assertEquals(200, r.get("iwae_k").value());
        double nll = r.get("test_nll").value();
        assertTrue(nll < r.get("elbo_nll").value(), "IWAE " + nll + " vs ELBO " + r.get("elbo_nll").value());
        assertTrue(nll > r.get("true_entropy").value(), "bound " + nll + " below the true entropy");
        assertTrue(r.get("nll_gap").value() > 0);
        // the saved model reloads as a VAE with identical bounds
        VaeModel back = VaeModel.restore(ModelIO.read(dir.resolve("model.bin")));
        assertEquals(((VaeModel) out.model()).state(), back.state());
    }
}
