package dgm.experiments.figures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grids of small square grey-scale images (rows of length side², e.g. the 8 × 8 {@code digits} or
 * 28 × 28 Fashion-MNIST): sample grids, data beside reconstructions, samples beside their nearest
 * training images and latent interpolations. Every image is drawn on one {@link GreyScale} per
 * dataset; tiles are separated by a one-pixel light-grey line.
 */
public final class ImageGrids {
    private static final int GAP = 0xbdbdbd;
    private static final int BACKGROUND = 0xffffff;
    /** Non-finite pixels (NaN): an orange no grey value can be mistaken for. */
    static final int NOT_FINITE = 0xD55E00;

    private ImageGrids() {
    }

    /**
     * The grey scale of every image figure of one dataset of L levels: 0 white, L − 1 black, linear in
     * between; values outside [0, L − 1] are clamped to it (dequantised pixels v + u, u ∈ [0, 1), lie in
     * [0, L), and model samples may lie anywhere). NaN is drawn in orange.
     */
    public record GreyScale(int levels) {
        public GreyScale {
            if (levels < 2) {
                throw new IllegalArgumentException("a grey scale needs at least 2 levels, not " + levels);
            }
        }

        /** The value drawn black: L − 1. */
        public double black() {
            return levels - 1;
        }

        /** The RGB colour of value v. */
        public int rgb(double v) {
            if (Double.isNaN(v)) {
                return NOT_FINITE;
            }
            return ColorMap.GREYS.rgb(Math.max(0, Math.min(black(), v)) / black());
        }

        /** For captions: the convention and the clamp. */
        public String describe() {
            String top = format(black());
            return "grey scale 0 white to " + top + " black (L = " + levels + " levels), values clamped to [0, " + top + "]";
        }
    }

    /** Columns of a near-square grid for n images: ⌈√n⌉ (8 for 64). */
    public static int columnsFor(int n) {
        int c = (int) Math.ceil(Math.sqrt(n));
        while (c * c < n) {
            c++;
        }
        while (c > 1 && (c - 1) * (c - 1) >= n) {
            c--;
        }
        return Math.max(1, c);
    }

