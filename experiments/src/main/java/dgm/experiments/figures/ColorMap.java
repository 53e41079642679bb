package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A colour map: a value in [vmin, vmax] to a colour, by linear interpolation between anchor colours.
 * {@link #VIRIDIS} (perceptually uniform, for densities), {@link #DIVERGING} (blue–white–red, for
 * signed quantities such as log|det J|, centred at 0 when the range is symmetric) and
 * {@link #GREYS} (white → black, for grey-scale images).
 */
public final class ColorMap {
    /** matplotlib's viridis at 11 evenly spaced anchors. */
    public static final ColorMap VIRIDIS = new ColorMap("viridis", 0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e,
            0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725);
    /** ColorBrewer's RdBu, reversed: negative blue (contraction), 0 white, positive red (expansion). */
    public static final ColorMap DIVERGING = new ColorMap("rdbu_r", 0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0,
            0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f);
    /** White (low) to black (high): ink on paper. */
    public static final ColorMap GREYS = new ColorMap("greys", 0xffffff, 0x000000);

    /** Okabe and Ito's colour-blind-safe qualitative palette, for series and models. */
    public static final List<Color> SERIES = List.of(new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442));

    private final String name;
    private final int[] anchors;

    private ColorMap(String name, int... anchors) {
        this.name = name;
        this.anchors = anchors;
    }

    public String name() {
        return name;
    }

    /** The i-th series colour, cycling. */
    public static Color series(int i) {
        return SERIES.get(Math.floorMod(i, SERIES.size()));
    }

    /** Colour of t ∈ [0, 1] (clamped; NaN maps to 0). */
    public int rgb(double t) {
        if (!(t > 0)) {
            return anchors[0];
        }
        if (t >= 1) {
            return anchors[anchors.length - 1];
        }
        double u = t * (anchors.length - 1);
        int i = (int) u;
        double f = u - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }

    public Color color(double value, double vmin, double vmax) {
        return new Color(rgb(normalise(value, vmin, vmax)));
    }

    static double normalise(double value, double vmin, double vmax) {
        return vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.5;
    }

    /**
     * A raster of {@code values[row][col]} with row 0 at the bottom (y increasing upwards, as on
     * axes), one pixel per value.
     */
    public BufferedImage raster(double[][] values, double vmin, double vmax) {
        int ny = values.length;
        int nx = values[0].length;
        BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < ny; r++) {
            for (int c = 0; c < nx; c++) {
                img.setRGB(c, ny - 1 - r, rgb(normalise(values[r][c], vmin, vmax)));
            }
        }
        return img;
    }

    /** A vertical bar from vmin (bottom) to vmax (top), for colour bars. */
    BufferedImage bar() {
        int n = 256;
        BufferedImage img = new BufferedImage(1, n, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            img.setRGB(0, n - 1 - i, rgb(i / (n - 1.0)));
        }
        return img;
    }
}
