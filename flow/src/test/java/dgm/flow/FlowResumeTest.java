package dgm.flow;

import dgm.core.contracts.ResumeContract;
import dgm.core.data.Dataset;
import dgm.core.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every flow id resumes from its checkpoints to the same bits (the contract of core's test-jar). */
class FlowResumeTest {
    static final Map<String, String> MOONS = Map.of("n_train", "600", "n_val", "200", "n_test", "200");

    @Test
    void everyFlowIdResumesBitForBit() {
        Dataset moons = ResumeContract.dataset("moons", MOONS);
        for (ModelSpec spec : new FlowFamily().models()) {
            Map<String, String> p = new HashMap<>(Map.of("layers", "2", "epochs", "3", "batch", "64"));
            if (spec.params().stream().anyMatch(s -> s.name().equals("hidden"))) {
                p.put("hidden", "8");
            }
            ResumeContract.assertResumesBitForBit(spec, moons, p, 7, 3);
        }
    }

    @Test
    void batchNormAndReDequantisedDigitsResumeBitForBit() {
        ModelSpec realnvp = spec("realnvp");
        ResumeContract.assertResumesBitForBit(realnvp, ResumeContract.dataset("moons", MOONS),
                Map.of("layers", "3", "hidden", "8", "epochs", "3", "batch", "64", "batchnorm", "true"), 7, 3);
        // digits: fresh dequantisation noise every epoch, checkpoints inside and between epochs
        ResumeContract.assertResumesBitForBit(spec("nsf"), ResumeContract.dataset("digits", Map.of()),
                Map.of("layers", "2", "hidden", "16", "epochs", "3", "batch", "128"), 4, 4);
    }

    private static ModelSpec spec(String id) {
        return new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
