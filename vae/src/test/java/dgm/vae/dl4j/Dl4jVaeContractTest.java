package dgm.vae.dl4j;

import dgm.core.contracts.LatentVariableModelContract;
import dgm.core.contracts.ModelSubject;
import dgm.core.data.Dataset;
import java.util.List;
import java.util.Map;

/**
 * dl4j-vae under the generative and latent-variable contracts (core's test-jar): fitted through the
 * registry on moons (500 points) with 16-wide layers, 150 of DL4J's steps at learning rate 1e-2 (60 steps
 * left a posterior so close to the prior that mean L_64 − L_8 was 2 standard errors, measured).
 */
class Dl4jVaeContractTest implements LatentVariableModelContract {

    private static final List<ModelSubject> SUBJECTS = List.of(
            ModelSubject.fitted("dl4j-vae", ModelSubject.toy("moons", 500),
                    Map.of("hidden", "16", "max_steps", "150", "batch", "100", "lr", "1e-2")));

    @Override
    public String family() {
        return "dl4j";
    }

    @Override
    public List<ModelSubject> subjects() {
        return SUBJECTS;
    }
}
