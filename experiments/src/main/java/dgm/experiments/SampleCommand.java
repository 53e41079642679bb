package dgm.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dgm.core.InputException;
import dgm.core.data.CsvData;
import dgm.core.data.ToyDistribution;
import dgm.core.data.toy.Toys;
import dgm.core.model.Arrays2;
import dgm.core.model.GenerativeModel;
import dgm.core.model.ModelIO;
import dgm.core.model.ModelRegistry;
import dgm.core.rng.Rng;
import dgm.core.run.AtomicFiles;
import dgm.experiments.figures.Figure;
import dgm.experiments.figures.FigureFiles;
import dgm.experiments.figures.ImageGrids;
import dgm.experiments.figures.ToyFigures;
import dgm.flow.FlowModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from the saved model of a run folder (its model.bin), without training.",
            "--out FILE.csv writes the samples (header x0..x{d-1}); FILE.png, .svg or .pdf draws them: a square grid "
                    + "of images for image data (a square number of dimensions), the samples beside the true density "
                    + "for the 2-D toys."})
final class SampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder (runs/DATASET/MODEL/seed-S of a comparison, or train --out)")
    Path runDir;

    @Option(names = "--n", required = true, description = "number of samples")
    int n;

    @Option(names = "--out", required = true, description = "FILE.csv, FILE.png, FILE.svg or FILE.pdf (written atomically)")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE}); the same seed gives the same samples")
    long seed;

    @Option(names = "--temperature", description = "flows only: draw the base at T × its standard deviation (default 1)")
    Double temperature;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InputException("--n must be at least 1, got " + n);
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".csv") ? "csv" : name.endsWith(".png") ? "png" : name.endsWith(".svg") ? "svg"
                : name.endsWith(".pdf") ? "pdf" : null;
        if (format == null) {
            throw new InputException("--out " + out + ": the file name must end in .csv, .png, .svg or .pdf");
        }
        Path model = runDir.resolve("model.bin");
        if (!Files.isDirectory(runDir)) {
            throw new InputException(runDir + " is not a folder; give a run folder (runs/DATASET/MODEL/seed-S)");
        }
        if (!Files.isRegularFile(model)) {
            throw new InputException(runDir + " has no saved model (model.bin): the run did not finish, failed, or is "
                    + "not a run folder (a comparison's runs are in DIR/runs/DATASET/MODEL/seed-S)");
        }
        GenerativeModel m = ModelRegistry.load().restore(ModelIO.read(model));
        if (temperature != null && !(m instanceof FlowModel)) {
            throw new InputException("--temperature applies to flows only; " + m.id() + " is not a flow");
        }
        Rng rng = new Rng(seed);
        double[][] x = temperature != null ? ((FlowModel) m).sampleRows(n, rng, temperature)
                : Arrays2.toMatrix(m.sample(n, rng));
        if (format.equals("csv")) {
            AtomicFiles.writeString(out, CsvData.format(x));
        } else {
            Figure f = figure(m, x);
            switch (format) {
                case "png" -> FigureFiles.writePng(f, out);
                case "svg" -> FigureFiles.writeSvg(f, out);
                default -> FigureFiles.writePdf(f, out);
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d samples of %s (%d-D, seed %d%s) to %s%n", n, m.id(),
                m.dimension(), seed, temperature == null ? "" : ", temperature " + temperature, out);
        return Workbench.EXIT_OK;
    }

    /** The samples drawn as the comparison's figures draw them: an image grid, or beside the toy's density. */
    private Figure figure(GenerativeModel m, double[][] x) {
        JsonNode data = runData();
        String dataset = data.path("id").asText("");
        int d = m.dimension();
        java.util.Optional<ToyDistribution> toy = Toys.byId(dataset);
        if (toy.isPresent() && d == 2) {
            Map<String, double[][]> s = new LinkedHashMap<>();
            s.put(m.id(), x);
            return ToyFigures.samples(toy.get(), s);
        }
        int side = (int) Math.round(Math.sqrt(d));
        int levels = data.path("levels").asInt(0);
        if (side * side == d && levels >= 2) {
            return ImageGrids.samples(x, new ImageGrids.GreyScale(levels), m.id() + " samples");
        }
        throw new InputException("cannot draw " + d + "-D samples of dataset '" + dataset + "' as a figure: figures are "
                + "for the 2-D toys and for images (a square number of dimensions with integer levels); write "
                + "--out FILE.csv instead");
    }

    /** run.json's data record (id, levels, ...), or an empty node when the folder has no run.json. */
    private JsonNode runData() {
        Path rec = runDir.resolve("run.json");
        if (!Files.isRegularFile(rec)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            return new ObjectMapper().readTree(rec.toFile()).path("data");
        } catch (IOException e) {
            throw new InputException(rec + " is not readable JSON (" + e.getMessage() + ")");
        }
    }
}
