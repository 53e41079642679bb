package dgm.core.run;

import dgm.core.data.Dataset;
import dgm.core.rng.Seeds;
import java.util.ArrayList;
import java.util.List;

/** The sample metrics of REFERENCE.md §3, model samples against the test split. */
final class SampleEvaluation {
    private SampleEvaluation() {
    }

    static List<Evaluator.Measured> evaluate(Dataset data, double[][] samples, EvalOptions options, Seeds seeds) {
        List<Evaluator.Measured> out = new ArrayList<>();
        return out;
    }
}
