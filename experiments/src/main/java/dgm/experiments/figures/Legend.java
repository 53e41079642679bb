package dgm.experiments.figures;

import java.awt.Color;
import java.util.List;

/**
 * A {@link ChartFigure}'s legend outside every plot area: to the right of the panels (one column) or
 * below them (as many entries a row as fit the width), so that it never covers data. One entry per
 * series style shared by the panels (a model's colour, or a line style such as "validation: dashed").
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

    /** The colour of a band around a line of colour {@code c}: the same hue, mostly transparent. */
    public static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 56);
    }
}
