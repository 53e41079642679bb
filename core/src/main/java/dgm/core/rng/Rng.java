package dgm.core.rng;

import java.util.SplittableRandom;

/**
 * An explicit, seeded source of randomness. Every random choice in the workbench goes through one
 * of these, never through a global generator, so that a run is a function of its seeds.
 *
 * <p>Backed by {@link SplittableRandom}, whose algorithm is specified by the JDK and therefore gives
 * the same stream on every JVM. Not thread-safe: give each thread its own {@link #derive derived}
 * generator.
 */
public final class Rng {
    private final long seed;
    private final SplittableRandom random;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this generator was created with. */
    public long seed() {
        return seed;
    }

    /** A new, independent generator whose seed is derived from this one's seed and {@code name}. */
    public Rng derive(String name) {
        return new Rng(Seeds.deriveSeed(seed, name));
    }

    /** Uniform on [0, 1). */
    public double uniform() {
        return random.nextDouble();
    }

    /** Uniform on [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Standard normal. */
    public double gaussian() {
        return random.nextGaussian();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** An n × d matrix of independent standard normals, row-major. */
    public double[][] gaussian(int n, int d) {
        double[][] z = new double[n][d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return z;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher–Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Shuffles the rows of {@code a} in place (Fisher–Yates). */
    public <T> void shuffle(T[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
