package dgm.gan;

import dgm.core.contracts.GenerativeModelContract;
import dgm.core.contracts.ModelSubject;
import dgm.core.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every f-GAN divergence id under the generative contract (core's test-jar, dgm.core.contracts):
 * an f-GAN claims no likelihood, so samples are all there is to check. Each is fitted through the
 * registry on {@link GanFamilyTest#blobs()} for 60 steps with width-16 networks, plus the affine
 * generator (under fgan-gan).
 */
class GanContractTest implements GenerativeModelContract {

    private static final List<ModelSubject> SUBJECTS = build();

    private static List<ModelSubject> build() {
        List<ModelSubject> s = new ArrayList<>();
        for (ModelSpec spec : new GanFamily().models()) {
            s.add(ModelSubject.fitted(spec.id(), GanFamilyTest.blobs(), GanFamilyTest.small(Map.of())));
        }
        s.add(ModelSubject.fitted("fgan-gan", GanFamilyTest.blobs(), GanFamilyTest.small(Map.of("generator", "affine")))
                .named("fgan-gan (affine generator)"));
        return List.copyOf(s);
    }

    @Override
    public String family() {
        return "gan";
    }

    @Override
    public List<ModelSubject> subjects() {
        return SUBJECTS;
    }
}
