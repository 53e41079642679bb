package dgm.experiments.figures;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Grids of small square images (the 8 × 8 {@code digits}, values in [0, 17)): white is 0, black is
 * {@link #INK_MAX} and above, tiles separated by a one-pixel light-grey line.
 */
public final class DigitGrids {
    /** The value drawn as full black: the digits' 17 levels run 0..16. */
    public static final double INK_MAX = 16;
    private static final int GAP = 0xbdbdbd;

    private DigitGrids() {
    }

    /** A grid of samples (rows of length side², side = √d), {@code cols} per row. */
    public static Figure samples(Style style, double[][] images, int cols, String title) {
        return Figure.of(style, 1, List.of(panel(images, cols).title(title)));
    }

    public static Figure samples(double[][] images, String title) {
        return samples(Style.column(), images, 10, title);
    }

    /** Data (left) and reconstructions (right) in the same positions, {@code cols} per row. */
    public static Figure reconstructions(Style style, double[][] originals, double[][] reconstructions, int cols) {
        if (originals.length != reconstructions.length) {
            throw new IllegalArgumentException(originals.length + " originals but " + reconstructions.length + " reconstructions");
        }
        return Figure.of(style, 2, List.of(panel(originals, cols).title("data"),
                panel(reconstructions, cols).title("reconstruction")));
    }

    public static Figure reconstructions(double[][] originals, double[][] reconstructions) {
        return reconstructions(Style.column(), originals, reconstructions, 5);
    }

    static Axes panel(double[][] images, int cols) {
        BufferedImage img = tiles(images, cols);
        Box box = new Box(0, img.getWidth(), 0, img.getHeight());
        return new Axes().hideAxes().range(box).aspect(img.getHeight() / (double) img.getWidth()).raster(img, box, false);
    }

    /** The tiled raster: one pixel per image value, one gap pixel between and around tiles. */
    static BufferedImage tiles(double[][] images, int cols) {
        if (images.length == 0) {
            throw new IllegalArgumentException("no images to draw");
        }
        int d = images[0].length;
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            throw new IllegalArgumentException("images of " + d + " values are not square");
        }
        cols = Math.max(1, Math.min(cols, images.length));
        int rows = (images.length + cols - 1) / cols;
        int w = cols * (side + 1) + 1;
        int h = rows * (side + 1) + 1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, GAP);
            }
        }
        for (int k = 0; k < images.length; k++) {
            int ox = 1 + (k % cols) * (side + 1);
            int oy = 1 + (k / cols) * (side + 1);
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    double v = images[k][r * side + c];
                    img.setRGB(ox + c, oy + r, ColorMap.GREYS.rgb(Double.isFinite(v) ? v / INK_MAX : 0));
                }
            }
        }
        return img;
    }
}
