package dgm.experiments;

import dgm.core.data.Dataset;
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
import dgm.experiments.figures.ImageFigures;
import dgm.experiments.figures.ImageGrids;
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
 * The figures of a comparison (figures/NAME.png, .svg and .pdf). From the saved models of its first
 * seed: per toy the true density beside each model's samples, the density maps of every model with a
 * density (exact, or a bound for a VAE, said in the panel title), the seed's picture of every 2-D flow
 * (the latent grid carried layer by layer into data space, coloured by log|det J|). From the
 * histories of every seed ({@link TrainingCurves}): per dataset the held-out curves of the
 * gradient-trained models, each family's diagnostics, the wall-clock figure and, when the config
 * asks for it ({@code figures.baseline_traces}), the baselines' fitting traces.
 * On every dataset of square images (dequantised with L levels, d = side², e.g. the digits and
 * Fashion-MNIST): the test images, per model an 8 × 8 grid of samples from one fixed noise, samples
 * beside their nearest training images, and for a VAE its decoded means, reconstructions and latent
 * interpolations, all on one grey scale per dataset (0 white, L − 1 black, clamped). A figure that
 * cannot be drawn is reported and skipped; it never fails the comparison.
 */
final class ComparisonFigures {
    static final int SAMPLES = 2000;

    private ComparisonFigures() {
    }

    /** A figure written, for the report: file stem and a caption. */
    record Written(String stem, String caption) {
    }

    static List<Written> write(ExperimentConfig c, Path dir, PrintStream log) {
        return write(c, dir, dir, log);
    }

    /** As {@link #write(ExperimentConfig, Path, PrintStream)}, the models read from {@code in}/runs, the figures written to {@code out}/figures. */
    static List<Written> write(ExperimentConfig c, Path in, Path to, PrintStream log) {
        Path dir = in;
        Path figs = to.resolve("figures");
        List<Written> out = new ArrayList<>();
        ModelRegistry registry = ModelRegistry.load();
        long seed = c.seeds().get(0);
        for (String dataset : c.datasets()) {
            Map<String, GenerativeModel> models = new LinkedHashMap<>();
            for (String m : c.models()) {
                Path rd = dir.resolve("runs").resolve(dataset).resolve(m).resolve("seed-" + seed);
                try {
                    if (Files.isRegularFile(rd.resolve("model.bin"))) {
                        models.put(m, registry.restore(ModelIO.read(rd.resolve("model.bin"))));
                    }
                } catch (RuntimeException e) {
                    log.println("figures: skipped " + m + " on " + dataset + ": " + e.getMessage());
                }
            }
            var toy = Toys.byId(dataset);
            if (toy.isPresent()) {
                toyFigures(toy.get(), dataset, seed, models, log, out, figs);
            } else if (!models.isEmpty()) {
                imageFigures(c, dataset, seed, models, log, out, figs);
            }
            trainingFigures(c, dir, dataset, registry, log, out, figs);
        }
        return out;
    }

    /** Every seed's history of every model on {@code dataset}, as the training figures take them. */
    static List<TrainingCurves.ModelRuns> histories(ExperimentConfig c, Path dir, String dataset, ModelRegistry registry,
                                                    PrintStream log) {
        List<TrainingCurves.ModelRuns> runs = new ArrayList<>();
        for (String m : c.models()) {
            List<Long> seeds = new ArrayList<>();
            List<List<HistoryPoint>> histories = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            List<Boolean> resumed = new ArrayList<>();
            for (long s : c.seeds()) {
                Path json = dir.resolve("runs").resolve(dataset).resolve(m).resolve("seed-" + s).resolve("run.json");
                if (!Files.isRegularFile(json)) {
                    continue;
                }
                try {
                    TrainingCurves.Record r = TrainingCurves.readRun(json);
                    seeds.add(s);
                    histories.add(r.history());
                    seconds.add(r.trainSeconds());
                    resumed.add(r.resumed());
                } catch (RuntimeException e) {
                    log.println("figures: no history of " + m + " on " + dataset + " (seed " + s + "): " + e.getMessage());
                }
            }
            if (!seeds.isEmpty()) {
                var spec = registry.spec(m);
                runs.add(new TrainingCurves.ModelRuns(m, registry.family(m), dgm.core.train.Budget.appliesTo(spec),
                        spec.capability() == dgm.core.model.Capability.LOWER_BOUND, seeds, histories, seconds, resumed));
            }
        }
        return runs;
    }

