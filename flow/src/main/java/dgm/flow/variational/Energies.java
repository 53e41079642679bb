package dgm.flow.variational;

import dgm.core.InputException;
import dgm.core.math.LogSumExp;
import java.util.List;

/**
 * The 2-D energies U1–U4 of Rezende and Mohamed (2015, Table 1), as stated in docs/data.md (energies U1–U4):
 * w1 = sin(2πz₁/4), w2 = 3·exp(−½((z₁ − 1)/0.6)²), w3 = 3σ((z₁ − 1)/0.3). U2–U4 are not
 * normalisable on ℝ² (they do not decay along z₁), so their log Z is only defined on a stated box.
 */
public final class Energies {
    private Energies() {
    }

    public static final List<String> NAMES = List.of("U1", "U2", "U3", "U4");

    public static Energy named(String name) {
        return switch (name) {
            case "U1" -> of("U1", Energies::u1);
            case "U2" -> of("U2", Energies::u2);
            case "U3" -> of("U3", Energies::u3);
            case "U4" -> of("U4", Energies::u4);
            default -> throw new InputException("unknown energy '" + name + "'; allowed: " + String.join(", ", NAMES));
        };
    }

    /** U(x) = ½ Σ_j ((x_j − μ_j)/σ_j)², with log Z = Σ_j log(√(2π) σ_j) on ℝ^d (for tests). */
    public static Energy gaussian(double[] mu, double[] sigma) {
        double[] m = mu.clone();
        double[] s = sigma.clone();
        return new Energy() {
            @Override
            public String name() {
                return "gaussian";
            }

            @Override
            public int dimension() {
                return m.length;
            }

            @Override
            public double value(double[] x, int off) {
                double e = 0;
                for (int j = 0; j < m.length; j++) {
                    double u = (x[off + j] - m[j]) / s[j];
                    e += 0.5 * u * u;
                }
                return e;
            }
        };
    }

    private interface Fn2 {
        double at(double z1, double z2);
    }

    private static Energy of(String name, Fn2 f) {
        return new Energy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double value(double[] x, int off) {
                return f.at(x[off], x[off + 1]);
            }
        };
    }

    private static double w1(double z1) {
        return Math.sin(2 * Math.PI * z1 / 4);
    }

    private static double w2(double z1) {
        double t = (z1 - 1) / 0.6;
        return 3 * Math.exp(-0.5 * t * t);
    }

    private static double w3(double z1) {
        return 3 * dgm.core.nn.Activation.sigmoid((z1 - 1) / 0.3);
    }

    /** −log(e^a + e^b) without overflow, summed as log Σ e^{v − max} ({@link LogSumExp#of(double[], int)}). */
    private static double negLogSumExp(double a, double b) {
        return -LogSumExp.of(new double[] {a, b}, 2);
    }

    static double u1(double z1, double z2) {
        double r = Math.hypot(z1, z2);
        double a = (r - 2) / 0.4;
        double p = (z1 - 2) / 0.6;
        double q = (z1 + 2) / 0.6;
        return 0.5 * a * a + negLogSumExp(-0.5 * p * p, -0.5 * q * q);
    }

    static double u2(double z1, double z2) {
        double a = (z2 - w1(z1)) / 0.4;
        return 0.5 * a * a;
    }

    static double u3(double z1, double z2) {
        double a = (z2 - w1(z1)) / 0.35;
        double b = (z2 - w1(z1) + w2(z1)) / 0.35;
        return negLogSumExp(-0.5 * a * a, -0.5 * b * b);
    }

    static double u4(double z1, double z2) {
        double a = (z2 - w1(z1)) / 0.4;
        double b = (z2 - w1(z1) + w3(z1)) / 0.35;
        return negLogSumExp(-0.5 * a * a, -0.5 * b * b);
    }

    /**
     * log Z = log ∫_box exp(−U) by the midpoint rule on a k × k grid over [lo, hi]², summed in log
     * space. For the energies above on [−4, 4]², k = 2000 is accurate to far below 1e−4 nats.
     */
    public static double logPartition(Energy u, double lo, double hi, int k) {
        if (u.dimension() != 2) {
            throw new IllegalArgumentException("quadrature is implemented for 2-D energies");
        }
        double h = (hi - lo) / k;
        double[] p = new double[2];
        double max = Double.NEGATIVE_INFINITY;
        double[] neg = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                p[0] = lo + (a + 0.5) * h;
                p[1] = lo + (b + 0.5) * h;
                double v = -u.value(p, 0);
                neg[a * k + b] = v;
                max = Math.max(max, v);
            }
        }
        double s = 0;
        for (double v : neg) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s) + 2 * Math.log(h);
    }
}