    /** Side of a square image of d values, or an exception. */
    public static int side(int d) {
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d || d == 0) {
            throw new IllegalArgumentException("images of " + d + " values are not square");
        }
        return side;
    }

    /** A near-square grid ({@link #columnsFor}) of images, titled. */
    public static Figure samples(Style style, double[][] images, GreyScale scale, String title) {
        return Figure.of(style, 1, List.of(panel(grid(images, columnsFor(images.length)), scale).title(title)));
    }

    /** A grid at column width: 64 images as 8 × 8. */
    public static Figure samples(double[][] images, GreyScale scale, String title) {
        return samples(Style.column(), images, scale, title);
    }

    /** Data (left) and reconstructions (right) in the same positions, {@code cols} per row. */
    public static Figure reconstructions(Style style, double[][] originals, double[][] reconstructions, int cols, GreyScale scale) {
        if (originals.length != reconstructions.length) {
            throw new IllegalArgumentException(originals.length + " originals but " + reconstructions.length + " reconstructions");
        }
        return Figure.of(style, 2, List.of(panel(grid(originals, cols), scale).title("data"),
                panel(grid(reconstructions, cols), scale).title("reconstruction")));
    }

    public static Figure reconstructions(double[][] originals, double[][] reconstructions, GreyScale scale) {
        return reconstructions(Style.column(), originals, reconstructions, 5, scale);
    }

    /**
     * Samples beside their nearest training images: one column per sample, the sample on top (titled
     * "sample i") and below it its neighbours, nearest first, each titled with its distance.
     *
     * @param neighbours neighbours[i][j] is the j-th nearest training image of sample i
     * @param distances  distances[i][j] is its Euclidean distance to sample i
     */
    public static Figure neighbours(Style style, double[][] samples, double[][][] neighbours, double[][] distances,
                                    GreyScale scale, String title) {
        if (samples.length == 0 || neighbours.length != samples.length || distances.length != samples.length) {
            throw new IllegalArgumentException(samples.length + " samples, " + neighbours.length + " neighbour lists, "
                    + distances.length + " distance lists");
        }
        int k = neighbours[0].length;
        List<Axes> panels = new ArrayList<>();
        for (int i = 0; i < samples.length; i++) {
            panels.add(panel(grid(new double[][] {samples[i]}, 1), scale).title("sample " + (i + 1)));
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < samples.length; i++) {
                if (neighbours[i].length != k || distances[i].length != k) {
                    throw new IllegalArgumentException("sample " + i + " has " + neighbours[i].length + " neighbours, not " + k);
                }
                panels.add(panel(grid(new double[][] {neighbours[i][j]}, 1), scale).title("d = " + format(distances[i][j])));
            }
        }
        Figure f = Figure.of(style, samples.length, panels);
        return title == null || title.isEmpty() ? f : f.title(title);
    }

    public static Figure neighbours(double[][] samples, double[][][] neighbours, double[][] distances, GreyScale scale, String title) {
        return neighbours(Style.wide(), samples, neighbours, distances, scale, title);
    }

    /**
     * Latent interpolations, one row per pair: the data image x_a, then the decoded path from a to b,
     * then x_b, the data set off from the path by a white space.
     *
     * @param paths paths[i][t] is step t of pair i (step 0 and the last decode the endpoints' latents)
     */
    public static Figure interpolations(Style style, double[][] from, double[][][] paths, double[][] to, GreyScale scale, String title) {
        if (from.length != paths.length || to.length != paths.length || paths.length == 0) {
            throw new IllegalArgumentException(from.length + " start images, " + paths.length + " paths, " + to.length + " end images");
        }
        int steps = paths[0].length;
        double[][][] cells = new double[paths.length][steps + 2][];
        for (int i = 0; i < paths.length; i++) {
            if (paths[i].length != steps) {
                throw new IllegalArgumentException("path " + i + " has " + paths[i].length + " steps, not " + steps);
            }
            cells[i][0] = from[i];
            System.arraycopy(paths[i], 0, cells[i], 1, steps);
            cells[i][steps + 1] = to[i];
        }
        BufferedImage img = tiles(cells, scale, new int[] {0, steps}, zoomFor(sideOf(cells)));
        return Figure.of(style, 1, List.of(panel(img).title(title)));
    }

    public static Figure interpolations(double[][] from, double[][][] paths, double[][] to, GreyScale scale, String title) {
        return interpolations(Style.wide(), from, paths, to, scale, title);
    }

    /** images laid out row by row, {@code cols} per row (the last row may be short). */
    static double[][][] grid(double[][] images, int cols) {
        if (images.length == 0) {
            throw new IllegalArgumentException("no images to draw");
        }
        cols = Math.max(1, Math.min(cols, images.length));
        int rows = (images.length + cols - 1) / cols;
        double[][][] cells = new double[rows][cols][];
        for (int k = 0; k < images.length; k++) {
            cells[k / cols][k % cols] = images[k];
        }
        return cells;
    }

    static Axes panel(double[][][] cells, GreyScale scale) {
        return panel(tiles(cells, scale, new int[0], zoomFor(sideOf(cells))));
    }

    static Axes panel(BufferedImage img) {
        Box box = new Box(0, img.getWidth(), 0, img.getHeight());
        return new Axes().hideAxes().range(box).aspect(img.getHeight() / (double) img.getWidth()).raster(img, box, false);
    }

    /** Raster pixels per image pixel: tiles about {@value #TILE_PIXELS} pixels wide, so that the gap lines stay thin. */
    static int zoomFor(int side) {
        return Math.max(1, (int) Math.ceil(TILE_PIXELS / (double) side));
    }

    /** Gap lines between tiles of {@code tile} raster pixels: about 3 % of a tile, at least one pixel. */
    static int gapFor(int tile) {
        return Math.max(1, (int) Math.round(tile / 32.0));
    }

    /** Wanted width of one tile in the raster (the PNG draws a tile about 100–250 pixels wide). */
    static final int TILE_PIXELS = 96;

    /** The tiled raster of images in rows, {@code cols} per row, one pixel per value. */
    static BufferedImage tiles(double[][] images, int cols, GreyScale scale) {
        return tiles(grid(images, cols), scale, new int[0], 1);
    }

    private static int sideOf(double[][][] cells) {
        for (double[][] row : cells) {
            for (double[] im : row) {
                if (im != null) {
                    return side(im.length);
                }
            }
        }
        throw new IllegalArgumentException("no images to draw");
    }

    /**
     * The raster: each image value a {@code zoom} × {@code zoom} block, a light-grey gap line
     * ({@link #gapFor}) between and around tiles; a null cell is left white; after each column listed
     * in {@code spaceAfter} a white space of half a tile (with the gap lines on both sides of it).
     */
    static BufferedImage tiles(double[][][] cells, GreyScale scale, int[] spaceAfter, int zoom) {
        int d = -1;
        int cols = 0;
        for (double[][] row : cells) {
            cols = Math.max(cols, row.length);
            for (double[] im : row) {
                if (im != null) {
                    if (d >= 0 && im.length != d) {
                        throw new IllegalArgumentException("images of " + im.length + " and " + d + " values in one grid");
                    }
                    d = im.length;
                }
            }
        }
        if (d < 0) {
            throw new IllegalArgumentException("no images to draw");
        }
        if (zoom < 1) {
            throw new IllegalArgumentException("zoom " + zoom);
        }
        int side = side(d);
        int tile = side * zoom;
        int gap = gapFor(tile);
        int space = Math.max(2, side / 2) * zoom;
        int[] x0 = new int[cols];
        int x = gap;
        for (int c = 0; c < cols; c++) {
            x0[c] = x;
            x += tile + gap;
            for (int s : spaceAfter) {
                if (s == c) {
                    x += space + gap;
                }
            }
        }
        int w = x;
        int h = cells.length * (tile + gap) + gap;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, GAP);
        for (int c = 0; c + 1 < cols; c++) {
            for (int s : spaceAfter) {
                if (s == c) {
                    for (int yy = 0; yy < h; yy++) {
                        java.util.Arrays.fill(px, yy * w + x0[c] + tile + gap, yy * w + x0[c + 1] - gap, BACKGROUND);
                    }
                }
            }
        }
        for (int r = 0; r < cells.length; r++) {
            int oy = gap + r * (tile + gap);
            for (int c = 0; c < cells[r].length; c++) {
                double[] im = cells[r][c];
                for (int yy = 0; yy < tile; yy++) {
                    for (int xx = 0; xx < tile; xx++) {
                        px[(oy + yy) * w + x0[c] + xx] = im == null ? BACKGROUND : scale.rgb(im[(yy / zoom) * side + xx / zoom]);
                    }
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    /** Three significant digits, plain (1523 → "1523", 12.345 → "12.3", 0.5 → "0.50"). */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 100 || a == 0 || v == Math.rint(v) && a >= 1) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
