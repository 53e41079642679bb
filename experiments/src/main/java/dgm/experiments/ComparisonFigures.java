package dgm.experiments;

import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.model.Arrays2;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.HistoryPoint;
import dgm.experiments.figures.DensitySurface;
import dgm.experiments.figures.DigitGrids;
import dgm.experiments.figures.FigureFiles;
import dgm.experiments.figures.FlowWarp;
import dgm.experiments.figures.ToyFigures;
import dgm.experiments.figures.TrainingCurves;
import dgm.flow.FlowModel;
import dgm.vae.VaeModel;
import dgm.core.data.DatasetRegistry;
import dgm.core.run.RunSpec;
import dgm.core.run.TrainRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a comparison, from the saved models of its first seed (figures/NAME.png and .svg):
 * per toy the true density beside each model's samples, the density maps of every model with a
 * density (exact, or a bound for a VAE, said in the panel title), the seed's picture of every 2-D flow
 * (the latent grid carried layer by layer into data space, coloured by log|det J|), training curves,
 * and sample grids on the digits. A figure that cannot be drawn is reported and skipped; it never
 * fails the comparison.
 */
final class ComparisonFigures {
    static final int SAMPLES = 2000;

    private ComparisonFigures() {
    }

    /** A figure written, for the report: file stem and a caption. */
    record Written(String stem, String caption) {
    }

    static List<Written> write(ExperimentConfig c, Path dir, PrintStream log) {
        Path figs = dir.resolve("figures");
        List<Written> out = new ArrayList<>();
        ModelRegistry registry = ModelRegistry.load();
        long seed = c.seeds().get(0);
        for (String dataset : c.datasets()) {
            Map<String, GenerativeModel> models = new LinkedHashMap<>();
            Map<String, List<HistoryPoint>> histories = new LinkedHashMap<>();
            for (String m : c.models()) {
                Path rd = dir.resolve("runs").resolve(dataset).resolve(m).resolve("seed-" + seed);
                try {
                    if (Files.isRegularFile(rd.resolve("model.bin"))) {
                        models.put(m, registry.restore(ModelIO.read(rd.resolve("model.bin"))));
                    }
                    if (Files.isRegularFile(rd.resolve("run.json"))) {
                        List<HistoryPoint> h = TrainingCurves.fromRunJson(rd.resolve("run.json"));
                        if (h.size() > 1) {
                            histories.put(m, h);
                        }
                    }
                } catch (RuntimeException e) {
                    log.println("figures: skipped " + m + " on " + dataset + ": " + e.getMessage());
                }
            }
            Rng rng = new Seeds(seed).rng("figures/" + dataset);
            Map<String, double[][]> samples = new LinkedHashMap<>();
            models.forEach((m, model) -> {
                try {
                    samples.put(m, Arrays2.toMatrix(model.sample(SAMPLES, rng.derive(m))));
                } catch (RuntimeException e) {
                    log.println("figures: no samples from " + m + " on " + dataset + ": " + e.getMessage());
                }
            });
            var toy = Toys.byId(dataset);
            if (toy.isPresent()) {
                ToyDistribution truth = toy.get();
                attempt(log, out, figs, dataset + "-samples", "True density of " + dataset + " and " + SAMPLES
                        + " samples from each model (seed " + seed + ").", () -> ToyFigures.samples(truth, samples));
                List<DensitySurface> surfaces = new ArrayList<>();
                models.forEach((m, model) -> DensitySurface.of(model, DensitySurface.BOUND_SAMPLES, rng.derive("bound/" + m))
                        .ifPresent(surfaces::add));
                if (!surfaces.isEmpty()) {
                    attempt(log, out, figs, dataset + "-densities", "Density of each model with one (exact, or a bound where the "
                            + "panel says so) beside the true density of " + dataset + ".", () -> ToyFigures.densities(truth, surfaces));
                }
                double[][] data = truth.sample(SAMPLES, rng.derive("data"));
                models.forEach((m, model) -> {
                    if (model instanceof FlowModel flow && flow.dimension() == 2) {
                        attempt(log, out, figs, dataset + "-flow-" + m, "The seed's picture for " + m + " on " + dataset
                                + ": the latent grid carried layer by layer into data space, cells coloured by log|det J| of the map so far.",
                                () -> FlowWarp.figure(flow, data));
                    }
                });
            } else if (models.values().stream().anyMatch(x -> x.dimension() == 64)) {
                samples.forEach((m, s) -> attempt(log, out, figs, dataset + "-samples-" + m,
                        "64 samples of " + m + " on " + dataset + " (8×8, 0 white to 16 black).",
                        () -> DigitGrids.samples(java.util.Arrays.copyOf(s, 64), m)));
                models.forEach((m, model) -> {
                    if (model instanceof VaeModel vae) {
                        attempt(log, out, figs, dataset + "-reconstructions-" + m, "The first " + RECONSTRUCTIONS
                                + " test images of " + dataset + " (left) and " + m + "'s reconstructions E[x | z = μ(x)] "
                                + "(right, seed " + seed + ").", () -> {
                            double[][] test = java.util.Arrays.copyOf(testRows(c, dataset, m, seed), RECONSTRUCTIONS);
                            return DigitGrids.reconstructions(test, vae.reconstruct(test));
                        });
                    }
                });
            }
            if (!histories.isEmpty()) {
                attempt(log, out, figs, dataset + "-training", "Training curves on " + dataset + " (seed " + seed
                        + "), over steps and over wall-clock seconds.", () -> TrainingCurves.figure(histories));
            }
        }
        return out;
    }

    static final int RECONSTRUCTIONS = 30;

    /** The test split of {@code dataset} exactly as the run of {@code model} with {@code seed} saw it. */
    private static double[][] testRows(ExperimentConfig c, String dataset, String model, long seed) {
        TrainRun.Prepared p = TrainRun.prepare(RunSpec.of(model, dataset, seed, c.setsFor(dataset, model)),
                ModelRegistry.load(), DatasetRegistry.standard());
        return p.dataset().load(p.dataParams(), new Seeds(seed).child("data")).test();
    }

    private interface FigureMaker {
        dgm.experiments.figures.Figure make();
    }

    private static void attempt(PrintStream log, List<Written> out, Path dir, String stem, String caption, FigureMaker maker) {
        try {
            FigureFiles.write(maker.make(), dir, stem);
            out.add(new Written(stem, caption));
        } catch (RuntimeException e) {
            log.println("figures: could not draw " + stem + ": " + e);
        }
    }
}