    /** The training figures of one dataset: held-out curves, each family's diagnostics, wall-clock, the baselines' traces if asked. */
    private static void trainingFigures(ExperimentConfig c, Path dir, String dataset, ModelRegistry registry, PrintStream log,
                                        List<Written> out, Path figs) {
        List<TrainingCurves.ModelRuns> runs = histories(c, dir, dataset, registry, log);
        if (runs.isEmpty()) {
            return;
        }
        captioned(log, out, figs, dataset + "-training", () -> TrainingCurves.heldOut(dataset, runs));
        captioned(log, out, figs, dataset + "-training-flow", () -> TrainingCurves.flows(dataset, runs));
        captioned(log, out, figs, dataset + "-training-vae", () -> TrainingCurves.vaes(dataset, runs));
        captioned(log, out, figs, dataset + "-training-fgan", () -> TrainingCurves.fgans(dataset, runs));
        captioned(log, out, figs, dataset + "-walltime", () -> TrainingCurves.wallTime(dataset, runs));
        if (c.baselineTraces()) {
            captioned(log, out, figs, dataset + "-training-baselines", () -> TrainingCurves.baselineTraces(dataset, runs));
        }
    }

    /** Per toy: the true density beside samples, the density maps, and each 2-D flow's picture. */
    private static void toyFigures(ToyDistribution truth, String dataset, long seed, Map<String, GenerativeModel> models,
                                   PrintStream log, List<Written> out, Path figs) {
        Rng rng = new Seeds(seed).rng("figures/" + dataset);
        Map<String, double[][]> samples = new LinkedHashMap<>();
        models.forEach((m, model) -> {
            try {
                samples.put(m, Arrays2.toMatrix(model.sample(SAMPLES, rng.derive(m))));
            } catch (RuntimeException e) {
                log.println("figures: no samples from " + m + " on " + dataset + ": " + e.getMessage());
            }
        });
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
    }

    /**
     * The seed of the noise behind every image grid of samples: fixed, so that every model and every
     * comparison (whatever its seeds) is drawn from the same stream, and models that turn the same
     * noise into samples (flows of one dimension, VAEs or f-GANs of one latent size) show it.
     */
    static final long FIGURE_SEED = 0;
    /** Images per sample grid (8 × 8). */
    static final int GRID = 64;
    /** Samples shown beside their nearest training images, and how many neighbours each. */
    static final int NEIGHBOUR_SAMPLES = 8;
    static final int NEIGHBOURS = 3;
    /** Test images whose nearest training image gives the reference distance in the neighbours caption. */
    static final int REFERENCE_IMAGES = 64;
    static final int RECONSTRUCTIONS = 30;
    static final double LOW_TEMPERATURE = 0.7;
    static final String LOW_TEMPERATURE_LABEL = "07";
    /** VAE interpolations: pairs of test images, and decoded steps between their posterior means. */
    static final int PAIRS = 8;
    static final int STEPS = 10;

    /** The fixed noise for a dataset's sample grids: a fresh generator, the same for every model. */
    static Rng figureNoise(String dataset) {
        return new Seeds(FIGURE_SEED).rng("figures/" + dataset + "/samples");
    }

