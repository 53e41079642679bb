package dgm.core.data;

import dgm.core.InputException;
import dgm.core.model.ParamSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical digits, 8×8 (1797 images, 64 integer pixels 0..16), shipped inside the project
 * (CC BY 4.0; see {@code DIGITS-ATTRIBUTION.txt}). Split without any RNG (docs/data.md):
 * test = rows with index % 5 == 4 (359), validation = index % 5 == 3 (359), train = the rest (1079).
 * Dequantised y = v + u, so densities live on [0,17)^64; the uniform density there scores
 * 64 ln 17 = 181.33 nats (4.09 bits/dim).
 */
public final class DigitsDataset implements DatasetSource {
    public static final String ID = "digits";
    public static final int LEVELS = 17;
    private static final String RESOURCE = "/dgm/core/data/digits.csv.gz";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "UCI optical digits 8x8 (1797 images, 64 dims, integers 0..16, dequantised), built in; split by index % 5";
    }

    @Override
    public boolean builtIn() {
        return true;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    /** The raw integer images (1797 × 64), in file order. */
    public static double[][] rawImages() {
        return read().images;
    }

    /** The digit (0..9) of every image, in file order. */
    public static int[] rawLabels() {
        return read().labels;
    }

    private record Raw(double[][] images, int[] labels) {
    }

    private static Raw read() {
        List<double[]> rows = new ArrayList<>();
        List<Integer> digits = new ArrayList<>();
        try (InputStream in = DigitsDataset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                double[] row = new double[64];
                for (int j = 0; j < 64; j++) {
                    row[j] = Double.parseDouble(f[j]);
                }
                rows.add(row);
                digits.add(Integer.parseInt(f[64].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.size() != 1797) {
            throw new IllegalStateException("digits resource has " + rows.size() + " rows, expected 1797");
        }
        return new Raw(rows.toArray(new double[0][]), digits.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public Dataset load(Params params, Seeds seeds) {
        Raw raw = read();
        double[][] v = raw.images;
        List<double[]> train = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        List<double[]> test = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        List<Integer> yVal = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            switch (i % 5) {
                case 4 -> { test.add(v[i]); yTest.add(raw.labels[i]); }
                case 3 -> { val.add(v[i]); yVal.add(raw.labels[i]); }
                default -> { train.add(v[i]); yTrain.add(raw.labels[i]); }
            }
        }
        double[][] tr = Dequantisation.apply("digits/train", train.toArray(new double[0][]), seeds.rng("dequantise/train"));
        double[][] va = Dequantisation.apply("digits/validation", val.toArray(new double[0][]), seeds.rng("dequantise/validation"));
        double[][] te = Dequantisation.apply("digits/test", test.toArray(new double[0][]), seeds.rng("dequantise/test"));
        return new Dataset(ID, description(), DataKind.DEQUANTISED, LEVELS,
                "built-in resource " + RESOURCE + " (UCI, CC BY 4.0)", tr, va, te, Optional.empty(), Optional.empty(),
                Optional.of(new Labels(CLASSES, ints(yTrain), ints(yVal), ints(yTest))));
    }

    /** The class names of the digits' labels. */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static int[] ints(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }

}
