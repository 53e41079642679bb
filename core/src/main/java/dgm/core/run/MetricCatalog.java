package dgm.core.run;

import dgm.core.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every metric id the workbench reports, with its unit, the split it is computed on and what it
 * means. A result row with an id not listed here is a programming error.
 */
public final class MetricCatalog {

    /** What a metric id means. */
    public record Metric(String id, String unit, String split, String description) {
    }

    private static final Map<String, Metric> METRICS = new LinkedHashMap<>();

    private static void add(String id, String unit, String split, String description) {
        METRICS.put(id, new Metric(id, unit, split, description));
    }

    static {
        add("test_nll", "nats/example", "test",
                "mean −log q(x) over the test split; exact for density models, an upper bound (IWAE) for latent-variable models; "
                        + "on dequantised data an upper bound on the discrete NLL");
        add("bits_per_dim", "bits/dim", "test", "test_nll / (d ln 2); same kind as test_nll");
        add("iwae_k", "samples", "test", "number of importance samples k behind a bound-kind test_nll");
        add("elbo_nll", "nats/example", "test", "−ELBO averaged over the test split (upper bound on the NLL, looser than IWAE)");
        add("true_entropy", "nats", "(truth)", "differential entropy H(p) of the true distribution: exact (checkerboard) or Monte Carlo on the exact density");
        add("nll_gap", "nats", "test", "mean of log p(x) − log q(x) over the test split = estimate of KL(p‖q) ≥ 0 (toys only)");
        add("val_nll", "nats/example", "validation", "mean −log q(x) over the validation split (model selection)");
        add("train_nll", "nats/example", "train", "mean −log q(x) over the training split");
        add("mmd", "(unitless)", "test vs samples", "unbiased MMD² with a Gaussian kernel at the median-heuristic bandwidth");
        add("mmd_small_bw", "(unitless)", "test vs samples", "unbiased MMD² at the median bandwidth / 8 (sensitive to small-scale errors the median misses)");
        add("mmd_p_value", "probability", "test vs samples", "permutation p-value of the aggregated (max over bandwidths) MMD test");
        add("energy_distance", "data units", "test vs samples", "2E‖X−Y‖ − E‖X−X′‖ − E‖Y−Y′‖");
        add("sliced_wasserstein", "data units", "test vs samples", "mean over random directions of W1 between 1-D projections");
        add("c2st_accuracy", "fraction", "test vs samples", "leave-one-out 1-NN two-sample test accuracy; 0.5 = indistinguishable");
        add("precision", "fraction", "test vs samples", "k-NN precision (k=5, Kynkäänniemi et al. 2019)");
        add("recall", "fraction", "test vs samples", "k-NN recall (k=5)");
        add("density", "(unitless)", "test vs samples", "k-NN density (Naeem et al. 2020); ≈1 for identical distributions");
        add("coverage", "fraction", "test vs samples", "k-NN coverage (Naeem et al. 2020); ≈0.97 for identical distributions");
        add("mode_coverage", "fraction", "samples", "fraction of known modes receiving samples within 3 sd (mixtures with known modes)");
        add("high_quality_fraction", "fraction", "samples", "fraction of samples within 3 sd of some known mode");
        add("nn_train_distance", "data units", "samples vs train", "mean distance from a sample to its nearest training point (memorisation check)");
        add("nn_train_distance_ratio", "ratio", "samples vs train", "nn_train_distance / the same for real test points; ≪ 1 signals copying");
        add("kde_log_likelihood", "nats/example", "test", "Parzen (KDE) log-likelihood of the test split under a KDE of samples: a poor proxy (Theis et al. 2016)");
        add("reverse_kl_loss", "nats", "fresh base samples", "variational fit of p ∝ exp(−U): E_q[log q + U] = KL(q‖p) − log Z, "
                + "by Monte Carlo on fresh samples; bounded below by −log Z");
        add("neg_log_z", "nats", "box", "−log Z of the energy on the stated box, by quadrature (stderr: change against a grid half as fine)");
        add("reverse_kl_gap", "nats", "fresh base samples", "reverse_kl_loss + log Z = KL(q‖p) ≥ 0 for a model confined to the box");
        add("train_seconds", "seconds", "train", "wall-clock time of the fit");
        add("samples_per_second", "samples/s", "-", "sampling throughput");
        add("parameters", "count", "-", "number of fitted scalar parameters");
    }

    private MetricCatalog() {
    }

    public static Map<String, Metric> all() {
        return Collections.unmodifiableMap(METRICS);
    }

    public static Metric require(String id) {
        Metric m = METRICS.get(id);
        if (m == null) {
            throw new InputException("unknown metric id '" + id + "'; allowed: " + String.join(", ", METRICS.keySet()));
        }
        return m;
    }
}
