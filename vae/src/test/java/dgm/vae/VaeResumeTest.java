package dgm.vae;

import dgm.core.contracts.ResumeContract;
import dgm.core.model.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vae and iwae resume from their checkpoints to the same bits (the contract of core's test-jar). */
class VaeResumeTest {
    @Test
    void bothIdsResumeBitForBitThroughKlWarmUp() {
        for (ModelSpec spec : new VaeFamily().models()) {
            ResumeContract.assertResumesBitForBit(spec, ResumeContract.dataset("moons", Map.of("n_train", "600", "n_val", "200",
                    "n_test", "200")), Map.of("hidden", "16", "epochs", "4", "batch", "64", "patience", "2"), 9, 3);
        }
        ModelSpec vae = new VaeFamily().models().get(0);
        ResumeContract.assertResumesBitForBit(vae, ResumeContract.dataset("digits", Map.of()),
                Map.of("hidden", "32", "epochs", "2", "batch", "128", "warmup", "1"), 4, 3);
    }
}
