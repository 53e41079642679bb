package dgm.core.run;

import dgm.core.InputException;
import dgm.core.metrics.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code results.csv}: long form, header {@value #HEADER}; written atomically. */
public final class ResultsCsv {
    public static final String HEADER = "dataset,model,seed,metric,value,stderr,kind";

    private ResultsCsv() {
    }

    public static String format(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(r.dataset()).append(',').append(r.model()).append(',').append(r.seed()).append(',')
                    .append(r.metric()).append(',').append(number(r.value())).append(',')
                    .append(number(r.stderr())).append(',').append(r.kind().label()).append('\n');
        }
        return sb.toString();
    }

    /** Shortest round-trip decimal; NaN and infinities as NaN, inf, -inf. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    public static void write(Path file, List<ResultRow> rows) {
        AtomicFiles.writeString(file, format(rows));
    }

    public static List<ResultRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("results file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new InputException(file + ": not a results file (expected the header " + HEADER + ")");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 7) {
                throw new InputException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 7");
            }
            rows.add(new ResultRow(f[0], f[1], Long.parseLong(f[2]), f[3], parse(f[4]), parse(f[5]), Kind.fromLabel(f[6])));
        }
        return rows;
    }

    private static double parse(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
