package dgm.core.contracts;

import static dgm.core.contracts.ContractChecks.assertAllFinite;
import static dgm.core.contracts.ContractChecks.assertBitIdentical;
import static dgm.core.contracts.ContractChecks.assertSameState;
import static dgm.core.contracts.ContractChecks.differingRows;
import static dgm.core.contracts.ContractChecks.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dgm.core.model.Arrays2;
import dgm.core.model.Capability;
import dgm.core.model.DensityModel;
import dgm.core.model.GenerativeModel;
import dgm.core.model.LatentVariableModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelState;
import dgm.core.rng.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link GenerativeModel} promises, as a JUnit 5 test interface: a family's test class
 * implements it, names its {@link #family()} and lists its {@link #subjects()}, and gets, for each
 * subject:
 *
 * <ul>
 *   <li><b>identity</b>: the model's id is a registered id whose declared {@link Capability} is the
 *       one the model has, its dimension is the data's, and it has fitted parameters;</li>
 *   <li><b>shape</b>: {@code sample(n, rng)} is [n, d] and finite, also for n = 0;</li>
 *   <li><b>same seed → same samples</b>, bit for bit, and <b>different seed → different
 *       samples</b> (more than half of {@value #N} rows differ);</li>
 *   <li><b>using the model does not change it</b>: sampling and scoring leave its state as fitted;</li>
 *   <li><b>save → load</b> through {@link ModelIO} and the registry's restorer gives the same id,
 *       dimension, parameter count, capability and state, identical samples for the same seed and
 *       identical scores (log-densities of a {@link DensityModel}, the bounds L_1 and L_16 of a
 *       {@link LatentVariableModel} for the same seed) on held-out points and on its samples;</li>
 *   <li><b>same master seed → same fit</b> (fitted subjects): refitting gives the same state bit for
 *       bit, and another master seed another state unless the subject declares
 *       {@link ModelSubject#fitIgnoresSeed()}.</li>
 * </ul>
 *
 * <p>Plus one test, {@link #everyModelIdOfTheFamilyHasASubject()}: every id the registry
 * ({@link java.util.ServiceLoader}) lists for the family has a fitted subject, so a new model id is
 * under the contract, fitted through the registry, or the build fails. {@link DensityModelContract} and
 * {@link LatentVariableModelContract} extend this with their capability's promises.
 */
public interface GenerativeModelContract {

    /** Rows drawn by the sampling cases. */
    int N = 256;

    /** The family's registry name ({@code baseline}, {@code flow}, {@code vae}, {@code gan}). */
    String family();

    /** The subjects; return the same (static final) list every time, so each model is fitted once. */
    List<ModelSubject> subjects();

    @Test
    default void everyModelIdOfTheFamilyHasASubject() {
        ModelSubject.assertEveryIdHasASubject(family(), subjects());
    }

    @TestFactory
    default Stream<DynamicNode> generativeModelContract() {
        return subjects().stream().map(s -> dynamicContainer(s.name(), GenerativeCases.of(s)));
    }

    /** The cases, one subject at a time. */
    final class GenerativeCases {
        private GenerativeCases() {
        }

        static List<DynamicTest> of(ModelSubject s) {
            List<DynamicTest> t = new ArrayList<>();
            t.add(dynamicTest("identity: registered id, declared capability, data dimension", () -> identity(s)));
            t.add(dynamicTest("sample(n) is [n, d] and finite, also for n = 0", () -> shape(s)));
            t.add(dynamicTest("same seed → identical samples; different seed → different samples", () -> seeds(s)));
            t.add(dynamicTest("save → load → same state, identical samples and scores", () -> saveLoad(s)));
            t.add(dynamicTest("sampling and scoring leave the model as fitted", () -> unchanged(s)));
            if (s.refittable()) {
                t.add(dynamicTest("same master seed → same fit; " + (s.fitUsesSeed() ? "another → another fit"
                        : "the fit uses no random numbers"), () -> refit(s)));
            }
            return t;
        }

        static void identity(ModelSubject s) {
            GenerativeModel m = s.model();
            s.modelId().ifPresent(id -> assertEquals(id, m.id(), "the fitted model's id"));
            Capability declared = ModelSubject.registry().spec(m.id()).capability();
            assertEquals(declared, Capability.of(m), s + ": the spec declares " + declared + " but the model is "
                    + Capability.of(m) + " (" + m.getClass().getName() + ")");
            assertEquals(s.data().dimension(), m.dimension(), "dimension");
            assertTrue(m.parameterCount() > 0, s + ": parameterCount() = " + m.parameterCount());
        }

        static void shape(ModelSubject s) {
            GenerativeModel m = s.model();
            assertAllFinite(samples(m, N, new Rng(11)), s + ": samples");
            samples(m, 1, new Rng(11));
            samples(m, 0, new Rng(11));
        }

        static void seeds(ModelSubject s) {
            GenerativeModel m = s.model();
            double[] a = samples(m, N, new Rng(21));
            double[] b = samples(m, N, new Rng(21));
            assertBitIdentical(a, b, s + ": samples of the same seed");
            double[] c = samples(m, N, new Rng(22));
            int differ = differingRows(a, c, m.dimension());
            assertTrue(differ > N / 2, s + ": seeds 21 and 22 give the same row in " + (N - differ) + " of " + N
                    + " rows; the sampler ignores (part of) its seed");
        }

        static void saveLoad(ModelSubject s) {
            GenerativeModel m = s.model();
            ModelState saved = m.state();
            ModelState read = ContractChecks.withTempFile(".dgmw", f -> {
                ModelIO.save(m, f);
                return ModelIO.read(f);
            });
            assertSameState(saved, read, s + ": the state read back differs from the state saved");
            GenerativeModel back = ModelSubject.registry().restore(read);
            assertEquals(m.id(), back.id(), "id");
            assertEquals(m.dimension(), back.dimension(), "dimension");
            assertEquals(m.parameterCount(), back.parameterCount(), "parameter count");
            assertEquals(Capability.of(m), Capability.of(back), "capability");
            assertSameState(saved, back.state(), s + ": the restored model's state differs from the saved one");
            double[] a = samples(m, N, new Rng(31));
            double[] b = samples(back, N, new Rng(31));
            assertBitIdentical(a, b, s + ": samples (seed 31) of the saved and the restored model");
            INDArray probe = probe(s, a);
            if (m instanceof DensityModel dm) {
                assertBitIdentical(Arrays2.toVector(dm.logProb(probe)), Arrays2.toVector(((DensityModel) back).logProb(probe)),
                        s + ": log-densities of the saved and the restored model");
            }
            if (m instanceof LatentVariableModel lm) {
                LatentVariableModel lb = (LatentVariableModel) back;
                for (int k : new int[] {1, 16}) {
                    assertBitIdentical(Arrays2.toVector(lm.lowerBound(probe, k, new Rng(40 + k))),
                            Arrays2.toVector(lb.lowerBound(probe, k, new Rng(40 + k))),
                            s + ": bounds L_" + k + " (same seed) of the saved and the restored model");
                }
            }
        }

        /** Held-out rows and the model's own samples {@code own}, as one [n, d] array. */
        static INDArray probe(ModelSubject s, double[] own) {
            double[][] held = s.heldOut();
            int d = s.data().dimension();
            double[][] x = new double[held.length + own.length / d][];
            System.arraycopy(held, 0, x, 0, held.length);
            double[][] o = ContractChecks.rows(own, d);
            System.arraycopy(o, 0, x, held.length, o.length);
            return Arrays2.matrix(x);
        }

        static void unchanged(ModelSubject s) {
            GenerativeModel m = s.model();
            samples(m, N, new Rng(51));
            INDArray probe = Arrays2.matrix(s.heldOut());
            if (m instanceof DensityModel dm) {
                dm.logProb(probe);
            }
            if (m instanceof LatentVariableModel lm) {
                lm.lowerBound(probe, 4, new Rng(52));
            }
            assertSameState(s.fittedState(), m.state(), s + ": the model's state changed after sampling and scoring");
        }

        static void refit(ModelSubject s) {
            ModelState first = s.fittedState();
            long seed = s.seed();
            assertSameState(first, s.fit(seed).model().state(), s + ": two fits with master seed " + seed + " differ");
            if (s.fitUsesSeed()) {
                assertNotEquals(first, s.fit(seed + 1).model().state(), () ->
                        s + ": master seeds " + seed + " and " + (seed + 1) + " give the same model; the fit ignores its seeds "
                                + "(declare fitIgnoresSeed() if it draws no random numbers)");
            }
        }
    }
}
