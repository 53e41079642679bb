package dgm.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dgm.core.data.DataKind;
import dgm.core.data.Dataset;
import dgm.core.data.DigitsDataset;
import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Rng;
import dgm.core.rng.Seeds;
import dgm.core.train.FitContext;
import dgm.core.train.FitResult;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import dgm.flow.variational.Energies;
import dgm.flow.variational.ReverseKl;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every figure type from real, briefly trained models, into {@code target/figure-gallery} for a person
 * to look at (about a minute: RealNVP on moons for 20 s, a radial flow on U1 by reverse KL).
 */
@Tag("slow")
class FigureGallerySlowTest {

    @Test
    void gallery() throws Exception {
        Path out = Path.of("target", "figure-gallery");
        ToyDistribution moons = Toys.byId("moons").orElseThrow();
        Rng rng = new Rng(2026);
        Dataset data = new Dataset("moons", "moons", DataKind.CONTINUOUS, 0, "Toys.moons",
                moons.sample(5000, rng), moons.sample(1000, rng), moons.sample(1000, rng), Optional.of(moons), Optional.empty());

        // the seed's picture before training: a random RealNVP
        FigureFiles.write(FlowWarp.figure(FlowWarpTest.randomRealNvp(4, 11), data.train()), out, "flow-warp-random");
        FigureFiles.write(FlowWarp.figure(Style.wide(), FlowWarpTest.analyticSteps(), FlowWarp.Grid.standard(), null, 4),
                out, "flow-warp-analytic");

        ModelSpec spec = new FlowFamily().models().stream().filter(s -> s.id().equals("realnvp")).findFirst().orElseThrow();
        Params p = Params.resolve("realnvp", spec.params(), Map.of("layers", "6", "epochs", "200", "max_minutes", "0.33",
                "patience", "0"));
        FitResult fit = spec.fitter().fit(new FitContext(data, p, new Seeds(1), point -> { }));
        assertEquals(RunStatus.COMPLETED, fit.status(), fit.detail());
        FlowModel flow = (FlowModel) fit.model();
        System.out.printf("RESULT realnvp moons: test NLL %.3f after %d history rows%n", flow.meanNll(data.test()),
                fit.history().size());

        FigureFiles.write(FlowWarp.figure(flow, java.util.Arrays.copyOf(data.train(), 1000)), out, "flow-warp-trained");
        Map<String, double[][]> samples = new LinkedHashMap<>();
        samples.put("realnvp", flow.sampleRows(1500, new Rng(5)));
        samples.put("random flow", FlowWarpTest.randomRealNvp(4, 11).sampleRows(1500, new Rng(5)));
        FigureFiles.write(ToyFigures.samples(moons, samples), out, "moons-samples");
        FigureFiles.write(ToyFigures.densities(moons, List.of(
                DensitySurface.of(flow, 1, rng).orElseThrow(),
                new DensitySurface("random flow", dgm.core.metrics.Kind.EXACT,
                        DensitySurface.of(FlowWarpTest.randomRealNvp(4, 11), 1, rng).orElseThrow().field()))), out, "moons-densities");
        var runs = List.of(new TrainingCurves.ModelRuns("realnvp", "flow", true, false, List.of(1L), List.of(fit.history()),
                List.of(Double.NaN)));
        FigureFiles.write(TrainingCurves.heldOut("moons", runs).orElseThrow().figure(), out, "curves");
        FigureFiles.write(TrainingCurves.flows("moons", runs).orElseThrow().figure(), out, "curves-flow");

        var radialSpec = new FlowFamily().models().stream().filter(s -> s.id().equals("radial")).findFirst().orElseThrow();
        var cfg = Params.resolve("radial", radialSpec.params(), Map.of("layers", "16", "standardize", "false")).asMap();
        FlowModel radial = Architectures.build("radial", cfg, 2, new Rng(7)).model();
        ReverseKl.fit(radial, Energies.named("U1"), new ReverseKl.Options(1500, 256, 5e-3, "cosine", 10), new Rng(8),
                TrainingListener.NONE);
        FigureFiles.write(EnergyFits.figure(List.of(new EnergyFits.Fit(Energies.named("U1"), "radial",
                radial.sampleRows(1500, new Rng(9))))), out, "energy-U1");

        double[][] digits = DigitsDataset.rawImages();
        double[][] some = java.util.Arrays.copyOf(digits, 50);
        double[][] recon = new double[20][];
        for (int i = 0; i < 20; i++) {
            recon[i] = some[i].clone();
            for (int j = 0; j < 64; j++) {
                recon[i][j] = Math.max(0, Math.min(16, recon[i][j] + 3 * rng.gaussian()));
            }
        }
        ImageGrids.GreyScale grey = new ImageGrids.GreyScale(DigitsDataset.LEVELS);
        FigureFiles.write(ImageGrids.samples(some, grey, "digits (data)"),
                out, "digits-samples");
        FigureFiles.write(ImageGrids.reconstructions(java.util.Arrays.copyOf(some, 20), recon, grey), out, "digits-reconstructions");
    }
}
