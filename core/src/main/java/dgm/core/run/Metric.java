package dgm.core.run;

import dgm.core.metrics.Kind;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a metric id means: the declaration every row of {@code results.csv} refers to. A metric is
 * declared by the {@link MetricGroup} that computes it (or that names who records it) and found
 * through a {@link MetricProvider}; the catalogue ({@code ./workbench list}), the evaluation, the run
 * record's units and splits and the report's columns and "best" marks are all read from here.
 *
 * @param id          the id in {@code results.csv} (lower case, {@code [a-z0-9_]+})
 * @param unit        what the number is measured in
 * @param split       what it is computed on (the test split, model samples against it, ...)
 * @param kinds       the {@link Kind}s its estimates may carry (e.g. exact or bound for {@code test_nll},
 *                    by the model's capability); an estimate of any other kind is a programming error
 * @param better      which values are better, for the report's bold "best" mark
 * @param table       which block of the comparison report shows it as a column
 * @param nullValue   what it gives when the model's samples and the real points share one distribution
 *                    (checked for every registered metric by the metric contract in core's test-jar)
 * @param description one line: what it is, with its reference where it has one
 */
public record Metric(String id, Unit unit, Split split, Set<Kind> kinds, Direction better, Table table,
                     NullValue nullValue, String description) {

    public Metric {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("metric id '" + id + "' must match [a-z0-9_]+");
        }
        Objects.requireNonNull(unit, "unit of " + id);
        Objects.requireNonNull(split, "split of " + id);
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("metric '" + id + "' declares no kind");
        }
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        Objects.requireNonNull(better, "direction of " + id);
        Objects.requireNonNull(table, "table of " + id);
        Objects.requireNonNull(nullValue, "null value of " + id);
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("metric '" + id + "' has no description");
        }
    }

    /** A metric whose estimates are always of one kind. */
    public static Metric of(String id, Unit unit, Split split, Kind kind, Direction better, Table table,
                            NullValue nullValue, String description) {
        return new Metric(id, unit, split, EnumSet.of(kind), better, table, nullValue, description);
    }

    /** A unit, by the label printed in tables and run records. */
    public record Unit(String label) {
        public static final Unit NATS = new Unit("nats");
        public static final Unit NATS_PER_EXAMPLE = new Unit("nats/example");
        public static final Unit BITS_PER_DIM = new Unit("bits/dim");
        public static final Unit SAMPLES = new Unit("samples");
        public static final Unit UNITLESS = new Unit("(unitless)");
        public static final Unit PROBABILITY = new Unit("probability");
        public static final Unit FRACTION = new Unit("fraction");
        public static final Unit RATIO = new Unit("ratio");
        public static final Unit DATA_UNITS = new Unit("data units");
        public static final Unit SECONDS = new Unit("seconds");
        public static final Unit SAMPLES_PER_SECOND = new Unit("samples/s");
        public static final Unit COUNT = new Unit("count");

        public Unit {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a unit needs a label");
            }
        }
    }

    /** What a metric is computed on, by the label printed in tables and run records. */
    public record Split(String label) {
        public static final Split TEST = new Split("test");
        public static final Split VALIDATION = new Split("validation");
        public static final Split TRAIN = new Split("train");
        /** The true data distribution (the toys), not a split. */
        public static final Split TRUTH = new Split("(truth)");
        /** Model samples against the (subsampled) test split. */
        public static final Split TEST_VS_SAMPLES = new Split("test vs samples");
        public static final Split SAMPLES = new Split("samples");
        public static final Split SAMPLES_VS_TRAIN = new Split("samples vs train");
        public static final Split FRESH_BASE_SAMPLES = new Split("fresh base samples");
        public static final Split BOX = new Split("box");
        /** Not computed on data (a count, a throughput). */
        public static final Split NONE = new Split("-");

        public Split {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a split needs a label");
            }
        }
    }

    /** The block of the comparison report ({@code summary.md}, {@code summary.tex}) that has a column for the metric. */
    public enum Table {
        /** Fit: likelihood-type numbers and cost. */
        FIT,
        /** Samples: model samples against the test split. */
        SAMPLES,
        /**
         * Features: model samples against the test split in a labelled dataset's reference
         * classifier's feature space and by its predictions, beside the same numbers for real
         * held-out images.
         */
        FEATURES,
        /** No column (reported in {@code results.csv}, {@code summary.csv} and the run records only). */
        NONE
    }

    /**
     * Which values are better: lower, higher, closer to a target (1-NN accuracy: ½), or none (a
     * setting, a reference level, a p-value).
     */
    public record Direction(Type type, double target) {
        public enum Type { LOWER, HIGHER, TARGET, NONE }

        public static final Direction LOWER = new Direction(Type.LOWER, Double.NaN);
        public static final Direction HIGHER = new Direction(Type.HIGHER, Double.NaN);
        public static final Direction NONE = new Direction(Type.NONE, Double.NaN);

        public Direction {
            Objects.requireNonNull(type);
            if ((type == Type.TARGET) != Double.isFinite(target)) {
                throw new IllegalArgumentException("a finite target goes with TARGET and only with it, got " + type + " " + target);
            }
        }

        /** Closer to {@code value} is better. */
        public static Direction target(double value) {
            return new Direction(Type.TARGET, value);
        }

        /** Whether values can be ranked at all. */
        public boolean ordered() {
            return type != Type.NONE;
        }

        /**
         * A score where smaller is better: v for LOWER, −v for HIGHER, |v − target| for TARGET; NaN
         * for NONE.
         */
        public double score(double v) {
            return switch (type) {
                case LOWER -> v;
                case HIGHER -> -v;
                case TARGET -> Math.abs(v - target);
                case NONE -> Double.NaN;
            };
        }
    }

    /**
     * The metric's value under the null hypothesis "the model's distribution is the data's": a number
     * it estimates (0 for MMD², ½ for the 1-NN accuracy), a p-value (uniform on (0, 1] under the
     * null), or none, with the reason (a quantity without a fixed null level, a setting, a
     * measurement).
     *
     * @param type  which of the three
     * @param value the value for {@link Type#VALUE}: the expectation, or its limit for many points
     *              (the O(1/n) remainder, if any, is in the metric's description); NaN otherwise
     * @param why   for {@link Type#NONE}: why there is no null value; empty otherwise
     */
    public record NullValue(Type type, double value, String why) {
        public enum Type { VALUE, P_VALUE, NONE }

        public NullValue {
            Objects.requireNonNull(type);
            Objects.requireNonNull(why);
            if ((type == Type.VALUE) == !Double.isFinite(value) || (type != Type.VALUE && !Double.isNaN(value))) {
                throw new IllegalArgumentException("a finite null value goes with VALUE and only with it, got " + type + " " + value);
            }
            if ((type == Type.NONE) == why.isBlank()) {
                throw new IllegalArgumentException("a reason goes with NONE (and must be given) and only with it");
            }
        }

        public static NullValue of(double value) {
            return new NullValue(Type.VALUE, value, "");
        }

        public static NullValue pValue() {
            return new NullValue(Type.P_VALUE, Double.NaN, "");
        }

        public static NullValue none(String why) {
            return new NullValue(Type.NONE, Double.NaN, why);
        }
    }
}
