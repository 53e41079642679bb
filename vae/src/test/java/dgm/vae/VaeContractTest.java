package dgm.vae;

import dgm.core.contracts.LatentVariableModelContract;
import dgm.core.contracts.ModelSubject;
import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.rng.Rng;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Both VAE ids under the generative and latent-variable contracts (core's test-jar,
 * dgm.core.contracts): vae (60 steps) and iwae (150 steps) fitted through the registry on moons with
 * width-16 networks and learning rate 1e-2 (fast enough to leave an approximate posterior whose
 * bound gap E L_64 − E L_8 is 5.8 to 7.5 standard errors for master seeds 1 to 3, measured), and a
 * 4-D VAE at random parameters (a generic point, far from the initialisation) for each decoder.
 */
class VaeContractTest implements LatentVariableModelContract {

    private static final Dataset MOONS = ModelSubject.toy("moons", 500);

    private static final List<ModelSubject> SUBJECTS = List.of(
            ModelSubject.fitted("vae", MOONS, Map.of("hidden", "16", "max_steps", "60", "batch", "100", "lr", "1e-2")),
            ModelSubject.fitted("iwae", MOONS, Map.of("hidden", "16", "max_steps", "150", "batch", "100", "lr", "1e-2")),
            random("gaussian", 0),
            random("bernoulli", 0),
            random("dlogistic", 17));

    /**
     * {@link VaeModelTest#randomVae}: d = 4, latent 2, two tanh layers of 16, every parameter ~ N(0, 0.4²),
     * standardised on 400 rows of {@link VaeTesting#data} for the decoder.
     */
    private static ModelSubject random(String decoder, int levels) {
        Rng rng = new Rng(21);
        double[][] train = VaeTesting.data(decoder, 400, 4, levels, rng);
        double[][] test = VaeTesting.data(decoder, 200, 4, levels, rng);
        DataKind kind = decoder.equals("dlogistic") ? DataKind.DEQUANTISED : DataKind.CONTINUOUS;
        Dataset data = new Dataset("synthetic-" + decoder, "test fixture", kind, levels, "unit test", train, test, test,
                Optional.empty(), Optional.empty());
        return ModelSubject.built("vae at random parameters (" + decoder + " decoder, 4-D)", data, () -> {
            VaeModel m = VaeModelTest.randomVae(decoder, 4, levels, 20);
            m.fitStandardisation(train);
            return m;
        });
    }

    @Override
    public String family() {
        return "vae";
    }

    @Override
    public List<ModelSubject> subjects() {
        return SUBJECTS;
    }
}
