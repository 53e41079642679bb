package dgm.experiments.figures;

import java.awt.image.BufferedImage;

/**
 * A figure as {@link FigureFiles} writes it: a fixed width from its {@link Style}, a height from its
 * content, and the same drawing as PNG pixels, a PDF page and an SVG document. Two kinds exist:
 * {@link Figure} (the workbench's own drawing: density panels, scatter plots, the flow warp, image
 * grids) and {@link ChartFigure} (line and bar charts drawn by JFreeChart).
 */
public interface PaperFigure {

    Style style();

    double widthPoints();

    double heightPoints();

    /** PNG pixels: {@code widthInches × dpi × scale} wide. */
    BufferedImage toImage();

    /** A PDF page of the figure's size in points. */
    byte[] toPdf();

    /** An SVG document whose width and height are the figure's in points. */
    String toSvg();
}
