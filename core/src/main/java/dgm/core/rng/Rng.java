package dgm.core.rng;

import java.util.random.RandomGenerator;

/**
 * An explicit, seeded source of randomness. Every random choice in the workbench goes through one
 * of these, never through a global generator, so that a run is a function of its seeds.
 *
 * <p>The stream is exactly {@link java.util.SplittableRandom}'s for the same seed (SplitMix64,
 * Steele, Lea and Flood 2014: the state advances by the golden gamma and each output is a mix of the
 * new state; the other draws are the JDK's {@link RandomGenerator} defaults on top of
 * {@code nextLong}/{@code nextInt}, as SplittableRandom uses them), written out here so that its one
 * word of state can be read and set: a training checkpoint stores it ({@link #state()}) and a
 * resumed run continues the same stream ({@link #setState}). {@code RngTest} checks every draw
 * against SplittableRandom bit for bit. Not thread-safe: give each thread its own
 * {@link #derive derived} generator.
 */
public final class Rng {
    /** SplittableRandom's gamma for seeded instances: the odd integer nearest 2⁶⁴/φ. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;
    private final SplitMix random = new SplitMix();

    public Rng(long seed) {
        this.seed = seed;
        this.random.state = seed;
    }

    /** SplitMix64 with SplittableRandom's output functions; the RandomGenerator defaults do the rest. */
    private static final class SplitMix implements RandomGenerator {
        long state;

        @Override
        public long nextLong() {
            long z = state += GOLDEN_GAMMA;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        @Override
        public int nextInt() {
            long z = state += GOLDEN_GAMMA;
            z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
            return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
        }
    }

    /** The generator's whole state (one word): what a checkpoint stores. */
    public long state() {
        return random.state;
    }

    /** Continues the stream from a {@link #state()} read earlier (from this generator or one with the same seed). */
    public void setState(long state) {
        random.state = state;
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
