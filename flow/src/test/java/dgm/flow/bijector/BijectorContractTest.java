package dgm.flow.bijector;

import dgm.core.nn.Activation;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.flow.bijector.BijectorContract.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@link BijectorContract} over every bijector, each with random (non-identity) parameters. */
class BijectorContractTest {

    /** Fills every parameter with N(0, scale²): a generic non-trivial point in parameter space. */
    static void randomize(ParamBuffer p, long seed, double scale) {
        Rng rng = new Rng(seed);
        for (int k = 0; k < p.size(); k++) {
            p.values()[k] = scale * rng.gaussian();
        }
    }

    static Subject coupling(String name, int d, int[] a, Transformer t, Activation act) {
        ParamBuffer p = new ParamBuffer();
        Coupling c = new Coupling(p, "c", d, a, t, new int[] {6, 5}, act);
        randomize(p, 1, 0.7);
        return new Subject(name, c, p);
    }

    static Stream<Subject> subjects() {
        ParamBuffer none = new ParamBuffer();

        ParamBuffer actP = new ParamBuffer();
        ActNorm act = new ActNorm(actP, new ParamBuffer(), "an", 3);
        randomize(actP, 2, 0.8);

        ParamBuffer fixedB = new ParamBuffer();
        FixedAffine fixed = new FixedAffine(fixedB, "std", 3);
        fixed.set(new double[] {1, -2, 0.5}, new double[] {0.3, 4, 1.7});

        ParamBuffer compP = new ParamBuffer();
        ParamBuffer compB = new ParamBuffer();
        Rng rng = new Rng(5);
        Composite comp = new Composite(3, List.of(
                new ActNorm(compP, compB, "an", 3),
                new Coupling(compP, "c0", 3, new int[] {0}, new AffineTransformer(2.0), new int[] {7}, Activation.TANH),
                Permutation.random(compB, "p0", 3, rng),
                new Coupling(compP, "c1", 3, new int[] {0, 2}, new AdditiveTransformer(), new int[] {4, 4}, Activation.ELU),
                Permutation.reverse(compB, "p1", 3),
                new Coupling(compP, "c2", 3, new int[] {1}, new AffineTransformer(1.0), new int[] {5}, Activation.SOFTPLUS)));
        randomize(compP, 6, 0.6);

        ParamBuffer mafP = new ParamBuffer();
        MaskedAutoregressive maf = new MaskedAutoregressive(mafP, "maf", 4, new AffineTransformer(2.0), new int[] {9, 8},
                Activation.TANH);
        randomize(mafP, 7, 0.6);
        ParamBuffer mafAddP = new ParamBuffer();
        MaskedAutoregressive mafAdd = new MaskedAutoregressive(mafAddP, "maf", 3, new AdditiveTransformer(), new int[] {5},
                Activation.RELU);
        randomize(mafAddP, 8, 0.6);

        // IAF: MAF layers used the other way round (own parameters, so the subjects stay independent)
        ParamBuffer iafP = new ParamBuffer();
        Inverse iaf = new Inverse(new MaskedAutoregressive(iafP, "iaf", 4, new AffineTransformer(2.0), new int[] {9, 8},
                Activation.TANH));
        randomize(iafP, 25, 0.6);
        ParamBuffer iafSplineP = new ParamBuffer();
        Inverse iafSpline = new Inverse(new MaskedAutoregressive(iafSplineP, "iafs", 3, new RationalQuadraticSpline(4, 2.0),
                new int[] {7}, Activation.TANH));
        randomize(iafSplineP, 26, 0.8);

        ParamBuffer splineP = new ParamBuffer();
        Coupling spline = new Coupling(splineP, "nsf", 3, new int[] {1}, new RationalQuadraticSpline(5, 2.5),
                new int[] {8}, Activation.TANH);
        randomize(splineP, 9, 0.8);
        ParamBuffer splineArP = new ParamBuffer();
        MaskedAutoregressive splineAr = new MaskedAutoregressive(splineArP, "nsfar", 3, new RationalQuadraticSpline(4, 2.0),
                new int[] {7}, Activation.TANH);
        randomize(splineArP, 10, 0.8);

        ParamBuffer luP = new ParamBuffer();
        LuLinear lu = new LuLinear(luP, new ParamBuffer(), "lu", 4, new Rng(12));
        randomize(luP, 13, 0.5);

        ParamBuffer bnP = new ParamBuffer();
        ParamBuffer bnB = new ParamBuffer();
        BatchNormFlow bn = new BatchNormFlow(bnP, bnB, "bn", 3);
        randomize(bnP, 14, 0.5);
        double[] rs = {0.5, -1, 2, 0.3, 2.5, 0.7}; // running mean, then running variance
        System.arraycopy(rs, 0, bnB.values(), 0, 6);

        ParamBuffer planarP = new ParamBuffer();
        Planar planar = new Planar(planarP, "planar", 3, new Rng(16));
        randomize(planarP, 17, 0.9);
        ParamBuffer planarP2 = new ParamBuffer();
        Planar planar2 = new Planar(planarP2, "planar", 2, new Rng(18));
        randomize(planarP2, 19, 2.0);

        ParamBuffer radialP = new ParamBuffer();
        Radial radial = new Radial(radialP, "radial", 3, new Rng(20));
        randomize(radialP, 21, 0.9);
        ParamBuffer radialP2 = new ParamBuffer();
        Radial radial2 = new Radial(radialP2, "radial", 2, new Rng(22));
        randomize(radialP2, 23, 0.3);
        radialP2.values()[3] = -3.0; // β̃ ≪ 0: β near −α, the contracting extreme

        // unit cells [−6 + k, −6 + k + 1), k = 0..11, random positive masses (some tiny, as for rare levels)
        ParamBuffer margB = new ParamBuffer();
        MarginalHistogramCdf marg = new MarginalHistogramCdf(margB, "marg", 3);
        Rng mr = new Rng(24);
        double[][] masses = new double[3][12];
        for (int j = 0; j < 3; j++) {
            for (int c = 0; c < 12; c++) {
                masses[j][c] = Math.exp(3 * mr.gaussian());
            }
        }
        marg.set(12, -6.0, masses);

        return Stream.of(
                new Subject("marginal histogram CDF d=3, L=12", marg, new ParamBuffer()),
                new Subject("box squash d=3, B=6", new BoxSquash(3, 6.0), new ParamBuffer()),
                new Subject("radial d=3", radial, radialP),
                new Subject("radial d=2, contracting", radial2, radialP2),
                new Subject("planar d=3", planar, planarP),
                new Subject("planar d=2, large parameters", planar2, planarP2),
                new Subject("batch norm d=3, evaluation mode", bn, bnP),
                new Subject("LU linear d=4", lu, luP),
                new Subject("spline coupling d=3 (K=5, B=2.5)", spline, splineP),
                new Subject("spline autoregressive d=3 (K=4, B=2)", splineAr, splineArP),
                new Subject("MAF affine d=4", maf, mafP),
                new Subject("MAF additive d=3, relu", mafAdd, mafAddP),
                new Subject("IAF affine d=4 (inverse of MAF)", iaf, iafP),
                new Subject("IAF spline d=3 (inverse of spline MAF)", iafSpline, iafSplineP),
                coupling("affine coupling d=2", 2, new int[] {0}, new AffineTransformer(2.0), Activation.TANH),
                coupling("affine coupling d=5, A={1,3}, relu", 5, new int[] {1, 3}, new AffineTransformer(1.5), Activation.RELU),
                coupling("additive coupling d=3", 3, new int[] {2}, new AdditiveTransformer(), Activation.TANH),
                new Subject("reverse permutation d=4", Permutation.reverse(new ParamBuffer(), "p", 4), none),
                new Subject("random permutation d=5", Permutation.random(new ParamBuffer(), "p", 5, new Rng(3)), new ParamBuffer()),
                new Subject("actnorm d=3", act, actP),
                new Subject("fixed affine d=3", fixed, new ParamBuffer()),
                new Subject("composite d=3", comp, compP));
    }