    /**
     * For a dataset of square images (dequantised, L levels): the test images, and per model its
     * sample grid, its samples beside their nearest training images, and for a VAE the decoded means,
     * reconstructions and latent interpolations, every image on one grey scale.
     */
    private static void imageFigures(ExperimentConfig c, String dataset, long seed, Map<String, GenerativeModel> models,
                                     PrintStream log, List<Written> out, Path figs) {
        Dataset data;
        try {
            data = loadData(c, dataset, models.keySet().iterator().next(), seed);
        } catch (RuntimeException e) {
            log.println("figures: no image figures on " + dataset + ": its data did not load: " + e.getMessage());
            return;
        }
        if (!ImageFigures.isImage(data)) {
            return;
        }
        ImageGrids.GreyScale grey = new ImageGrids.GreyScale(data.levels());
        double[][] train = data.train();
        double[][] test = data.test();
        int d = data.dimension();
        int side = ImageGrids.side(d);
        String shape = side + "×" + side;
        String scale = "Every " + dataset + " figure: " + grey.describe() + ".";
        String runOf = " Model of seed " + seed + ".";
        attempt(log, out, figs, dataset + "-data", "The first " + Math.min(GRID, test.length) + " test images of " + dataset
                + " (" + shape + " pixels each), for comparison with the samples. " + scale,
                () -> ImageGrids.samples(head(test, GRID), grey, dataset + " test images"));
        double reference = Double.NaN;
        try {
            double[][] queries = head(test, REFERENCE_IMAGES);
            double[] nearest = new double[queries.length];
            ImageFigures.Neighbours nn = ImageFigures.nearest(queries, train, 1);
            for (int i = 0; i < nearest.length; i++) {
                nearest[i] = nn.distance()[i][0];
            }
            reference = ImageFigures.median(nearest);
        } catch (RuntimeException e) {
            log.println("figures: no reference distance on " + dataset + ": " + e.getMessage());
        }
        double referenceDistance = reference;
        int nReference = Math.min(REFERENCE_IMAGES, test.length);
        models.forEach((m, model) -> {
            double[][] samples;
            try {
                samples = Arrays2.toMatrix(model.sample(GRID, figureNoise(dataset)));
            } catch (RuntimeException e) {
                log.println("figures: no samples from " + m + " on " + dataset + ": " + e.getMessage());
                return;
            }
            boolean flow = model instanceof FlowModel;
            String nan = notFinite(samples) ? " NaN values are drawn orange." : "";
            attempt(log, out, figs, dataset + "-samples-" + m, GRID + " samples of " + m + " on " + dataset + " (an 8 × 8 grid"
                    + (flow ? ", at temperature 1: the base density itself, no rescaling of the latent draws" : "")
                    + "), from the fixed figure noise (figure seed " + FIGURE_SEED + ", the same stream for every model)."
                    + runOf + " " + scale + nan,
                    () -> ImageGrids.samples(samples, grey, m + " samples" + (flow ? ", T = 1" : "")));
            if (model instanceof FlowModel fm) {
                attempt(log, out, figs, dataset + "-samples-" + m + "-t" + LOW_TEMPERATURE_LABEL, GRID + " samples of " + m
                        + " on " + dataset + " at temperature " + LOW_TEMPERATURE + " (the base's standard deviations times "
                        + LOW_TEMPERATURE + ", Glow's reduced-temperature sampling): more typical, less diverse, and not draws "
                        + "from the model; from the same figure noise as the T = 1 grid." + runOf + " " + scale,
                        () -> ImageGrids.samples(fm.sampleRows(GRID, figureNoise(dataset), LOW_TEMPERATURE), grey,
                                m + " samples, T = " + LOW_TEMPERATURE));
            }
            double[][] shown = head(samples, NEIGHBOUR_SAMPLES);
            attempt(log, out, figs, dataset + "-neighbours-" + m, "Memorisation check for " + m + " on " + dataset
                    + ": at the top the first " + shown.length + " samples of the samples figure (its first row), below each "
                    + "its " + NEIGHBOURS + " nearest of the " + train.length + " training images, nearest first, each titled "
                    + "with its Euclidean distance to the sample over the " + d + " pixel values (in pixel levels)."
                    + (Double.isFinite(referenceDistance) ? " For reference, the first " + nReference + " test images lie at a "
                    + "median distance of " + ImageGrids.format(referenceDistance) + " from their nearest training image; "
                    + "a sample much closer than that to a training image suggests a copy." : "")
                    + runOf + " " + scale + nan, () -> {
                        ImageFigures.Neighbours nn = ImageFigures.nearest(shown, train, NEIGHBOURS);
                        return ImageGrids.neighbours(shown, nn.rows(train), nn.distance(), grey, m + ": samples and nearest training images");
                    });
            if (model instanceof VaeModel vae) {
                vaeFigures(vae, m, dataset, test, grey, runOf.strip() + " " + scale, log, out, figs);
            }
        });
    }

