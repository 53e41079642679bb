package dgm.core.data.toy;

/**
 * log ∫_a^b w(t) K(x − c(t)) dt for a smooth curve c, a parameter density w and a noise kernel K:
 * the density of "a point on the curve plus noise", computed in log space by composite
 * Gauss–Legendre quadrature restricted to where the kernel is not negligible.
 *
 * <p>Why not a fixed rule over the whole of [a, b]: the curve moves fast relative to the noise (the
 * integrand in t is a bump of width σ/|c′(t)|, and narrower still far from the curve, where the
 * curvature term (c − x)·c″ adds to the exponent's second derivative), so a fixed rule is either
 * inaccurate far away or wasteful near the curve. Instead, per point:
 * <ol>
 *   <li>a cheap proxy of log K (an upper bound up to a constant: for Gaussian noise it is log K
 *       itself) is evaluated on a fixed grid of cells of width Δ;</li>
 *   <li>only cells whose proxy (at either end, or at a neighbour's end, to catch a bump narrower than
 *       a cell) lies within {@code window} nats of the grid maximum are integrated, so every cell
 *       left out contributes less than e^{−window} relative to the peak;</li>
 *   <li>a cell is split into s panels where the proxy's second difference on the grid says the bump
 *       is narrow (s ≈ √|Δ²P″| / κ), each panel getting an n-point Gauss–Legendre rule;</li>
 *   <li>the terms are combined with a streaming log-sum-exp, so far-away points give a finite,
 *       very negative log-density instead of underflowing to −∞.</li>
 * </ol>
 * The accuracy is tested by comparing with a refined instance (half the cell width, more nodes, a
 * wider window): log p agrees to ~1e-12 near the data and to ≤ 1e-9 relative out to |x| = 1e6, where
 * the cap of 512 panels per cell (which bounds the cost of far points) starts to matter.
 */
final class CurveQuadrature {

    /** The curve and the density of its parameter. */
    interface Curve {
        double x(double t);

        double y(double t);

        /** log w(t), the log density of the curve parameter t on [a, b]. */
        double logWeight(double t);
    }

    /** The noise kernel: a 2-D density of the offset z = x − c(t). */
    interface Kernel {
        double logDensity(double zx, double zy);

        /**
         * A cheap smooth stand-in for {@link #logDensity}, used to choose where to integrate: it
         * must satisfy logDensity ≤ proxy + const everywhere and be close to logDensity near its
         * maximum (up to a constant).
         */
        double logProxy(double zx, double zy);
    }

    private static final int MAX_SPLIT = 512;
    /** Nats of change per panel allowed per unit of kappa (see the split rule). */
    private static final double SLOPE = 2.0;

    private final Curve curve;
    private final Kernel kernel;
    private final double a;
    private final double cell;
    private final int cells;
    private final int nodes;
    private final double window;
    private final double kappa;
    private final double[] glX;
    private final double[] glW;
    private final double[] gridX;
    private final double[] gridY;
    private final double[] nodeX;
    private final double[] nodeY;
    private final double[] nodeLogW;

    /**
     * @param cells  number of grid cells over [a, b]
     * @param nodes  Gauss–Legendre nodes per panel
     * @param window nats below the grid maximum beyond which cells are left out
     * @param kappa  target panel width in units of the local bump's standard deviation
     */
    CurveQuadrature(Curve curve, Kernel kernel, double a, double b, int cells, int nodes,
                    double window, double kappa) {
        this.curve = curve;
        this.kernel = kernel;
        this.a = a;
        this.cells = cells;
        this.cell = (b - a) / cells;
        this.nodes = nodes;
        this.window = window;
        this.kappa = kappa;
        double[][] gl = ToyMath.gaussLegendre(nodes);
        this.glX = gl[0];
        this.glW = gl[1];
        gridX = new double[cells + 1];
        gridY = new double[cells + 1];
        for (int j = 0; j <= cells; j++) {
            double t = j == cells ? b : a + j * cell;
            gridX[j] = curve.x(t);
            gridY[j] = curve.y(t);
        }
        nodeX = new double[cells * nodes];
        nodeY = new double[cells * nodes];
        nodeLogW = new double[cells * nodes];
        for (int j = 0; j < cells; j++) {
            for (int i = 0; i < nodes; i++) {
                double t = a + (j + 0.5 * (glX[i] + 1)) * cell;
                nodeX[j * nodes + i] = curve.x(t);
                nodeY[j * nodes + i] = curve.y(t);
                nodeLogW[j * nodes + i] = curve.logWeight(t) + Math.log(0.5 * cell * glW[i]);
            }
        }
    }

