package dgm.core.data.toy;

import dgm.core.data.ToyDistribution;
import java.util.List;
import java.util.Optional;

/**
 * The eight 2-D toy distributions of FFJORD's {@code lib/toy_data.py} (docs/data.md), each with
 * its exact log-density: {@code swissroll, circles, rings, moons, 8gaussians, pinwheel, 2spirals,
 * checkerboard}.
 */
public final class Toys {

    private static final List<ToyDistribution> ALL = List.of(
        new SwissRoll(), new Circles(), new Rings(), new Moons(),
        new EightGaussians(), new Pinwheel(), new TwoSpirals(), new Checkerboard());

    private Toys() {
    }

    /** All eight, in the order listed above. The instances are immutable and thread-safe. */
    public static List<ToyDistribution> all() {
        return ALL;
    }

    /** The toy with this id, if there is one. */
    public static Optional<ToyDistribution> byId(String id) {
        for (ToyDistribution t : ALL) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The ids, in the order of {@link #all()}. */
    public static List<String> ids() {
        return ALL.stream().map(ToyDistribution::id).toList();
    }
}
