/**
 * Figures for papers: PNG through Java2D, PDF and SVG through VectorGraphics2D, all from one drawing.
 *
 * <p>Two kinds of {@link dgm.experiments.figures.PaperFigure}: line and bar charts are
 * {@link dgm.experiments.figures.Chart} panels in a {@link dgm.experiments.figures.ChartFigure}, drawn by
 * JFreeChart with one {@link dgm.experiments.figures.Legend} outside the plot areas; everything no
 * charting library draws (density panels on a shared colour scale, scatter plots, the flow warp, image
 * grids) is a {@link dgm.experiments.figures.Figure}: a grid of {@link dgm.experiments.figures.Axes}
 * panels (scatter, heat maps, rasters, polygons, polylines, titles, axis labels, ticks, colour bars) in
 * a fixed {@link dgm.experiments.figures.Style} (width in inches, one explicit font, point sizes), drawn
 * onto a {@code Canvas} ({@code Java2dCanvas}: Java2D, onto pixels or onto VectorGraphics2D).
 * {@link dgm.experiments.figures.FigureFiles} writes the three files of either kind atomically.
 *
 * <p>The workbench's figures, each a builder named after what it draws:
 * {@link dgm.experiments.figures.ToyFigures} (true density beside samples, and beside model densities),
 * {@link dgm.experiments.figures.TrainingCurves} (a comparison's training figures from every seed's
 * history: held-out curves, each family's diagnostics, wall-clock, the baselines' traces on request),
 * {@link dgm.experiments.figures.ImageGrids} (image grids: samples, nearest training images, reconstructions,
 * interpolations; what they show is computed by {@link dgm.experiments.figures.ImageFigures}),
 * {@link dgm.experiments.figures.FlowWarp} (the latent grid carried through a flow, shaded by
 * log|det J|) and {@link dgm.experiments.figures.EnergyFits} (exp(−U) beside a flow's samples).
 */
package dgm.experiments.figures;
