package dgm.experiments.figures;

import java.awt.Color;
import java.util.List;

/**
 * A figure's legend outside every plot area: to the right of the panels (one column) or below them
 * (as many columns as fit the width), so that it never covers data. One entry per series style
 * shared by the panels (a model's colour, or a line style such as "validation: dashed").
 *
 * @param entries  in reading order
 * @param position where it goes
 */
public record Legend(List<Entry> entries, Position position) {

    public enum Position { RIGHT, BELOW }

    /** How an entry's swatch is drawn. */
    public enum Swatch {
        /** A solid line. */
        LINE,
        /** A dashed line. */
        DASHED,
        /** A solid line over a pale band (a mean with its spread). */
        LINE_BAND,
        /** A dashed line over a pale band. */
        DASHED_BAND,
        /** A filled rectangle (bars). */
        PATCH
    }

    public record Entry(String label, Color color, Swatch swatch) {
    }

    public Legend {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a legend needs at least one entry");
        }
    }

    static final double SWATCH = 12;
    static final double GAP = 3;

    private double row(Style s) {
        return s.tickSize() + 3;
    }

    /** The width of one entry in points: swatch, gap, label. */
    double entryWidth(Style s) {
        double widest = 0;
        for (Entry e : entries) {
            widest = Math.max(widest, s.textWidth(e.label(), s.tickSize(), false));
        }
        return SWATCH + GAP + widest;
    }

    /** Width taken beside the panels (RIGHT): a gap, then the entries. */
    double width(Style s) {
        return 6 + entryWidth(s) + 2;
    }

    /** Columns of a BELOW legend within {@code available} points. */
    int columns(Style s, double available) {
        int n = (int) Math.floor((available + 8) / (entryWidth(s) + 8));
        return Math.max(1, Math.min(entries.size(), n));
    }

    /** Height in points: RIGHT one entry a row; BELOW {@code columns} entries a row. */
    double height(Style s, int columns) {
        int rows = (entries.size() + columns - 1) / columns;
        return rows * row(s) + 2;
    }

    /** Draws the entries from (left, top), {@code columns} a row. */
    void draw(Canvas c, Style s, double left, double top, int columns) {
        double size = s.tickSize();
        double rowH = row(s);
        double colW = entryWidth(s) + 8;
        c.beginGroup("legend");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double x = left + (i % columns) * colW;
            double y = top + (i / columns) * rowH + rowH / 2;
            boolean band = e.swatch() == Swatch.LINE_BAND || e.swatch() == Swatch.DASHED_BAND;
            if (band) {
                c.fillRect(x, y - 3, SWATCH, 6, translucent(e.color()));
            }
            if (e.swatch() == Swatch.PATCH) {
                c.fillRect(x + 1, y - 3, SWATCH - 2, 6, e.color());
            } else {
                boolean dashed = e.swatch() == Swatch.DASHED || e.swatch() == Swatch.DASHED_BAND;
                c.polyline(new double[] {x, x + SWATCH}, new double[] {y, y}, 2, e.color(), 1.0, dashed);
            }
            c.text(e.label(), x + SWATCH + GAP, y + size * 0.35, size, false, Canvas.Anchor.START, 0, Axes.INK);
        }
        c.endGroup();
    }

    /** The colour of a band around a line of colour {@code c}: the same hue, mostly transparent. */
    public static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 56);
    }
}
