package dgm.core.metrics;

import dgm.core.rng.Rng;

/**
 * The engine behind {@link Mmd} and {@link EnergyDistance}: the unbiased two-sample statistic
 *
 * <pre>
 *   U = 1/(n(n−1)) Σ_{i≠j} k(x_i,x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i,y_j) − 2/(nm) Σ_{i,j} k(x_i,y_j)
 * </pre>
 *
 * for several kernels at once, with its standard error and a permutation test, all from one pass
 * over the pairs of the pooled sample (the pooled kernel matrix is never stored).
 *
 * <p><b>Permutations.</b> Write the pooled sample as a split into a group A of size a = min(n, m)
 * and B = the rest. With S_A the sum of k over unordered pairs inside A, R_A = Σ_{i∈A} r_i where r_i
 * is the pooled row sum Σ_{j≠i} k(z_i,z_j), and T the sum over all unordered pairs, the other two
 * blocks are S_AB = R_A − 2 S_A and S_B = T − R_A + S_A. So a relabelling changes the statistic only
 * through S_A (and the O(N) sum R_A). Each permutation is a random subset A_p encoded as one bit per
 * point; during the single pass each pair (i, j) adds k(z_i, z_j) to S_{A_p} for every p whose bit is
 * set for both points (found with a bitwise AND of the two points' masks). Bit 0 is the observed
 * split, so the observed statistic goes through exactly the same arithmetic as the permuted ones.
 * Cost: one pass over N(N−1)/2 pairs with work ≈ (P+1)/4 additions per pair and kernel.
 *
 * <p><b>Standard error.</b> Var(U) ≈ V₁ + V₀. V₁ = 4 Var f(X)/n + 4 Var g(Y)/m is the first-order
 * (Hoeffding projection) term, with f(x) = E k(x,X′) − E k(x,Y), g(y) = E k(y,Y′) − E k(y,X); Var f
 * and Var g are estimated without bias from row sums and sums of squares (products of kernel values
 * over distinct indices only). It dominates when P ≠ Q and is zero when P = Q. V₀ =
 * E[k̃²]·(2/(n(n−1)) + 2/(m(m−1)) + 4/(nm)) is the exact variance under P = Q (k̃ the kernel centred
 * in both arguments), with E[k̃²] = E k² − 2 E[μ(Z)²] + (E k)² estimated without bias from the pooled
 * sample (μ(z) = E k(z,Z′)).
 *
 * <p>Reported SE = √(V̂₀ + max(0, V̂₁)). Near P = Q the unbiased V̂₁ is pure noise of the same size as
 * V₀ (it behaves like Σ_r λ_r²(Δ_r² − EΔ_r²) over the kernel's eigenvalues λ_r, which does not average
 * out as n grows), so V̂₀ + V̂₁ is negative for about a third of all data sets; clipping V̂₁ at 0 keeps
 * the SE at or above the exact null SE at the price of being conservative near P = Q (by simulation,
 * 2-D Gaussians, Gaussian and energy kernels, n = 10…100: root-mean-square SE 20–40% above the true
 * sd at P = Q, within about 5% once the distributions clearly differ). Needs n, m ≥ 4 (else NaN).
 */
final class KernelTwoSampleStatistic {

    /** A family of kernels of the squared distance, evaluated together for one pair. */
    interface Kernels {
        int count();

        /** Writes k_b(‖u−v‖²) for every kernel b into {@code out}. */
        void evaluate(double squaredDistance, double[] out);
    }

    /**
     * Results per kernel b: the statistic, its standard error, its permutation p-value (NaN without
     * permutations) and the permuted statistics themselves ({@code permuted[b][p]}, p = 0..P−1).
     */
    record Result(int nX, int nY, double[] value, double[] standardError, double[] pValue,
                  double[][] permuted, double aggregatedPValue, int permutations) {
    }

    private KernelTwoSampleStatistic() {
    }