    /** In training mode the map depends on the batch statistics; its gradient must still be exact. */
    @org.junit.jupiter.api.Test
    void batchNormTrainingModeGradientsMatchFiniteDifferences() {
        ParamBuffer p = new ParamBuffer();
        BatchNormFlow bn = new BatchNormFlow(p, new ParamBuffer(), "bn", 3);
        randomize(p, 15, 0.5);
        bn.setTraining(true);
        BijectorContract.gradientsMatchFiniteDifferences(new Subject("batch norm, training mode", bn, p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void roundTrip(Subject s) {
        BijectorContract.roundTrip(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void logDetMatchesNumericalJacobian(Subject s) {
        BijectorContract.logDetMatchesNumericalJacobianAndInverse(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void gradientsMatchFiniteDifferences(Subject s) {
        BijectorContract.gradientsMatchFiniteDifferences(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void inverseGradientsMatchFiniteDifferences(Subject s) {
        BijectorContract.inverseGradientsMatchFiniteDifferences(s);
    }

    @org.junit.jupiter.api.Test
    void theSamplingDirectionIsDifferentiableWhereClaimed() {
        // everything but batch norm (the autoregressive layers by implicit differentiation of their sequential inverse)
        List<String> without = List.of("batch norm d=3, evaluation mode");
        for (Subject s : subjects().toList()) {
            org.junit.jupiter.api.Assertions.assertEquals(!without.contains(s.name()), s.bijector().supportsInverseBackward(),
                    s.name());
        }
        ParamBuffer p = new ParamBuffer();
        Composite c = new Composite(2, List.of(new Planar(p, "a", 2, new Rng(1)), Permutation.reverse(new ParamBuffer(), "r", 2),
                new Radial(p, "b", 2, new Rng(2)), new Planar(p, "c", 2, new Rng(3))));
        randomize(p, 3, 0.8);
        BijectorContract.inverseGradientsMatchFiniteDifferences(new Subject("planar-permutation-radial-planar", c, p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void rowsAreIndependent(Subject s) {
        BijectorContract.rowsAreIndependent(s);
    }
}
