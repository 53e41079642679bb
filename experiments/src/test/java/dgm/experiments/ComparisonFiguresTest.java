package dgm.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.run.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training figures a comparison draws from its runs' records: which files, which captions, the baselines' traces on
 * request. On digits without saved models, so that only the training figures are drawn.
 */
class ComparisonFiguresTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            name: curves
            seeds: [0, 1]
            datasets: [digits]
            models: [gaussian, gmm-diag, kde, realnvp, vae]
            """;

    /** run.json of one run: its history rows and its training seconds. */
    private void run(String model, long seed, List<Map<String, Object>> history, double seconds) throws Exception {
        Path rd = Files.createDirectories(dir.resolve("runs/digits/" + model + "/seed-" + seed));
        Json.write(rd.resolve("run.json"), Map.of("history", history,
                "metrics", List.of(Map.of("metric", "train_seconds", "value", seconds))));
    }

    private static Map<String, Object> row(long step, double seconds, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("seconds", seconds);
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    private void grid() throws Exception {
        for (long s = 0; s < 2; s++) {
            run("gaussian", s, List.of(row(0, 0.01, "train_ll", -3.3)), 0.01);
            List<Map<String, Object>> em = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                em.add(row(i, i * 0.01, "k", 2.0, "restart", 0.0, "train_ll", -3 + 0.01 * i));
            }
            em.add(row(20, 0.2, "k", 2.0, "val_ll", -2.9));
            em.add(row(40, 0.4, "k", 5.0, "val_ll", -2.7));
            run("gmm-diag", s, em, 0.4);
            List<Map<String, Object>> kde = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                kde.add(row(i, 0.1, "bandwidth", 0.02 * Math.pow(2, i), "val_ll", -2.5 - 0.01 * (i - 2) * (i - 2)));
            }
            run("kde", s, kde, 0.1);
            List<Map<String, Object>> flow = new ArrayList<>();
            List<Map<String, Object>> vae = new ArrayList<>();
            for (int k = 1; k <= 25; k++) {
                long step = 40L * k;
                flow.add(row(step, 0.2 * k, "train_nll", 2.4 + 1.0 / k, "val_nll", 2.45 + 1.0 / k + 0.01 * s, "lr", 1e-3));
                vae.add(row(step, 0.1 * k, "train_loss", 3.0, "train_recon", -2.0 - 1.0 / k, "train_kl", 1.0 - 0.5 / k,
                        "val_nll", 3.0 + 2.0 / k + 0.02 * s));
            }
            vae.add(row(1000, 2.5, "val_recon", -2.0, "val_kl", 1.0, "active_units", 2.0, "kl_dim_0", 0.6, "kl_dim_1", 0.4));
            run("realnvp", s, flow, 5.0 + s);
            run("vae", s, vae, 2.5 + s);
        }
    }

    private List<ComparisonFigures.Written> draw(String config, Path out) {
        ExperimentConfig c = ExperimentConfig.parse("test", config, Map.of());
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return ComparisonFigures.write(c, dir, out, log);
    }

    private static Map<String, String> captions(List<ComparisonFigures.Written> w) {
        Map<String, String> m = new LinkedHashMap<>();
        w.forEach(x -> m.put(x.stem(), x.caption()));
        return m;
    }

    @Test
    void heldOutCurvesFamiliesAndWallClockEachInTheirOwnFigure() throws Exception {
        grid();
        Path out = dir.resolve("out");
        Map<String, String> c = captions(draw(CONFIG, out));
        assertTrue(c.keySet().containsAll(List.of("digits-training", "digits-training-flow", "digits-training-vae", "digits-walltime")),
                c.keySet().toString());
        assertTrue(!c.containsKey("digits-training-fgan"), "no f-GAN in the grid: no f-GAN figure");
        assertTrue(!c.containsKey("digits-training-baselines"), "the baselines' traces only when asked for");
        for (String stem : List.of("digits-training", "digits-training-flow", "digits-training-vae", "digits-walltime")) {
            for (String ext : List.of(".png", ".svg", ".pdf")) {
                assertTrue(Files.size(out.resolve("figures").resolve(stem + ext)) > 0, stem + ext);
            }
        }
        String svg = Files.readString(out.resolve("figures/digits-training.svg"));
        assertTrue(svg.contains(">realnvp<") && svg.contains(">vae (bound)<") && !svg.contains(">gmm-diag<") && !svg.contains(">kde<"),
                "only the gradient-trained models' curves");
        String heldOut = c.get("digits-training");
        assertTrue(heldOut.contains("mean over seeds 0, 1") && heldOut.contains("min–max") && heldOut.contains("nats per example"),
                heldOut);
        assertTrue(c.get("digits-walltime").contains("train_seconds"), c.get("digits-walltime"));
        assertTrue(c.get("digits-training-vae").contains("vae 2 of 2"), c.get("digits-training-vae"));
    }

    @Test
    void theBaselinesTracesWhenTheConfigAsks() throws Exception {
        grid();
        Path out = dir.resolve("traces");
        Map<String, String> c = captions(draw(CONFIG + "figures: {baseline_traces: true}\n", out));
        assertTrue(c.containsKey("digits-training-baselines"), c.keySet().toString());
        assertTrue(c.get("digits-training-baselines").contains("gmm-diag") && c.get("digits-training-baselines").contains("kde")
                && !c.get("digits-training-baselines").contains("gaussian"), c.get("digits-training-baselines"));
        assertTrue(Files.isRegularFile(out.resolve("figures/digits-training-baselines.pdf")));
        assertEquals(c.get("digits-training"), captions(draw(CONFIG, dir.resolve("plain"))).get("digits-training"),
                "the option adds a figure and changes no other");
    }
}