    /**
     * @param z            pooled points, row-major: the nX rows of X then the nY rows of Y
     * @param permutations number P of random relabellings (0 = no test)
     * @param rng          used only for the permutations
     */
    static Result compute(double[] z, int d, int nX, int nY, Kernels kernels, int permutations, Rng rng) {
        if (nX < 2 || nY < 2) {
            throw new IllegalArgumentException("each sample needs at least 2 points for the unbiased statistic; got "
                    + nX + " and " + nY);
        }
        if (permutations < 0) {
            throw new IllegalArgumentException("permutations must be >= 0, got " + permutations);
        }
        final int n = nX + nY;
        final int nb = kernels.count();
        // Rows belonging to group X are 0..nX-1. same[b*n+i]: sum over i's own group; cross: over the other.
        final double[] same = new double[nb * n];
        final double[] cross = new double[nb * n];
        final double[] sqXX = new double[nb];
        final double[] sqYY = new double[nb];
        final double[] sqXY = new double[nb];

        // Permutation masks: bit p of point i says "i is in group A under relabelling p"; p = 0 is the
        // observed labelling. A is the smaller group, so fewer bits are set.
        final boolean aIsX = nX <= nY;
        final int nA = aIsX ? nX : nY;
        final int cols = permutations + 1;
        final int words = (cols + 63) >>> 6;
        final long[] mask = new long[n * words];
        for (int i = 0; i < n; i++) {
            if ((i < nX) == aIsX) {
                mask[i * words] |= 1L;
            }
        }
        for (int p = 1; p < cols; p++) {
            int[] perm = partialShuffle(n, nA, rng);
            int w = p >>> 6;
            long bit = 1L << (p & 63);
            for (int t = 0; t < nA; t++) {
                mask[perm[t] * words + w] |= bit;
            }
        }
        // members[p]: the sorted indices of A_p; memberOf[i]: the relabellings p with i in A_p.
        final int[][] members = new int[cols][nA];
        final int[] fill = new int[cols];
        final int[][] memberOf = new int[n][];
        final int[] tmp = new int[cols];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int w = 0; w < words; w++) {
                long m = mask[i * words + w];
                while (m != 0) {
                    int p = (w << 6) + Long.numberOfTrailingZeros(m);
                    m &= m - 1;
                    tmp[c++] = p;
                    members[p][fill[p]++] = i;
                }
            }
            memberOf[i] = java.util.Arrays.copyOf(tmp, c);
        }
        // pos[p]: position of the next member of A_p still to be reached by the row loop.
        final int[] pos = new int[cols];
        final double[] accA = new double[cols * nb]; // accA[p*nb+b] = S_{A_p} for kernel b

        final double[] kv = new double[nb];
        // row[k*stride+b] = k_b(z_i, z_k) for k > i; stride padded to 8 so that the permutation
        // gather reads one cache line per point and keeps 8 accumulators in registers.
        final int stride = nb <= 2 ? nb : (nb + 7) / 8 * 8;
        final double[] row = new double[stride * n];
        final double[] chunk = new double[stride];
        for (int i = 0; i < n; i++) {
            kernelRow(z, d, i, n, kernels, kv, row, stride);
            blockSums(row, stride, i, n, nX, nb, same, cross, sqXX, sqYY, sqXY);
            for (int p : memberOf[i]) {
                final int from = ++pos[p]; // members[p][from-1] == i
                permutationSums(row, stride, nb, members[p], from, chunk);
                int o = p * nb;
                for (int b = 0; b < nb; b++) {
                    accA[o + b] += chunk[b];
                }
            }
        }

        // R_{A_p} for every relabelling: sum of pooled row sums over the members of A_p.
        final double[] rowA = new double[cols * nb];
        for (int i = 0; i < n; i++) {
            final int im = i * words;
            for (int w = 0; w < words; w++) {
                long m = mask[im + w];
                final int base = w << 6;
                while (m != 0) {
                    int p = base + Long.numberOfTrailingZeros(m);
                    m &= m - 1;
                    int o = p * nb;
                    for (int b = 0; b < nb; b++) {
                        rowA[o + b] += same[b * n + i] + cross[b * n + i];
                    }
                }
            }
        }

        final int nB = n - nA;
        final double[] value = new double[nb];
        final double[] se = new double[nb];
        final double[] pValue = new double[nb];
        final double[][] permuted = new double[nb][permutations];
        final double[][] all = new double[nb][cols];
        for (int b = 0; b < nb; b++) {
            double total = 0; // sum over unordered pairs
            for (int i = 0; i < n; i++) {
                total += same[b * n + i] + cross[b * n + i];
            }
            total *= 0.5;
            for (int p = 0; p < cols; p++) {
                double sA = accA[p * nb + b];
                double rA = rowA[p * nb + b];
                double sAB = rA - 2 * sA;
                double sB = total - rA + sA;
                all[b][p] = 2 * sA / ((double) nA * (nA - 1)) + 2 * sB / ((double) nB * (nB - 1))
                        - 2 * sAB / ((double) nA * nB);
            }
            value[b] = all[b][0];
            System.arraycopy(all[b], 1, permuted[b], 0, permutations);
            se[b] = standardError(same, cross, b, n, nX, nY, sqXX[b], sqYY[b], sqXY[b]);
            if (permutations == 0) {
                pValue[b] = Double.NaN;
            } else {
                double tol = 1e-12 * (Math.abs(value[b]) + Math.abs(total) / ((double) n * (n - 1) / 2));
                int ge = 0;
                for (int p = 1; p < cols; p++) {
                    if (all[b][p] >= value[b] - tol) {
                        ge++;
                    }
                }
                pValue[b] = (1.0 + ge) / (1.0 + permutations);
            }
        }
        double aggregated = permutations == 0 ? Double.NaN : aggregatedPValue(all);
        return new Result(nX, nY, value, se, pValue, permuted, aggregated, permutations);
    }

    /** row[k*stride+b] = k_b(z_i, z_k) for k = i+1..n-1. */
    private static void kernelRow(double[] z, int d, int i, int n, Kernels kernels, double[] kv, double[] row,
                                  int stride) {
        final int io = i * d;
        final int nb = kv.length;
        for (int k = i + 1; k < n; k++) {
            final int ko = k * d;
            double s = 0;
            for (int t = 0; t < d; t++) {
                double diff = z[io + t] - z[ko + t];
                s += diff * diff;
            }
            kernels.evaluate(s, kv);
            System.arraycopy(kv, 0, row, k * stride, nb);
        }
    }

    /** Adds row i's pairs (i, k &gt; i) to the within-group and cross-group row sums and sums of squares. */
    private static void blockSums(double[] row, int stride, int i, int n, int nX, int nb, double[] same,
                                  double[] cross, double[] sqXX, double[] sqYY, double[] sqXY) {
        final boolean iX = i < nX;
        final int split = Math.max(i + 1, nX); // k in (i, split) are in X (only when i is); k >= split in Y
        final double[] later = iX ? cross : same;
        for (int b = 0; b < nb; b++) {
            double sumSame = 0, sqS = 0, sumLater = 0, sqL = 0;
            final int bo = b * n;
            for (int k = i + 1; k < split; k++) {
                double v = row[k * stride + b];
                sumSame += v;
                sqS += v * v;
                same[bo + k] += v;
            }
            for (int k = split; k < n; k++) {
                double v = row[k * stride + b];
                sumLater += v;
                sqL += v * v;
                later[bo + k] += v;
            }
            if (iX) {
                same[bo + i] += sumSame;
                cross[bo + i] += sumLater;
                sqXX[b] += sqS;
                sqXY[b] += sqL;
            } else {
                same[bo + i] += sumLater;
                sqYY[b] += sqL;
            }
        }
    }

    /** out[b] = Σ_{q ≥ from} row[mem[q]*stride + b]: row i's pairs with the later members of one A_p. */
    private static void permutationSums(double[] row, int stride, int nb, int[] mem, int from, double[] out) {
        final int len = mem.length;
        if (stride == nb) { // nb <= 2: one kernel at a time
            for (int b = 0; b < nb; b++) {
                double s0 = 0, s1 = 0;
                int q = from;
                for (; q + 1 < len; q += 2) {
                    s0 += row[mem[q] * stride + b];
                    s1 += row[mem[q + 1] * stride + b];
                }
                if (q < len) {
                    s0 += row[mem[q] * stride + b];
                }
                out[b] = s0 + s1;
            }
            return;
        }
        for (int c = 0; c < stride; c += 8) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int q = from; q < len; q++) {
                final int o = mem[q] * stride + c;
                s0 += row[o];
                s1 += row[o + 1];
                s2 += row[o + 2];
                s3 += row[o + 3];
                s4 += row[o + 4];
                s5 += row[o + 5];
                s6 += row[o + 6];
                s7 += row[o + 7];
            }
            out[c] = s0;
            out[c + 1] = s1;
            out[c + 2] = s2;
            out[c + 3] = s3;
            out[c + 4] = s4;
            out[c + 5] = s5;
            out[c + 6] = s6;
            out[c + 7] = s7;
        }
    }

    /**
     * p-value of the statistic max_b z_b, where z_b standardises kernel b's statistic by the mean and
     * standard deviation of its P+1 values (observed and permuted). The standardisation is a
     * symmetric function of the P+1 exchangeable values, so the test keeps its level.
     */
    static double aggregatedPValue(double[][] all) {
        int nb = all.length;
        int cols = all[0].length;
        double[] agg = new double[cols];
        java.util.Arrays.fill(agg, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < nb; b++) {
            double mean = 0;
            for (double v : all[b]) {
                mean += v;
            }
            mean /= cols;
            double ss = 0;
            for (double v : all[b]) {
                ss += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(ss / cols);
            for (int p = 0; p < cols; p++) {
                double zb = sd > 0 ? (all[b][p] - mean) / sd : 0.0;
                agg[p] = Math.max(agg[p], zb);
            }
        }
        int ge = 0;
        for (int p = 1; p < cols; p++) {
            if (agg[p] >= agg[0] - 1e-12) {
                ge++;
            }
        }
        return (1.0 + ge) / cols;
    }

    /** First {@code k} entries of a uniformly random permutation of 0..n-1 (partial Fisher–Yates). */
    private static int[] partialShuffle(int n, int k, Rng rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** sqrt(V₁ + V₀) for kernel b; see the class comment. NaN when n or m is below 4. */
    private static double standardError(double[] same, double[] cross, int b, int n, int nXi, int nYi,
                                        double sqXX, double sqYY, double sqXY) {
        if (nXi < 4 || nYi < 4) {
            return Double.NaN;
        }
        final double nx = nXi;
        final double ny = nYi;
        final double nn = n;
        // X block (rows 0..nX-1): a_i = same, t_i = cross. Y block: c_j = same, u_j = cross.
        double sX = 0, rX = 0, tX = 0, tt = 0, at = 0;
        for (int i = 0; i < nXi; i++) {
            double a = same[b * n + i];
            double t = cross[b * n + i];
            sX += a;
            rX += a * a;
            tX += t;
            tt += t * t;
            at += a * t;
        }
        double sY = 0, rY = 0, uu = 0, cu = 0;
        for (int j = nXi; j < n; j++) {
            double c = same[b * n + j];
            double u = cross[b * n + j];
            sY += c;
            rY += c * c;
            uu += u * u;
            cu += c * u;
        }
        double qX = 2 * sqXX; // ordered sums of squares
        double qY = 2 * sqYY;
        double qC = sqXY;     // each cross pair once
        double cTot = tX;     // Σ_{i,j} k(x_i, y_j)

        // E f(X)^2 and (E f)^2 = (a − c)^2, each from products over distinct indices only.
        double ef2 = ((rX - qX) / ((nx - 1) * (nx - 2)) - 2 * at / ((nx - 1) * ny)
                + (tt - qC) / (ny * (ny - 1))) / nx;
        double aa = (sX * sX - 4 * rX + 2 * qX) / (nx * (nx - 1) * (nx - 2) * (nx - 3));
        double ac = (sX * cTot - 2 * at) / (nx * (nx - 1) * (nx - 2) * ny);
        double cc = (cTot * cTot - tt - uu + qC) / (nx * (nx - 1) * ny * (ny - 1));
        double varF = ef2 - (aa - 2 * ac + cc); // unbiased; may be negative

        double eg2 = ((rY - qY) / ((ny - 1) * (ny - 2)) - 2 * cu / ((ny - 1) * nx)
                + (uu - qC) / (nx * (nx - 1))) / ny;
        double bb = (sY * sY - 4 * rY + 2 * qY) / (ny * (ny - 1) * (ny - 2) * (ny - 3));
        double bc = (sY * cTot - 2 * cu) / (ny * (ny - 1) * (ny - 2) * nx);
        double varG = eg2 - (bb - 2 * bc + cc);
        double v1 = 4 * varF / nx + 4 * varG / ny;

        // Pooled sample: E k^2, E mu(Z)^2, (E k)^2, all unbiased under P = Q.
        double sN = 0, rN = 0;
        for (int i = 0; i < n; i++) {
            double r = same[b * n + i] + cross[b * n + i];
            sN += r;
            rN += r * r;
        }
        double qN = qX + qY + 2 * qC;
        double ek2 = qN / (nn * (nn - 1));
        double emu2 = (rN - qN) / (nn * (nn - 1) * (nn - 2));
        double mu2 = (sN * sN - 4 * rN + 2 * qN) / (nn * (nn - 1) * (nn - 2) * (nn - 3));
        double ekc2 = ek2 - 2 * emu2 + mu2;
        double v0 = ekc2 * (2 / (nx * (nx - 1)) + 2 / (ny * (ny - 1)) + 4 / (nx * ny));
        return Math.sqrt(Math.max(0, v0) + Math.max(0, v1));
    }
}
