package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images-smoke preset end to end on 28×28 IDX files the test writes (Fashion-MNIST's format, so
 * the test needs no download and no Debian package): every model completes, flows get the image
 * profile's logit recipe, and likelihoods come out in bits/dim on the 8-bit scale.
 */
class ImagesSmokeTest {
    @TempDir
    Path dir;

    static byte[] images(int n, int seed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(28);
        out.writeInt(28);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int cls = i % 10;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                // a class-dependent band of ink on a black background, with noise
                boolean ink = Math.abs(row - 4 - 2 * cls) < 3;
                out.writeByte(ink ? 150 + r.nextInt(100) : r.nextInt(8));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int n) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte(i % 10);
        }
        return bytes.toByteArray();
    }

    @Test
    void imagesSmokePresetRunsEveryFamilyOnImages() throws Exception {
        Path data = dir.resolve("idx");
        Files.createDirectories(data);
        Files.write(data.resolve("train-images-idx3-ubyte"), images(1000, 1));
        Files.write(data.resolve("train-labels-idx1-ubyte"), labels(1000));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), images(200, 2));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), labels(200));
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run("compare", "--preset", "images-smoke", "--set", "data_params.fashion-mnist.path=" + data,
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        for (String m : List.of("gaussian", "realnvp", "vae", "fgan-js")) {
            Path run = out.resolve("runs").resolve("fashion-mnist").resolve(m).resolve("seed-0");
            String json = Files.readString(run.resolve("run.json"));
            assertTrue(json.contains("\"status\" : \"completed\""), m + ": " + json.substring(0, Math.min(400, json.length())));
            assertTrue(json.contains("\"data_profile\" : \"image\""), m);
        }
        String flow = Files.readString(out.resolve("runs/fashion-mnist/realnvp/seed-0/run.json"));
        assertTrue(flow.contains("\"data_defaults\"") && flow.contains("\"logit_alpha\" : \"1e-6\""), flow.substring(0, 1500));
        java.util.Map<String, Double> bpd = new java.util.TreeMap<>();
        for (String m : List.of("gaussian", "realnvp", "vae")) {
            bpd.put(m, rows.stream().filter(x -> x.model().equals(m) && x.metric().equals("bits_per_dim")).findFirst()
                    .orElseThrow(() -> new AssertionError(m + " has no bits_per_dim")).value());
        }
        // on the 8-bit scale: the uniform density on [0, 256)^784 scores 8 bits/dim, and the flow, which
        // starts as a Gaussian in logit space, and the VAE beat it after a few steps on banded images
        assertTrue(bpd.values().stream().allMatch(v -> Double.isFinite(v) && v > 0), bpd.toString());
        assertTrue(bpd.get("realnvp") < 8 && bpd.get("vae") < 8, bpd.toString());
    }
}
