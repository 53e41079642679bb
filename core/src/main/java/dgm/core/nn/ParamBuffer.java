package dgm.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * All of a model's parameters in one flat {@code double[]}, with a gradient buffer of the same
 * length, so that an optimiser step, a gradient-norm clip, a snapshot or a save is one loop or one
 * copy. Layers {@link #allocate allocate} named slots at construction and read {@link #values()}
 * and {@link #grads()} at each call (never cache the arrays: allocation may grow them).
 */
public final class ParamBuffer {

    /** A named slice [offset, offset + size) with its logical shape. */
    public record Slot(String name, int offset, int size, int[] shape) {
    }

    private double[] values = new double[0];
    private double[] grads = new double[0];
    private final List<Slot> slots = new ArrayList<>();

    /** Reserves a zero-initialised slot of the given shape; the name is for diagnostics and state. */
    public Slot allocate(String name, int... shape) {
        int size = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, s);
        }
        Slot slot = new Slot(name, values.length, size, shape.clone());
        values = Arrays.copyOf(values, values.length + size);
        grads = Arrays.copyOf(grads, grads.length + size);
        slots.add(slot);
        return slot;
    }

    public double[] values() {
        return values;
    }

    public double[] grads() {
        return grads;
    }

    public int size() {
        return values.length;
    }

    public List<Slot> slots() {
        return Collections.unmodifiableList(slots);
    }

    public void zeroGrad() {
        Arrays.fill(grads, 0.0);
    }

    /** The Euclidean norm of the gradient. */
    public double gradNorm() {
        double s = 0;
        for (double g : grads) {
            s += g * g;
        }
        return Math.sqrt(s);
    }

    /**
     * Rescales the gradient so its norm is at most {@code maxNorm} (no-op when {@code maxNorm} is
     * not positive or infinite); returns the norm before clipping (NaN if the gradient has NaNs).
     */
    public double clipGradNorm(double maxNorm) {
        double norm = gradNorm();
        if (maxNorm > 0 && Double.isFinite(maxNorm) && norm > maxNorm) {
            double f = maxNorm / norm;
            for (int i = 0; i < grads.length; i++) {
                grads[i] *= f;
            }
        }
        return norm;
    }

    /** A copy of the parameter values. */
    public double[] snapshot() {
        return values.clone();
    }

    /** Sets every parameter from {@code v} (same length as {@link #size()}). */
    public void restore(double[] v) {
        if (v.length != values.length) {
            throw new IllegalArgumentException("parameter vector has length " + v.length + ", expected " + values.length);
        }
        System.arraycopy(v, 0, values, 0, v.length);
    }

    /** True when every parameter is finite. */
    public boolean allFinite() {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
