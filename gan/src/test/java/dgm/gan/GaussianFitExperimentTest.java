package dgm.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.metrics.Estimate;
import dgm.core.metrics.Kind;
import dgm.core.train.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GaussianFitExperimentTest {

    static GaussianFitExperiment.Options quick(List<Divergence> ds, int steps) {
        GaussianFitExperiment.Options d = GaussianFitExperiment.defaults();
        return new GaussianFitExperiment.Options(ds, d.method(), d.generatorLoss(), d.criticSteps(), steps, 20, 64, d.lrG(),
                d.lrC(), d.beta1(), d.schedule(), 2000, d.initMu(), d.initSigma(), 1);
    }

    /** Runs KL and GAN end to end (training and the exact optimum) and writes the tables. */
    @Tag("slow")
    @Test
    void writesTheThreeTablesWithTheDocumentedHeader(@TempDir Path dir) throws Exception {
        GaussianFitExperiment.Options o = quick(List.of(Divergence.KL, Divergence.GAN), 30);
        List<GaussianFitExperiment.Row> rows = GaussianFitExperiment.write(dir, o, (f, s) -> { });
        List<String> csv = Files.readAllLines(dir.resolve("gaussian_fit.csv"));
        assertEquals("divergence,mu_hat,sigma_hat,bound_hat,mu_star,sigma_star,divergence_star", csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("kl,"), csv.get(1));
        String[] gan = csv.get(2).split(",");
        assertEquals("gan", gan[0]);
        assertEquals(-1.267669, Double.parseDouble(gan[6]), 1e-6, "D_gan* is negative (f(1) = −log 4)");
        assertEquals(0.6, Double.parseDouble(csv.get(1).split(",")[4]), 1e-6, "the KL optimum is moment matching");
        String md = Files.readString(dir.resolve("gaussian_fit.md"));
        assertTrue(md.startsWith("| divergence | μ̂ | σ̂ | F̂ | μ* | σ* | D_f* | D_f(P‖Q̂) |"), md);
        assertTrue(md.contains("| Kullback-Leibler |") && md.contains("| GAN |"), md);
        String tex = Files.readString(dir.resolve("gaussian_fit.tex"));
        assertTrue(tex.contains("\\begin{tabular}{lrrrrrrr}") && tex.contains("\\bottomrule") && tex.contains("GAN &"), tex);
        for (GaussianFitExperiment.Row r : rows) {
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            assertEquals(Kind.BOUND, r.boundHat().kind());
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void sameSeedSameFit() {
        GaussianFitExperiment.Options o = quick(List.of(Divergence.JENSEN_SHANNON), 30);
        assertEquals(GaussianFitExperiment.train(Divergence.JENSEN_SHANNON, o), GaussianFitExperiment.train(Divergence.JENSEN_SHANNON, o));
        GaussianFitExperiment.Options other = new GaussianFitExperiment.Options(o.divergences(), o.method(), o.generatorLoss(),
                o.criticSteps(), o.steps(), o.polishSteps(), o.batch(), o.lrG(), o.lrC(), o.beta1(), o.schedule(), o.evalSize(),
                o.initMu(), o.initSigma(), 2);
        assertTrue(GaussianFitExperiment.train(Divergence.JENSEN_SHANNON, o).muHat()
                != GaussianFitExperiment.train(Divergence.JENSEN_SHANNON, other).muHat());
    }

    @Test
    void writesTablesAtomically(@TempDir Path dir) throws Exception {
        GaussianFitExperiment.Row r = new GaussianFitExperiment.Row(Divergence.GAN, 0.7, 1.5,
                new Estimate(-1.27, 0.003, 10, Kind.BOUND), -1.26, 0.676, 1.5007, -1.2677, RunStatus.COMPLETED, "");
        GaussianFitExperiment.write(dir, List.of(r), GaussianFitExperiment.defaults());
        assertEquals(List.of("divergence,mu_hat,sigma_hat,bound_hat,mu_star,sigma_star,divergence_star",
                "gan,0.700000,1.500000,-1.270000,0.676000,1.500700,-1.267700"), Files.readAllLines(dir.resolve("gaussian_fit.csv")));
        assertTrue(Files.readString(dir.resolve("gaussian_fit.md")).contains("| GAN | 0.7000 | 1.5000 | -1.2700 ± 0.0030 |"));
        assertTrue(Files.readString(dir.resolve("gaussian_fit.tex")).contains("GAN & 0.7000 & 1.5000 & -1.2700 $\\pm$ 0.0030"));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void optionsParseAndRejectUnknownKeys() {
        GaussianFitExperiment.Options o = GaussianFitExperiment.options(Map.of("divergences", "kl,fgan-js", "steps", "7",
                "method", "alternating"));
        assertEquals(List.of(Divergence.KL, Divergence.JENSEN_SHANNON), o.divergences());
        assertEquals(7, o.steps());
        assertEquals(FGanTrainer.Method.ALTERNATING, o.method());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GaussianFitExperiment.options(Map.of("stpes", "7")));
    }

    @Test
    void markdownShowsTheStandardErrorAndANonCompletedStatus() {
        GaussianFitExperiment.Row r = new GaussianFitExperiment.Row(Divergence.NEYMAN, 1.0, 0.9,
                new Estimate(0.4, 0.01, 10, Kind.BOUND), 0.5, 1.45, 0.85, 0.41, RunStatus.DIVERGED, "x");
        String md = GaussianFitExperiment.markdown(List.of(r), GaussianFitExperiment.defaults());
        assertTrue(md.contains("0.4000 ± 0.0100") && md.contains("diverged"), md);
    }

    /**
     * The paper's experiment, trained: (μ̂, σ̂) within 0.1 of (μ*, σ*) and F̂ within 0.02 of D_f*
     * for KL, reverse KL and Jensen–Shannon.
     */
    @Tag("slow")
    @Test
    void trainedFitsLandNearTheExactOptimum() {
        GaussianFitExperiment.Options d = GaussianFitExperiment.defaults();
        GaussianFitExperiment.Options o = new GaussianFitExperiment.Options(
                List.of(Divergence.KL, Divergence.REVERSE_KL, Divergence.JENSEN_SHANNON), d.method(), d.generatorLoss(),
                d.criticSteps(), d.steps(), 300, d.batch(), d.lrG(), d.lrC(), d.beta1(), d.schedule(), 20_000, d.initMu(),
                d.initSigma(), 0);
        for (GaussianFitExperiment.Row r : GaussianFitExperiment.run(o, (f, s) -> { })) {
            System.out.printf(java.util.Locale.ROOT, "RESULT gaussian fit %-4s mu %.4f (%.4f) sigma %.4f (%.4f) F %.4f ± %.4f (%.4f)%n",
                    r.divergence().id(), r.muHat(), r.muStar(), r.sigmaHat(), r.sigmaStar(), r.boundHat().value(),
                    r.boundHat().standardError(), r.divergenceStar());
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            assertEquals(r.muStar(), r.muHat(), 0.1, r.divergence().id() + " mu");
            assertEquals(r.sigmaStar(), r.sigmaHat(), 0.1, r.divergence().id() + " sigma");
            assertEquals(r.divergenceStar(), r.boundHat().value(), 0.02 + 3 * r.boundHat().standardError(), r.divergence().id() + " F̂");
            assertTrue(r.boundHat().value() <= r.divergenceAtHat() + 3 * r.boundHat().standardError(),
                    r.divergence().id() + ": F̂ must lie below D_f(P‖Q_θ̂) = " + r.divergenceAtHat());
        }
    }
}
