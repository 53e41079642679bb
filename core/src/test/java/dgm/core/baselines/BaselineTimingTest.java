package dgm.core.baselines;

import dgm.core.data.Dataset;
import dgm.core.model.Arrays2;
import dgm.core.model.DensityModel;
import dgm.core.rng.Rng;
import dgm.core.train.FitResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Timings, printed, not asserted (a loaded machine would make assertions flaky). Run with
 * {@code mvn -o test -pl core -Pslow -Dtest='dgm.core.baselines.BaselineTimingTest'
 * -Ddgm.digits=/path/to/digits.csv.gz}; without {@code dgm.digits} the digits part is skipped.
 */
@Tag("slow")
class BaselineTimingTest {
    private static final List<String> IDS = List.of("gaussian", "gmm-diag", "gmm-full", "histogram", "kde");

    /** FFJORD's 8gaussians: centres 4·(unit circle, 8 directions), sd 0.5, all divided by 1.414. */
    static double[][] eightGaussians(int n, Rng rng) {
        double s = 1 / Math.sqrt(2);
        double[][] c = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {s, s}, {s, -s}, {-s, s}, {-s, -s}};
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double[] m = c[rng.nextInt(8)];
            x[i][0] = (rng.gaussian() * 0.5 + 4 * m[0]) / 1.414;
            x[i][1] = (rng.gaussian() * 0.5 + 4 * m[1]) / 1.414;
        }
        return x;
    }

    @Test
    void twoDimensional() {
        double[][] train = eightGaussians(20_000, new Rng(1));
        double[][] val = eightGaussians(5_000, new Rng(2));
        INDArray test = Arrays2.matrix(eightGaussians(10_000, new Rng(3)));
        Dataset data = BaselineTesting.continuous(train, val);
        System.out.println("2-D 8gaussians: 20,000 train, 5,000 validation, logProb of 10,000 points");
        for (String id : IDS) {
            for (int rep = 0; rep < 2; rep++) { // the second repetition is after JIT warm-up
                long t0 = System.nanoTime();
                FitResult r = BaselineTesting.fit(id, data, Map.of(), 1);
                long t1 = System.nanoTime();
                double nll = -BaselineTesting.mean(Arrays2.toVector(((DensityModel) r.model()).logProb(test)));
                long t2 = System.nanoTime();
                if (rep == 1) {
                    System.out.printf("  %-9s fit %8.1f ms  logProb %7.1f ms  test NLL %.4f nats  %s%n", id, (t1 - t0) / 1e6,
                            (t2 - t1) / 1e6, nll, summary(r));
                }
            }
        }
    }

    @Test
    void digits() throws IOException {
        String path = System.getProperty("dgm.digits");
        Assumptions.assumeTrue(path != null && Files.exists(Path.of(path)), "set -Ddgm.digits=.../digits.csv.gz");
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of(path))), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                double[] v = new double[64];
                for (int j = 0; j < 64; j++) {
                    v[j] = Double.parseDouble(f[j]);
                }
                rows.add(v);
            }
        }
        // REFERENCE.md §1.2: test = index % 5 == 4; validation = index % 5 == 3; train = the rest.
        Rng u = new Rng(12345);
        List<double[]> all = new ArrayList<>();
        List<double[]> tr = new ArrayList<>();
        List<double[]> va = new ArrayList<>();
        List<double[]> te = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] y = rows.get(i).clone();
            for (int j = 0; j < 64; j++) {
                y[j] += u.uniform();
            }
            (i % 5 == 4 ? te : i % 5 == 3 ? va : tr).add(y);
            if (i % 5 != 4) {
                all.add(y);
            }
        }
        double[][] test = te.toArray(new double[0][]);
        Dataset split = BaselineTesting.dequantised(17, tr.toArray(new double[0][]), va.toArray(new double[0][]));
        Dataset full = BaselineTesting.dequantised(17, all.toArray(new double[0][]), va.toArray(new double[0][]));
        System.out.printf("digits, dequantised (uniform: 181.33 nats): %d train / %d validation / %d test; "
                + "and all %d non-test rows%n", tr.size(), va.size(), te.size(), all.size());
        for (String id : IDS) {
            for (Dataset d : id.equals("kde") ? List.of(split) : List.of(split, full)) {
                long t0 = System.nanoTime();
                FitResult r = BaselineTesting.fit(id, d, Map.of(), 1);
                long t1 = System.nanoTime();
                double nll = -BaselineTesting.meanLogProb((DensityModel) r.model(), test);
                System.out.printf("  %-9s n=%4d fit %8.1f ms  test NLL %.2f nats (%.3f bits/dim)  %s%n", id, d.train().length,
                        (t1 - t0) / 1e6, nll, nll / (64 * Math.log(2)), summary(r));
            }
        }
    }

    private static String summary(FitResult r) {
        String s = r.history().size() + " history rows";
        return r.detail().isEmpty() ? s : s + "; " + r.detail();
    }
}
