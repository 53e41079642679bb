package dgm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Trains each flow with its default architecture on a two-moons-like set (the moons of docs/data.md
 * with noise sd 0.2 after scaling; entropy ≈ 2.34 nats by the thin-curve approximation) for 30 s;
 * the test NLL must drop far below a Gaussian's.
 */
@Tag("slow")
class MoonsTrainingSlowTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"realnvp", "nice", "maf", "nsf", "nsf-ar", "glow"})
    void learnsTwoMoons(String id) {
        var rng = new dgm.core.rng.Rng(2024);
        double[][] train = TestData.moons(10_000, rng);
        double[][] val = TestData.moons(2_000, rng);
        double[][] test = TestData.moons(10_000, rng);
        ModelSpec spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        Params p = Params.resolve(id, spec.params(), Map.of("epochs", "300", "max_minutes", "0.5", "patience", "30"));
        FitResult r = spec.fitter().fit(new FitContext(TestData.dataset("moons-like", train, val, test), p, new Seeds(1),
                point -> { }));
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        FlowModel m = (FlowModel) r.model();
        double[] nll = TestData.meanAndSe(m.logProb(test));
        double gaussian = gaussianNll(train, test);
        System.out.printf("RESULT %s moons-like: test NLL %.4f ± %.4f, best Gaussian %.4f, %d parameters, %d epochs; %s%n",
                id, nll[0], nll[1], gaussian, m.parameterCount(), r.history().size(), r.detail());
        assertTrue(nll[0] < gaussian - 0.5, "test NLL " + nll[0] + " vs Gaussian " + gaussian);
    }

    /** Test NLL of the maximum-likelihood full-covariance Gaussian fitted to train. */
    static double gaussianNll(double[][] train, double[][] test) {
        double m0 = 0;
        double m1 = 0;
        for (double[] r : train) {
            m0 += r[0];
            m1 += r[1];
        }
        m0 /= train.length;
        m1 /= train.length;
        double a = 0;
        double b = 0;
        double c = 0;
        for (double[] r : train) {
            a += (r[0] - m0) * (r[0] - m0);
            b += (r[0] - m0) * (r[1] - m1);
            c += (r[1] - m1) * (r[1] - m1);
        }
        a /= train.length;
        b /= train.length;
        c /= train.length;
        double det = a * c - b * b;
        double s = 0;
        for (double[] r : test) {
            double u = r[0] - m0;
            double v = r[1] - m1;
            double q = (c * u * u - 2 * b * u * v + a * v * v) / det;
            s += 0.5 * q + Math.log(2 * Math.PI) + 0.5 * Math.log(det);
        }
        return s / test.length;
    }
}
