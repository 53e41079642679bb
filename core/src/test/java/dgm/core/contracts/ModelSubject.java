package dgm.core.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.data.Dataset;
import dgm.core.data.ToyDataset;
import dgm.core.data.toy.Toys;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelRegistry;
import dgm.core.model.ModelSpec;
import dgm.core.model.ModelState;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One model that the model contracts ({@link GenerativeModelContract}, {@link DensityModelContract},
 * {@link LatentVariableModelContract}) are run on: a name, the dataset it was fitted on, and the
 * model, built lazily once and then shared by every contract case.
 *
 * <p>A subject is either <em>fitted</em> ({@link #fitted}): trained through the public path the
 * workbench itself uses, {@link ModelRegistry#load()} → {@link ModelSpec#fitter()} on a
 * {@link FitContext} with {@link Params#resolve validated parameters} and {@link Seeds} of a master
 * seed — so the fit-determinism cases can refit it — or <em>built</em> ({@link #built}) by a
 * supplier, for models at points a short fit does not reach (random parameters, say).
 *
 * <p>Keep subjects small: the contracts sample 20,000 points and, in 2-D, evaluate the density on
 * about 200,000 grid points per subject, and fitted subjects are fitted two or three times.
 * Give each family's subject list as a {@code static final} field, so that every contract case
 * (JUnit makes a test instance per case) sees the same, already fitted, models.
 */
public final class ModelSubject {

    /** A midpoint grid over the box [x0, x1] × [y0, y1] with nx × ny cells (each a multiple of 8). */
    public record Box(double x0, double x1, int nx, double y0, double y1, int ny) {
        public Box {
            if (!(x1 > x0 && y1 > y0) || nx <= 0 || ny <= 0 || nx % 8 != 0 || ny % 8 != 0) {
                throw new IllegalArgumentException("box " + x0 + ".." + x1 + " × " + y0 + ".." + y1 + " with "
                        + nx + " × " + ny + " cells: needs x1 > x0, y1 > y0 and cell counts that are positive multiples of 8");
            }
        }

        double hx() {
            return (x1 - x0) / nx;
        }

        double hy() {
            return (y1 - y0) / ny;
        }
    }

    /**
     * How a density subject is integrated when the default does not fit it: the box for the model
     * ({@code null}: the default box from its samples), the tolerance and why both are right.
     */
    public record Integration(Function<GenerativeModel, Box> box, double tolerance, String why) {
    }

    private final String name;
    private final String id;
    private final Dataset data;
    private final Map<String, String> overrides;
    private final long seed;
    private final Supplier<? extends GenerativeModel> builder;
    private boolean fitUsesSeed = true;
    private Integration integration;
    private GenerativeModel model;
    private ModelState fittedState;

    private ModelSubject(String name, String id, Dataset data, Map<String, String> overrides, long seed,
                         Supplier<? extends GenerativeModel> builder) {
        this.name = name;
        this.id = id;
        this.data = data;
        this.overrides = overrides == null ? null : Map.copyOf(overrides);
        this.seed = seed;
        this.builder = builder;
    }

    /**
     * Model {@code id} fitted on {@code data} through the registry, with the parameter
     * {@code overrides} (validated as {@code --set} would be) and master seed 1. Named after the id.
     */
    public static ModelSubject fitted(String id, Dataset data, Map<String, String> overrides) {
        return new ModelSubject(id, id, data, overrides, 1, null);
    }

    /** A model built by {@code builder} (called once); {@code data} gives its held-out points. */
    public static ModelSubject built(String name, Dataset data, Supplier<? extends GenerativeModel> builder) {
        return new ModelSubject(name, null, data, null, 0, builder);
    }

    /** The same subject under another name (e.g. {@code realnvp (3-D, random permutation)}). */
    public ModelSubject named(String newName) {
        ModelSubject s = new ModelSubject(newName, id, data, overrides, seed, builder);
        s.fitUsesSeed = fitUsesSeed;
        s.integration = integration;
        return s;
    }

    /**
     * Declares that this model's fit does not draw random numbers (a closed-form fit: the Gaussian,
     * the histogram), so another master seed gives the same model and the contract does not ask for
     * a different one.
     */
    public ModelSubject fitIgnoresSeed() {
        fitUsesSeed = false;
        return this;
    }

    /**
     * Integrates this (2-D density) subject on the box that {@code box} gives for the model (e.g.
     * one aligned to a histogram's bin edges) with {@code tolerance} instead of the default;
     * {@code why} says why the box and the tolerance are right (it is printed on failure).
     */
    public ModelSubject integrateOn(Function<GenerativeModel, Box> box, double tolerance, String why) {
        integration = new Integration(box, tolerance, why);
        return this;
    }

    /**
     * Integrates this (2-D density) subject on the default grid but with {@code tolerance} (e.g. a
     * tighter one for a smooth closed-form density); {@code why} justifies it.
     */
    public ModelSubject integrationTolerance(double tolerance, String why) {
        integration = new Integration(null, tolerance, why);
        return this;
    }

    public String name() {
        return name;
    }

    public Dataset data() {
        return data;
    }

    /** The registry id this subject is fitted as, if it is a fitted subject. */
    public Optional<String> modelId() {
        return Optional.ofNullable(id);
    }

    long seed() {
        return seed;
    }

    boolean fitUsesSeed() {
        return fitUsesSeed;
    }

    Optional<Integration> integration() {
        return Optional.ofNullable(integration);
    }

    boolean refittable() {
        return id != null;
    }

    /** The model, fitted or built on first use. */
    public synchronized GenerativeModel model() {
        if (model == null) {
            model = id != null ? fit(seed).model() : builder.get();
            fittedState = model.state();
        }
        return model;
    }

    /** The model's state right after it was fitted or built, before any contract case used it. */
    synchronized ModelState fittedState() {
        model();
        return fittedState;
    }

    /** A fresh fit of this subject's id, data and overrides with master seed {@code masterSeed}. */
    FitResult fit(long masterSeed) {
        ModelSpec spec = registry().spec(id);
        FitResult r = spec.fitter().fit(new FitContext(data, Params.resolve(id, spec.params(), overrides),
                new Seeds(masterSeed), TrainingListener.NONE));
        assertEquals(RunStatus.COMPLETED, r.status(), name + ": the subject's fit did not complete: " + r.detail());
        return r;
    }

    /** Held-out points to score: up to 500 rows of the test split (the validation split if there is none). */
    double[][] heldOut() {
        double[][] x = data.test() != null && data.test().length > 0 ? data.test() : data.validation();
        return Arrays.copyOf(x, Math.min(500, x.length));
    }

    @Override
    public String toString() {
        return name;
    }

    private static ModelRegistry registry;

    /** Every family on the test's class path, found by {@link java.util.ServiceLoader} as the workbench does. */
    static synchronized ModelRegistry registry() {
        if (registry == null) {
            registry = ModelRegistry.load();
        }
        return registry;
    }

    /**
     * Fails unless every model id that the registry lists for {@code family} is the id of at least
     * one {@linkplain #fitted fitted} subject (built ones do not count: the registry's fit path is
     * part of what is checked), naming the ids without one: a new model id gets the contracts or
     * fails here.
     */
    public static void assertEveryIdHasASubject(String family, List<ModelSubject> subjects) {
        ModelRegistry reg = registry();
        TreeSet<String> ids = new TreeSet<>();
        for (ModelSpec s : reg.all()) {
            if (reg.family(s.id()).equals(family)) {
                ids.add(s.id());
            }
        }
        assertTrue(!ids.isEmpty(), "the registry has no model of family '" + family + "' on this class path");
        Map<String, String> covered = new LinkedHashMap<>();
        for (ModelSubject s : subjects) {
            if (s.id != null) {
                covered.put(s.id, s.name());
            }
        }
        TreeSet<String> missing = new TreeSet<>(ids);
        missing.removeAll(covered.keySet());
        assertTrue(missing.isEmpty(), "family '" + family + "': model ids without a contract subject: " + missing
                + " (fitted subjects cover " + new TreeSet<>(covered.keySet()) + ")");
    }

    /**
     * A 2-D toy from core's datasets ({@link Toys}) as a dataset: {@code nTrain} training points and
     * 500 validation and 500 test points, drawn with master seed 0.
     */
    public static Dataset toy(String toyId, int nTrain) {
        ToyDataset src = new ToyDataset(Toys.byId(toyId).orElseThrow(
                () -> new IllegalArgumentException("no toy '" + toyId + "'; have " + Toys.ids())));
        return src.load(Params.resolve(toyId, src.params(),
                Map.of("n_train", Integer.toString(nTrain), "n_val", "500", "n_test", "500")), new Seeds(0));
    }
}
