package dgm.flow.bijector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * f = f_K ∘ … ∘ f_1 (f_1 applied first in the forward, data → latent, direction). Log-determinants
 * add; the inverse runs the stages in reverse order. Keeps one buffer per stage so that each stage's
 * input survives until the backward pass.
 */
public final class Composite implements Bijector {
    private final int d;
    private final List<Bijector> stages;
    private double[][] outs = new double[0][];
    private double[][] grads = new double[2][0];
    private int lastN = -1;
    private int lastInverseN = -1;

    public Composite(int d, List<Bijector> stages) {
        this.d = d;
        this.stages = List.copyOf(stages);
        for (Bijector b : this.stages) {
            if (b.dimension() != d) {
                throw new IllegalArgumentException(b.describe() + " has dimension " + b.dimension() + ", expected " + d);
            }
        }
    }

    public List<Bijector> stages() {
        return stages;
    }

    @Override
    public int dimension() {
        return d;
    }

    private void ensure(int n) {
        if (outs.length == stages.size() && (stages.isEmpty() || outs[0].length >= n * d) && grads[0].length >= n * d) {
            return;
        }
        outs = new double[stages.size()][n * d];
        grads = new double[2][n * d];
    }

    @Override
    public void forward(double[] x, int n, double[] z, double[] logDet) {
        ensure(n);
        double[] in = x;
        for (int k = 0; k < stages.size(); k++) {
            stages.get(k).forward(in, n, outs[k], logDet);
            in = outs[k];
        }
        System.arraycopy(in, 0, z, 0, n * d);
        lastN = n;
        lastInverseN = -1;
    }

    @Override
    public void inverse(double[] z, int n, double[] x, double[] logDet) {
        ensure(n);
        double[] in = z;
        for (int k = stages.size() - 1; k >= 0; k--) {
            stages.get(k).inverse(in, n, outs[k], logDet);
            in = outs[k];
        }
        System.arraycopy(in, 0, x, 0, n * d);
        lastN = -1;
        lastInverseN = n;
    }

    @Override
    public void backward(double[] dz, double[] dLogDet, int n, double[] dx) {
        if (n != lastN) {
            throw new IllegalStateException("backward without a matching forward of " + n + " rows");
        }
        double[] g = dz;
        int flip = 0;
        for (int k = stages.size() - 1; k >= 0; k--) {
            double[] target = k == 0 ? dx : grads[flip];
            stages.get(k).backward(g, dLogDet, n, target);
            g = target;
            flip ^= 1;
        }
        if (stages.isEmpty()) {
            System.arraycopy(dz, 0, dx, 0, n * d);
        }
    }

    @Override
    public boolean supportsInverseBackward() {
        for (Bijector b : stages) {
            if (!b.supportsInverseBackward()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void inverseBackward(double[] dx, double[] dLogDet, int n, double[] dz) {
        if (n != lastInverseN) {
            throw new IllegalStateException("inverseBackward without a matching inverse of " + n + " rows");
        }
        // the inverse ran stages K−1 … 0; its backward runs 0 … K−1
        double[] g = dx;
        int flip = 0;
        for (int k = 0; k < stages.size(); k++) {
            double[] target = k == stages.size() - 1 ? dz : grads[flip];
            stages.get(k).inverseBackward(g, dLogDet, n, target);
            g = target;
            flip ^= 1;
        }
        if (stages.isEmpty()) {
            System.arraycopy(dx, 0, dz, 0, n * d);
        }
    }

    @Override
    public void initializeFromData(double[] x, int n) {
        double[] cur = x.clone();
        double[] next = new double[n * d];
        double[] ld = new double[n];
        for (Bijector b : stages) {
            b.initializeFromData(cur, n);
            b.forward(cur, n, next, ld);
            double[] t = cur;
            cur = next;
            next = t;
        }
        lastN = -1;
    }

    @Override
    public void setTraining(boolean training) {
        for (Bijector b : stages) {
            b.setTraining(training);
        }
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Bijector b : stages) {
            parts.add(b.describe());
        }
        return "Composite" + Arrays.toString(parts.toArray());
    }
}