    private static void vaeFigures(VaeModel vae, String m, String dataset, double[][] test, ImageGrids.GreyScale grey,
                                   String scale, PrintStream log, List<Written> out, Path figs) {
        attempt(log, out, figs, dataset + "-sample-means-" + m, "Decoded means E[x | z] of " + m + " on " + dataset
                + " for " + GRID + " latent draws z ~ N(0, I) from the fixed figure noise (an 8 × 8 grid); the samples figure draws "
                + "x ~ p(x | z) around such means. " + scale,
                () -> ImageGrids.samples(vae.decodeMean(figureNoise(dataset).gaussian(GRID, vae.latentDimension())), grey,
                        m + " decoded means E[x | z]"));
        double[][] originals = head(test, RECONSTRUCTIONS);
        attempt(log, out, figs, dataset + "-reconstructions-" + m, "The first " + originals.length + " test images of "
                + dataset + " (left) and " + m + "'s reconstructions E[x | z = μ(x)] (right), decoded from the posterior means. "
                + scale, () -> ImageGrids.reconstructions(originals, vae.reconstruct(originals), grey));
        if (test.length >= 2 * PAIRS) {
            double[][] from = java.util.Arrays.copyOfRange(test, 0, PAIRS);
            double[][] to = java.util.Arrays.copyOfRange(test, PAIRS, 2 * PAIRS);
            attempt(log, out, figs, dataset + "-interpolations-" + m, "Latent interpolations of " + m + " on " + dataset + ": "
                    + "per row a pair of test images (test images i and i + " + PAIRS + ", i = 1 … " + PAIRS + "), x_a at the left "
                    + "and x_b at the right, and between them E[x | z] decoded at " + STEPS + " evenly spaced points "
                    + "z = (1 − t) μ(x_a) + t μ(x_b), t = 0 … 1, of the line between their posterior means; the first and last "
                    + "decoded images are the reconstructions of x_a and x_b. " + scale,
                    () -> ImageGrids.interpolations(from, ImageFigures.interpolate(vae, from, to, STEPS), to, grey,
                            "x_a  |  E[x | z] at z = (1 − t) μ(x_a) + t μ(x_b), t = 0 … 1  |  x_b"));
        }
    }

    private static double[][] head(double[][] rows, int n) {
        return java.util.Arrays.copyOf(rows, Math.min(n, rows.length));
    }

    private static boolean notFinite(double[][] rows) {
        for (double[] r : rows) {
            for (double v : r) {
                if (Double.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The data of {@code dataset} exactly as the run of {@code model} with {@code seed} saw it. */
    private static Dataset loadData(ExperimentConfig c, String dataset, String model, long seed) {
        TrainRun.Prepared p = TrainRun.prepare(RunSpec.of(model, dataset, seed, c.setsFor(dataset, model)),
                ModelRegistry.load(), DatasetRegistry.standard());
        return p.dataset().load(p.dataParams(), new Seeds(seed).child("data"));
    }

    private interface FigureMaker {
        dgm.experiments.figures.Figure make();
    }

    /** Draws a figure that brings its own caption, if there is one to draw. */
    private static void captioned(PrintStream log, List<Written> out, Path dir, String stem,
                                  java.util.function.Supplier<java.util.Optional<TrainingCurves.Captioned>> maker) {
        try {
            maker.get().ifPresent(f -> {
                FigureFiles.write(f.figure(), dir, stem);
                out.add(new Written(stem, f.caption()));
            });
        } catch (RuntimeException e) {
            log.println("figures: could not draw " + stem + ": " + e);
        }
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
