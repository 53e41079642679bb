package dgm.core.data;

import dgm.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's numeric CSV: comma-separated, one point per line, an optional header line (detected
 * when its first field is not a number). Blank lines are refused rather than skipped, so that the row
 * numbers in messages match the file. Every value must be a finite number.
 */
public final class CsvData {
    private CsvData() {
    }

    /** The data and the column names (x0..x{d−1} when the file has no header). */
    public record Table(List<String> columns, double[][] rows) {
    }

    public static Table read(Path file) {
        List<double[]> rows = new ArrayList<>();
        List<String> header = null;
        int width = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String[] fields = line.split(",", -1);
                if (lineNo == 1 && !looksNumeric(fields[0])) {
                    header = new ArrayList<>();
                    for (String f : fields) {
                        header.add(f.trim());
                    }
                    width = fields.length;
                    continue;
                }
                if (line.isBlank()) {
                    throw new InputException(file + ": line " + lineNo + " is blank; remove it (rows are never skipped silently)");
                }
                if (width < 0) {
                    width = fields.length;
                }
                if (fields.length != width) {
                    throw new InputException(file + ": line " + lineNo + " has " + fields.length + " columns but "
                            + width + " were expected" + (header != null ? " (from the header)" : " (from the first row)"));
                }
                double[] row = new double[width];
                for (int j = 0; j < width; j++) {
                    String f = fields[j].trim();
                    try {
                        row[j] = Double.parseDouble(f);
                    } catch (NumberFormatException e) {
                        throw new InputException(file + ": line " + lineNo + ", column " + j
                                + (header != null ? " (" + header.get(j) + ")" : "") + ": '" + f + "' is not a number");
                    }
                    if (!Double.isFinite(row[j])) {
                        throw new InputException(file + ": line " + lineNo + ", column " + j
                                + (header != null ? " (" + header.get(j) + ")" : "") + " is " + f
                                + "; only finite numbers are allowed (no NaN or Inf)");
                    }
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new InputException("data file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new InputException(file + ": no data rows (empty" + (header != null ? " apart from the header" : "") + ")");
        }
        if (header == null) {
            header = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                header.add("x" + j);
            }
        }
        return new Table(header, rows.toArray(new double[0][]));
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return s.trim().equalsIgnoreCase("nan") || s.trim().equalsIgnoreCase("inf");
        }
    }

    /** CSV text with header x0..x{d−1}, values in shortest round-trip form. */
    public static String format(double[][] x) {
        StringBuilder sb = new StringBuilder();
        int d = x.length == 0 ? 0 : x[0].length;
        for (int j = 0; j < d; j++) {
            sb.append(j == 0 ? "" : ",").append('x').append(j);
        }
        sb.append('\n');
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(row[j]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