    /** log ∫ w(t) K((px, py) − c(t)) dt. */
    double logIntegral(double px, double py) {
        double[] p = new double[cells + 1];
        double pmax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= cells; j++) {
            p[j] = kernel.logProxy(px - gridX[j], py - gridY[j]);
            if (p[j] > pmax) {
                pmax = p[j];
            }
        }
        if (pmax == Double.NEGATIVE_INFINITY || Double.isNaN(pmax)) {
            return pmax;
        }
        double thr = pmax - window;
        double m = Double.NEGATIVE_INFINITY;
        double s = 0;
        for (int j = 0; j < cells; j++) {
            boolean active = p[j] >= thr || p[j + 1] >= thr
                || (j > 0 && p[j - 1] >= thr) || (j + 2 <= cells && p[j + 2] >= thr);
            if (!active) {
                continue;
            }
            // How far this cell's ends lie below the peak: a cell e^{-H} below it needs only a
            // relative accuracy of ~1e-13·e^{H}, so its panels may be coarser.
            double headroom = pmax - Math.max(p[j], p[j + 1]);
            double want;
            double drop = Math.abs(p[j + 1] - p[j]);
            if (headroom < 10) {
                // Near the peak: a panel spans at most kappa local standard deviations of the bump
                // (from the proxy's second difference) and at most SLOPE·kappa nats of change.
                double c2 = 0;
                for (int g = j; g <= j + 1; g++) {
                    int gc = Math.min(Math.max(g, 1), cells - 1);
                    if (gc >= 1 && gc + 1 <= cells) {
                        c2 = Math.max(c2, Math.abs(p[gc - 1] - 2 * p[gc] + p[gc + 1]));
                    }
                }
                want = Math.max(Math.sqrt(c2), drop / SLOPE) / kappa;
            } else {
                // On a tail the integrand is a steep, nearly exponential slope; the 8-point rule's
                // relative error on e^{-L t} over a panel is ~2e-11 for L = 6, ~1e-7 for L = 12 and
                // ~2e-4 for L = 24, so the fall allowed per panel grows with the headroom (at
                // kappa = 1.5: 6 nats at H = 10, 12.7 at H = 20, 19.3 at H = 30), keeping every
                // panel's error below ~1e-15 of the peak.
                double allowed = kappa * (4 + 4 * (headroom - 10) / 9);
                want = drop / allowed;
            }
            int split = (int) Math.min(MAX_SPLIT, Math.max(1, Math.ceil(want)));
            if (split == 1) {
                int base = j * nodes;
                for (int i = 0; i < nodes; i++) {
                    double v = nodeLogW[base + i]
                        + kernel.logDensity(px - nodeX[base + i], py - nodeY[base + i]);
                    if (v == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    if (v > m) {
                        s = s * Math.exp(m - v) + 1;
                        m = v;
                    } else {
                        s += Math.exp(v - m);
                    }
                }
            } else {
                double h = cell / split;
                double t0 = a + j * cell;
                for (int q = 0; q < split; q++) {
                    for (int i = 0; i < nodes; i++) {
                        double t = t0 + (q + 0.5 * (glX[i] + 1)) * h;
                        double v = curve.logWeight(t) + Math.log(0.5 * h * glW[i])
                            + kernel.logDensity(px - curve.x(t), py - curve.y(t));
                        if (v == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        if (v > m) {
                            s = s * Math.exp(m - v) + 1;
                            m = v;
                        } else {
                            s += Math.exp(v - m);
                        }
                    }
                }
            }
        }
        return m + Math.log(s);
    }

    /** Isotropic Gaussian noise N(0, σ² I); its proxy is its own log-density. */
    static Kernel gaussian(double sigma) {
        double inv2s2 = 1 / (2 * sigma * sigma);
        double logNorm = -Math.log(2 * Math.PI * sigma * sigma);
        return new Kernel() {
            @Override
            public double logDensity(double zx, double zy) {
                return logNorm - (zx * zx + zy * zy) * inv2s2;
            }

            @Override
            public double logProxy(double zx, double zy) {
                return logNorm - (zx * zx + zy * zy) * inv2s2;
            }
        };
    }
}
