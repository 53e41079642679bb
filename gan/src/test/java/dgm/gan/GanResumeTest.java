package dgm.gan;

import dgm.core.contracts.ResumeContract;
import dgm.core.data.Dataset;
import dgm.core.model.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** f-GANs resume from their checkpoints to the same bits, by either training method (the contract of core's test-jar). */
class GanResumeTest {
    @Test
    void alternatingAndSingleStepResumeBitForBit() {
        Dataset moons = ResumeContract.dataset("moons", Map.of("n_train", "600", "n_val", "200", "n_test", "200"));
        for (ModelSpec spec : new GanFamily().models()) {
            if (!spec.id().equals("fgan-js") && !spec.id().equals("fgan-kl")) {
                continue;
            }
            ResumeContract.assertResumesBitForBit(spec, moons, Map.of("hidden", "8", "critic_hidden", "8", "steps", "30",
                    "batch", "32", "critic_steps", "2", "log_every", "4", "eval_size", "64"), 5, 3);
            ResumeContract.assertResumesBitForBit(spec, moons, Map.of("hidden", "8", "critic_hidden", "8", "steps", "30",
                    "batch", "32", "method", "single-step", "log_every", "4", "eval_size", "64"), 5, 3);
        }
    }
}
