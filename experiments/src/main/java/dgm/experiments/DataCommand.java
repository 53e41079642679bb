package dgm.experiments;

import dgm.core.InputException;
import dgm.core.data.CsvData;
import dgm.core.data.Dataset;
import dgm.core.data.DatasetRegistry;
import dgm.core.data.DatasetSource;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.run.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Write points of a dataset to a CSV file with header x0..x{d-1}.",
            "For the 2-D toys: N samples from the exact distribution, from the stream that train --seed S uses for its training split.",
            "For other datasets: the first N rows of the chosen split (dequantised with seed S)."})
final class DataCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, description = "dataset id (see 'workbench list')")
    String dataset;

    @Option(names = "--n", required = true, description = "number of points")
    int n;

    @Option(names = "--seed", defaultValue = "0", description = "master seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--split", defaultValue = "train", description = "for non-toy datasets: train, validation or test (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", required = true, description = "CSV file to write (written atomically)")
    Path out;

    @Option(names = "--set", description = "dataset parameter data.KEY=VALUE (repeatable)")
    List<String> sets;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InputException("--n must be at least 1, got " + n);
        }
        DatasetSource src = DatasetRegistry.standard().source(dataset);
        Map<String, String> raw = SetOption.parse(sets);
        Map<String, String> dp = new java.util.LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (!k.startsWith("data.")) {
                throw new InputException("data: --set takes dataset parameters only (data.KEY=VALUE), got '" + k + "'");
            }
            dp.put(k.substring(5), v);
        });
        Params params = Params.resolve("dataset " + src.id(), src.params(), dp);
        Seeds seeds = new Seeds(seed);
        double[][] x;
        Dataset d = null;
        if (dgm.core.data.toy.Toys.byId(dataset).isPresent()) {
            x = dgm.core.data.toy.Toys.byId(dataset).get().sample(n, seeds.child("data").rng("train"));
        } else {
            d = src.load(params, seeds.child("data"));
            double[][] rows = switch (split) {
                case "train" -> d.train();
                case "validation" -> d.validation();
                case "test" -> d.test();
                default -> throw new InputException("--split must be train, validation or test, got '" + split + "'");
            };
            if (n > rows.length) {
                throw new InputException("--n " + n + " exceeds the " + rows.length + " rows of " + dataset + "/" + split);
            }
            x = Arrays.copyOf(rows, n);
        }
        AtomicFiles.writeString(out, CsvData.format(x));
        spec.commandLine().getOut().printf("wrote %d points of %s (dimension %d) to %s%n", x.length, dataset, x[0].length, out);
        return 0;
    }
}
