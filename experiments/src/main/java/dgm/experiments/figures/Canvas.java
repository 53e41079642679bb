package dgm.experiments.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * The drawing primitives a figure is rendered with, in points from the top-left corner. A
 * {@link Figure} draws itself once onto a canvas; {@link Java2dCanvas} turns the calls into Java2D
 * drawing, onto pixels for the PNG or onto VectorGraphics2D for the PDF and the SVG, so every format
 * comes from one description.
 */
interface Canvas {

    enum Anchor { START, MIDDLE, END }

    /** Restricts drawing to a rectangle until the matching {@link #popClip()}. */
    void pushClip(double x, double y, double w, double h);

    void popClip();

    void fillRect(double x, double y, double w, double h, Color fill);

    void strokeRect(double x, double y, double w, double h, Color stroke, double width);

    /** An open polyline through the first {@code n} points; {@code dashed} draws 3-on, 2-off. */
    void polyline(double[] xs, double[] ys, int n, Color stroke, double width, boolean dashed);

    /** A filled closed polygon through the first {@code n} points (no outline). */
    void fillPolygon(double[] xs, double[] ys, int n, Color fill);

    /** Filled circles of one radius and colour (a scatter plot's markers). */
    void markers(double[] xs, double[] ys, int n, double radius, Color fill);

    /** Text whose baseline starts, centres or ends at (x, y), rotated by {@code degrees} about (x, y). */
    void text(String s, double x, double y, double size, boolean bold, Anchor anchor, double degrees, Color color);

    /** A raster stretched over a rectangle; {@code smooth} interpolates, otherwise pixels stay square. */
    void image(BufferedImage img, double x, double y, double w, double h, boolean smooth);
}
