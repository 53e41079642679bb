package dgm.core.data;

/**
 * What a model's defaults may depend on: the data's dimension, kind, number of levels and training
 * size, never its values. {@link #profile()} names the class of data a family tunes its defaults
 * for; {@code docs/images.md} gives the image defaults and the measurements behind them.
 */
public record DataShape(int dimension, DataKind kind, int levels, int nTrain) {

    /** 8-bit images: dequantised with 256 levels and at least this many pixels. */
    public static final int IMAGE_MIN_PIXELS = 256;

    public enum Profile {
        /** 2-D toys, the 8×8 digits, CSV data: the defaults as declared. */
        DEFAULT,
        /** 8-bit images of at least {@value #IMAGE_MIN_PIXELS} pixels (MNIST, Fashion-MNIST). */
        IMAGE;

        public String label() {
            return name().toLowerCase();
        }
    }

    public static DataShape of(Dataset d) {
        return new DataShape(d.dimension(), d.kind(), d.levels(), d.train().length);
    }

    public Profile profile() {
        return kind == DataKind.DEQUANTISED && levels == 256 && dimension >= IMAGE_MIN_PIXELS ? Profile.IMAGE : Profile.DEFAULT;
    }
}
