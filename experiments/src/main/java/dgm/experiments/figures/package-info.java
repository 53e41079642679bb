/**
 * Figures for papers, from the JDK alone: PNG through Java2D and SVG as text, both drawn from one
 * description.
 *
 * <p>The plotting core: a {@link dgm.experiments.figures.Figure} is a grid of
 * {@link dgm.experiments.figures.Axes} panels (scatter, lines with a legend, shaded bands, bars,
 * heat maps, rasters, polygons, polylines, titles, axis labels, linear or logarithmic axes, ticks,
 * colour bars), with an optional {@link dgm.experiments.figures.Legend} outside the plot areas, in a fixed
 * {@link dgm.experiments.figures.Style} (width in inches, one explicit font, point sizes). It draws
 * itself onto a {@code Canvas}; {@code Java2dCanvas} and {@code SvgCanvas} are the two back-ends, and
 * {@link dgm.experiments.figures.FigureFiles} writes both files atomically.
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
