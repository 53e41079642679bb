package dgm.experiments;

import dgm.core.InputException;
import dgm.core.metrics.Kind;
import dgm.core.model.ModelSpec;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import dgm.core.run.AtomicFiles;
import dgm.core.run.Json;
import dgm.core.run.Progress;
import dgm.core.run.Provenance;
import dgm.core.run.ResultRow;
import dgm.core.run.ResultsCsv;
import dgm.core.train.HistoryPoint;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.experiments.figures.Box;
import dgm.experiments.figures.EnergyFits;
import dgm.experiments.figures.FigureFiles;
import dgm.experiments.figures.Style;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import dgm.flow.variational.Energies;
import dgm.flow.variational.Energy;
import dgm.flow.variational.ReverseKl;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reverse-KL variational fits of the energies U1–U4 (docs/data.md; Rezende and Mohamed 2015) by a
 * flow confined to the box [−B, B]², with −log Z by quadrature on the same box: the loss
 * F = E_q[log q(x) + U(x)] = KL(q‖p_box) − log Z_box ≥ −log Z_box, so the gap F + log Z_box estimates
 * KL(q‖p_box) ≥ 0. The reusable part of {@code workbench energy-fit}: {@link #plan} validates
 * everything (before any file is written), {@link #run} fits and writes {@code results.csv},
 * {@code summary.md}, {@code run.json} and one figure per seed.
 */
public final class EnergyFitRunner {
    /** Quadrature grid for log Z (k × k midpoints on the box), and the coarser grid it is checked against. */
    public static final int QUADRATURE_GRID = 2000;
    public static final int QUADRATURE_CHECK_GRID = 1000;
    /** Fresh samples for the final loss estimate (ReverseKl's own) and for the figure. */
    public static final int FIGURE_SAMPLES = 2000;

    private EnergyFitRunner() {
    }

    /** A validated request: energies, model id and its resolved parameters, seeds, steps, box. */
    public record Plan(List<String> energies, String model, Map<String, String> params, List<Long> seeds, int steps,
                       double box, ReverseKl.Options options) {
    }

    /** One fit's outcome. */
    public record Fit(String energy, long seed, double loss, double lossSe, double negLogZ, double quadratureError,
                      double gap, RunStatus status, String detail, double seconds, List<HistoryPoint> history) {
    }

    /** What {@link #run} wrote: the rows of results.csv, the fits, and the files (figures PNG and SVG). */
    public record Result(List<ResultRow> rows, List<Fit> fits, List<Path> figures, List<Path> files) {
    }

    static boolean isStack(String model) {
        return model.equals("planar") || model.equals("radial");
    }

    /** Steps when none are given: as in ReverseKlSlowTest (planar and radial need more, cheaper steps). */
    public static int defaultSteps(String model) {
        return isStack(model) ? 6000 : 3000;
    }

    /** The model ids of the flow family whose default architecture can be fitted by reverse KL. */
    public static List<String> allowedModels() {
        List<String> ids = new ArrayList<>();
        for (ModelSpec s : new FlowFamily().models()) {
            ids.add(s.id());
        }
        return ids;
    }

    /**
     * Validates the request and resolves the model's parameters: energy-fit's defaults (32 layers and
     * lr 5e-3 for planar and radial, 8 layers otherwise; standardize=false, as there is no data) under
     * the {@code set} overrides; {@code box} is the energy-fit option, not a {@code --set} key.
     *
     * @param steps number of Adam steps, 0 for {@link #defaultSteps}
     */
    public static Plan plan(List<String> energies, String model, Map<String, String> set, List<Long> seeds, int steps,
                            double box) {
        if (energies == null || energies.isEmpty()) {
            throw new InputException("energy-fit: no energies given; allowed: " + String.join(", ", Energies.NAMES));
        }
        List<String> es = new ArrayList<>();
        for (String e : energies) {
            String name = e.trim();
            if (!Energies.NAMES.contains(name)) {
                throw new InputException("energy-fit: unknown energy '" + name + "'; allowed: " + String.join(", ", Energies.NAMES));
            }
            if (es.contains(name)) {
                throw new InputException("energy-fit: energy '" + name + "' given twice");
            }
            es.add(name);
        }
        ModelSpec spec = new FlowFamily().models().stream().filter(s -> s.id().equals(model)).findFirst()
                .orElseThrow(() -> new InputException("energy-fit: unknown model id '" + model + "'; allowed (flows): "
                        + String.join(", ", allowedModels())));
        if (seeds == null || seeds.isEmpty()) {
            throw new InputException("energy-fit: no seeds given");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new InputException("energy-fit: a seed is given twice: " + seeds);
        }
        if (!(box > 0) || !Double.isFinite(box)) {
            throw new InputException("energy-fit: --box must be a positive number (U2–U4 are normalisable only on a box); got " + box);
        }
        if (steps < 0) {
            throw new InputException("energy-fit: --steps must be positive; got " + steps);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("layers", isStack(model) ? "32" : "8");
        if (isStack(model)) {
            overrides.put("lr", "5e-3");
        }
        overrides.put("standardize", "false");
        Map<String, String> user = set == null ? Map.of() : set;
        for (String k : List.of("box", "standardize")) {
            if (user.containsKey(k)) {
                throw new InputException("energy-fit: '" + k + "' cannot be set with --set"
                        + (k.equals("box") ? "; use --box" : " (there is no data to standardise)"));
            }
        }
        overrides.putAll(user);
        overrides.put("box", Double.toString(box));
        Params p = Params.resolve(model, spec.params(), overrides);
        // build once: refuses architectures whose sampling direction has no backward pass (batchnorm=true)
        FlowModel probe = Architectures.build(model, p.asMap(), 2, new Seeds(0).rng("init")).model();
        if (!probe.flow().supportsInverseBackward()) {
            throw new InputException("energy-fit: model '" + model + "' with these parameters cannot be fitted by reverse KL: "
                    + "its sampling direction has no backward pass (" + probe.flow().describe() + ")");
        }
        if (!p.string("base").equals("standard")) {
            throw new InputException("energy-fit: reverse KL needs base=standard");
        }
        int n = steps == 0 ? defaultSteps(model) : steps;
        ReverseKl.Options o = new ReverseKl.Options(n, p.integer("batch"), p.real("lr"), p.string("schedule"), p.real("clip"));
        return new Plan(List.copyOf(es), model, p.asMap(), List.copyOf(seeds), n, box, o);
    }

    /** Validates, then fits and writes into {@code out} (which the caller has prepared). */
    public static Result run(List<String> energies, String model, Map<String, String> set, List<Long> seeds, int steps,
                             double box, Path out, PrintStream progress) {
        return run(plan(energies, model, set, seeds, steps, box), out, progress);
    }

    public static Result run(Plan plan, Path out, PrintStream progress) {
        long t0 = System.nanoTime();
        // the code version when the work starts (a commit made while a long run goes on is not this run's)
        Map<String, Object> code = Provenance.codeVersion();
        Map<String, double[]> logZ = new LinkedHashMap<>();
        for (String e : plan.energies()) {
            Energy u = Energies.named(e);
            double fine = Energies.logPartition(u, -plan.box(), plan.box(), QUADRATURE_GRID);
            double coarse = Energies.logPartition(u, -plan.box(), plan.box(), QUADRATURE_CHECK_GRID);
            logZ.put(e, new double[] {fine, Math.abs(fine - coarse)});
            progress.printf(Locale.ROOT, "[energy-fit] %s: -log Z on [-%s, %s]^2 = %.6f (%d^2 grid; %d^2 grid differs by %.1e)%n",
                    e, num(plan.box()), num(plan.box()), -fine, QUADRATURE_GRID, QUADRATURE_CHECK_GRID, Math.abs(fine - coarse));
        }
        List<Fit> fits = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        List<Path> figures = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (long seed : plan.seeds()) {
            List<EnergyFits.Fit> drawn = new ArrayList<>();
            for (String e : plan.energies()) {
                Energy u = Energies.named(e);
                Seeds seeds = new Seeds(seed);
                FlowModel m = Architectures.build(plan.model(), plan.params(), 2, seeds.rng("init")).model();
                String label = e + " " + plan.model() + " seed " + seed;
                Progress bar = new Progress(progress, "energy-fit " + label, 5000);
                TrainingListener listener = new TrainingListener() {
                    @Override
                    public void record(HistoryPoint point) {
                    }

                    @Override
                    public void progress(double fraction, String status) {
                        bar.update(fraction, status);
                    }
                };
                long f0 = System.nanoTime();
                ReverseKl.Outcome r = ReverseKl.fit(m, u, plan.options(), seeds.rng("reverse-kl"), listener);
                double secs = (System.nanoTime() - f0) / 1e9;
                double[] z = logZ.get(e);
                double loss = r.finalLoss().value();
                double se = r.finalLoss().standardError();
                double gap = loss + z[0];
                fits.add(new Fit(e, seed, loss, se, -z[0], z[1], gap, r.status(), r.detail(), secs, r.history()));
                rows.add(new ResultRow(e, plan.model(), seed, "reverse_kl_loss", loss, se, Kind.ESTIMATE));
                rows.add(new ResultRow(e, plan.model(), seed, "neg_log_z", -z[0], z[1], Kind.EXACT));
                rows.add(new ResultRow(e, plan.model(), seed, "reverse_kl_gap", gap, se, Kind.ESTIMATE));
                rows.add(new ResultRow(e, plan.model(), seed, "train_seconds", secs, Double.NaN, Kind.MEASURED));
                progress.printf(Locale.ROOT, "[energy-fit] %s: loss %.4f ± %.4f, -log Z %.4f, gap %.4f (%s, %s)%n", label, loss,
                        se, -z[0], gap, r.status(), Progress.duration(secs));
                // the seed is in the file name; a longer panel title does not fit the column figure
                drawn.add(new EnergyFits.Fit(u, plan.model(),
                        m.sampleRows(FIGURE_SAMPLES, seeds.rng("figure"))));
            }
            String stem = "energy-fit-" + plan.model() + "-seed" + seed;
            try {
                figures.addAll(FigureFiles.write(EnergyFits.figure(Style.column(), drawn, Box.square(plan.box())), out, stem));
            } catch (RuntimeException ex) {
                progress.println("[energy-fit] could not draw " + stem + ": " + ex);
            }
        }
        Path csv = out.resolve("results.csv");
        ResultsCsv.write(csv, rows);
        Path md = out.resolve("summary.md");
        AtomicFiles.writeString(md, summary(plan, fits, figures));
        Path json = out.resolve("run.json");
        Json.write(json, record(plan, code, fits, figures, (System.nanoTime() - t0) / 1e9));
        files.add(csv);
        files.add(md);
        files.add(json);
        files.addAll(figures);
        return new Result(List.copyOf(rows), List.copyOf(fits), List.copyOf(figures), List.copyOf(files));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static Map<String, Object> record(Plan plan, Map<String, Object> code, List<Fit> fits, List<Path> figures,
                                      double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "energy-fit");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("energies", plan.energies());
        cfg.put("model", plan.model());
        cfg.put("params", plan.params());
        cfg.put("steps", plan.steps());
        cfg.put("batch", plan.options().batch());
        cfg.put("lr", plan.options().lr());
        cfg.put("schedule", plan.options().schedule());
        cfg.put("clip", plan.options().clip());
        cfg.put("box", plan.box());
        cfg.put("quadrature", "midpoint rule, " + QUADRATURE_GRID + "x" + QUADRATURE_GRID + " grid on the box; "
                + "quadrature_error = |difference to the " + QUADRATURE_CHECK_GRID + "x" + QUADRATURE_CHECK_GRID + " grid|");
        cfg.put("loss_samples", "fresh samples of the fitted model (ReverseKl.fit's final estimate)");
        m.put("config", cfg);
        m.put("seeds", plan.seeds());
        m.put("code", code);
        m.put("environment", Provenance.environment());
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Fit f : fits) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("energy", f.energy());
            e.put("seed", f.seed());
            e.put("status", f.status().name());
            e.put("detail", f.detail());
            e.put("reverse_kl_loss", f.loss());
            e.put("reverse_kl_loss_stderr", f.lossSe());
            e.put("neg_log_z", f.negLogZ());
            e.put("quadrature_error", f.quadratureError());
            e.put("gap", f.gap());
            e.put("train_seconds", f.seconds());
            List<Map<String, Object>> h = new ArrayList<>();
            for (HistoryPoint p : f.history()) {
                Map<String, Object> hp = new LinkedHashMap<>();
                hp.put("step", p.step());
                hp.put("seconds", p.seconds());
                hp.putAll(p.values());
                h.add(hp);
            }
            e.put("history", h);
            fs.add(e);
        }
        m.put("fits", fs);
        List<String> names = new ArrayList<>();
        for (Path p : figures) {
            names.add(p.getFileName().toString());
        }
        m.put("figures", names);
        m.put("total_seconds", seconds);
        return m;
    }

    static String summary(Plan plan, List<Fit> fits, List<Path> figures) {
        StringBuilder sb = new StringBuilder();
        String b = num(plan.box());
        sb.append("# energy-fit: reverse-KL fits of ").append(String.join(", ", plan.energies())).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Model `%s` confined to [−%s, %s]² (%s), %d Adam steps of %d samples, lr %s (%s), "
                        + "clip %s; seeds %s.%n%n", plan.model(), b, b, paramsLine(plan), plan.steps(), plan.options().batch(),
                num(plan.options().lr()), plan.options().schedule(), num(plan.options().clip()), plan.seeds()));
        double maxQuad = 0;
        for (Fit f : fits) {
            maxQuad = Math.max(maxQuad, f.quadratureError());
        }
        sb.append("loss = F = E_q[log q(x) + U(x)] on fresh samples of the fitted model (estimate ± standard error); ")
                .append("−log Z by the midpoint rule on a ").append(QUADRATURE_GRID).append("² grid of the box (exact to the digits shown: ")
                .append("the ").append(QUADRATURE_CHECK_GRID).append("² grid differs by at most ")
                .append(String.format(Locale.ROOT, "%.1e", maxQuad)).append(" nats); ")
                .append("gap = loss + log Z, an estimate of KL(q‖p) ≥ 0 (the model lives on the box, so the bound holds).\n\n");
        sb.append("| energy | model | seed | loss ± se | −log Z | gap ± se | seconds | status |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Fit f : fits) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f ± %.4f | %.4f | %.4f ± %.4f | %.0f | %s |%n", f.energy(),
                    plan.model(), f.seed(), f.loss(), f.lossSe(), f.negLogZ(), f.gap(), f.lossSe(), f.seconds(),
                    f.status().name().toLowerCase(Locale.ROOT)));
        }
        sb.append("\nOver seeds (mean ± sd of the per-seed values; sd needs two seeds):\n\n");
        sb.append("| energy | model | seeds | loss | −log Z | gap | best gap |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (String e : plan.energies()) {
            List<Fit> fe = fits.stream().filter(f -> f.energy().equals(e)).toList();
            double[] loss = fe.stream().mapToDouble(Fit::loss).toArray();
            double[] gap = fe.stream().mapToDouble(Fit::gap).toArray();
            double best = java.util.Arrays.stream(gap).min().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.4f | %s | %.4f |%n", e, plan.model(), fe.size(),
                    meanSd(loss), fe.get(0).negLogZ(), meanSd(gap), best));
        }
        if (!figures.isEmpty()) {
            sb.append("\nFigures (target exp(−U) beside the model's samples, one file per seed): ");
            List<String> names = new ArrayList<>();
            for (Path p : figures) {
                names.add("`" + p.getFileName() + "`");
            }
            sb.append(String.join(", ", names)).append(".\n");
        }
        return sb.toString();
    }

    private static String paramsLine(Plan plan) {
        List<String> keys = List.of("layers", "hidden", "depth", "bins", "tail_bound", "scale_bound", "actnorm");
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            if (plan.params().containsKey(k)) {
                parts.add(k + "=" + plan.params().get(k));
            }
        }
        return String.join(", ", parts);
    }

    static String meanSd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        if (v.length < 2) {
            return String.format(Locale.ROOT, "%.4f", m);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", m, Math.sqrt(ss / (v.length - 1)));
    }
}
