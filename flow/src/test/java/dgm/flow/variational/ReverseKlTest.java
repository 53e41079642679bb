package dgm.flow.variational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dgm.core.model.Params;
import dgm.core.nn.ParamBuffer;
import dgm.core.rng.Rng;
import dgm.core.train.RunStatus;
import dgm.core.train.TrainingListener;
import dgm.flow.Architectures;
import dgm.flow.FlowFamily;
import dgm.flow.FlowModel;
import dgm.flow.base.StandardNormal;
import dgm.flow.bijector.ActNorm;
import dgm.flow.bijector.Composite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReverseKlTest {

    @Test
    void quadratureOfAGaussianEnergyMatchesItsClosedForm() {
        Energy g = Energies.gaussian(new double[] {0.5, -0.3}, new double[] {0.7, 1.1});
        double exact = Math.log(2 * Math.PI * 0.7 * 1.1);
        assertEquals(exact, Energies.logPartition(g, -9, 9, 600), 1e-6);
    }

    @Test
    void energyGradientsMatchTheirDefinitionsAndU1IsARing() {
        Energy u1 = Energies.named("U1");
        // on the ring of radius 2 at z = (±2, 0) the radial term vanishes, and the mixture term is −log(1 + e^{−8/0.36})
        double expected = -Math.log(1 + Math.exp(-0.5 * (4 / 0.6) * (4 / 0.6)));
        assertEquals(expected, u1.value(new double[] {2, 0}, 0), 1e-12);
        assertEquals(u1.value(new double[] {2, 0}, 0), u1.value(new double[] {-2, 0}, 0), 1e-12);
        double[] grad = new double[2];
        Energy u2 = Energies.named("U2");
        double z1 = 0.7;
        double z2 = -0.2;
        u2.gradient(new double[] {z1, z2}, 0, grad, 0);
        double a = (z2 - Math.sin(Math.PI * z1 / 2)) / 0.4;
        assertEquals(a / 0.4, grad[1], 1e-8);
        assertEquals(-a / 0.4 * Math.cos(Math.PI * z1 / 2) * Math.PI / 2, grad[0], 1e-8);
    }

    @Test
    void anAffineFlowReachesMinusLogZOfAGaussianEnergy() {
        ParamBuffer params = new ParamBuffer();
        ParamBuffer buffers = new ParamBuffer();
        ActNorm an = new ActNorm(params, buffers, "an", 2);
        FlowModel m = new FlowModel("affine", Map.of(), params, buffers, new Composite(2, List.of(an)), new StandardNormal(2));
        Energy g = Energies.gaussian(new double[] {1.0, -0.5}, new double[] {0.7, 1.3});
        double logZ = Math.log(2 * Math.PI * 0.7 * 1.3);
        ReverseKl.Outcome r = ReverseKl.fit(m, g, new ReverseKl.Options(1500, 128, 0.02, "cosine", 10), new Rng(1),
                TrainingListener.NONE);
        assertEquals(RunStatus.COMPLETED, r.status());
        // q can equal p exactly: the loss is −log Z (and it can never be below it)
        assertEquals(-logZ, r.finalLoss().value(), 5e-3);
        assertTrue(r.finalLoss().value() > -logZ - 3 * r.finalLoss().standardError() - 1e-9);
    }

    /** U(x) = ½ xᵀΣ⁻¹x with correlation 0.9, log Z = log(2π√det Σ): only the autoregressive shift can reach it. */
    static Energy correlatedGaussian() {
        double s1 = 1.0;
        double s2 = 0.6;
        double rho = 0.9;
        return new Energy() {
            @Override
            public String name() {
                return "correlated";
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double value(double[] x, int off) {
                double a = x[off] / s1;
                double b = x[off + 1] / s2;
                return 0.5 * (a * a - 2 * rho * a * b + b * b) / (1 - rho * rho);
            }
        };
    }

    static FlowModel autoregressive(String id) {
        var spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        Map<String, String> cfg = Params.resolve(id, spec.params(), Map.of("layers", "2", "hidden", "16",
                "activation", "tanh", "standardize", "false")).asMap();
        return Architectures.build(id, cfg, 2, new Rng(21)).model();
    }

    @Test
    void iafReachesMinusLogZOfACorrelatedGaussianEnergy() {
        Energy g = correlatedGaussian();
        double logZ = Math.log(2 * Math.PI * 1.0 * 0.6 * Math.sqrt(1 - 0.81));
        FlowModel m = autoregressive("iaf");
        double before = ReverseKl.estimate(m, g, 4000, new Rng(22)).value();
        long t0 = System.nanoTime();
        ReverseKl.Outcome r = ReverseKl.fit(m, g, new ReverseKl.Options(1000, 128, 1e-2, "cosine", 10), new Rng(23),
                TrainingListener.NONE);
        System.out.printf("iaf on a correlated Gaussian: loss %.4f ± %.4f (before %.4f), −log Z %.4f; %.1f s%n",
                r.finalLoss().value(), r.finalLoss().standardError(), before, -logZ, (System.nanoTime() - t0) / 1e9);
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        assertTrue(before > -logZ + 0.5, "the start is far from the target: " + before);
        assertEquals(-logZ, r.finalLoss().value(), 0.01);
        assertTrue(r.finalLoss().value() > -logZ - 3 * r.finalLoss().standardError() - 1e-9);
    }

    /** MAF's sampling direction is d sequential passes, but it has a backward pass too (slower: fewer steps here). */
    @Test
    void mafCanBeFittedByReverseKlToo() {
        Energy g = correlatedGaussian();
        double logZ = Math.log(2 * Math.PI * 1.0 * 0.6 * Math.sqrt(1 - 0.81));
        FlowModel m = autoregressive("maf");
        double before = ReverseKl.estimate(m, g, 4000, new Rng(22)).value();
        ReverseKl.Outcome r = ReverseKl.fit(m, g, new ReverseKl.Options(250, 128, 1e-2, "cosine", 10), new Rng(23),
                TrainingListener.NONE);
        System.out.printf("maf on a correlated Gaussian, 250 steps: loss %.4f ± %.4f (before %.4f), −log Z %.4f%n",
                r.finalLoss().value(), r.finalLoss().standardError(), before, -logZ);
        assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
        assertEquals(-logZ, r.finalLoss().value(), 0.02);
        assertTrue(r.finalLoss().value() > -logZ - 3 * r.finalLoss().standardError() - 1e-9);
    }

    @Test
    void confinedToTheBoxTheLossOnU2StaysAboveMinusLogZOfTheBox() {
        Energy u2 = Energies.named("U2");
        double logZ = Energies.logPartition(u2, -4, 4, 800);
        var spec = new FlowFamily().models().stream().filter(s -> s.id().equals("radial")).findFirst().orElseThrow();
        Map<String, String> cfg = Params.resolve("radial", spec.params(), Map.of("layers", "6", "standardize", "false",
                "box", "4")).asMap();
        FlowModel m = Architectures.build("radial", cfg, 2, new Rng(5)).model();
        ReverseKl.Outcome r = ReverseKl.fit(m, u2, new ReverseKl.Options(400, 128, 0.01, "cosine", 10), new Rng(6),
                TrainingListener.NONE);
        assertTrue(r.finalLoss().value() > -logZ - 3 * r.finalLoss().standardError(),
                r.finalLoss().value() + " vs −log Z_box " + (-logZ));
        // every sample lies in the box
        for (double[] x : m.sampleRows(2000, new Rng(7))) {
            assertTrue(Math.abs(x[0]) < 4 && Math.abs(x[1]) < 4);
        }
        // and the density is −∞ outside it
        assertEquals(Double.NEGATIVE_INFINITY, m.logProb(new double[][] {{4.5, 0}})[0]);
    }

    @Test
    void aRealNvpReachesMinusLogZOfAGaussianEnergyAndBatchNormIsRefused() {
        var family = new FlowFamily();
        var spec = family.models().stream().filter(s -> s.id().equals("realnvp")).findFirst().orElseThrow();
        Map<String, String> cfg = Params.resolve("realnvp", spec.params(), Map.of("layers", "2", "hidden", "8",
                "standardize", "false")).asMap();
        FlowModel m = Architectures.build("realnvp", cfg, 2, new Rng(11)).model();
        Energy g = Energies.gaussian(new double[] {-1.0, 0.5}, new double[] {0.5, 1.5});
        double logZ = Math.log(2 * Math.PI * 0.5 * 1.5);
        ReverseKl.Outcome r = ReverseKl.fit(m, g, new ReverseKl.Options(800, 128, 0.02, "cosine", 10), new Rng(12),
                TrainingListener.NONE);
        assertEquals(-logZ, r.finalLoss().value(), 0.01);
        // batch norm has no backward pass for its sampling direction: refused
        FlowModel bn = Architectures.build("realnvp", Params.resolve("realnvp", spec.params(), Map.of("layers", "2",
                "batchnorm", "true")).asMap(), 2, new Rng(1)).model();
        org.junit.jupiter.api.Assertions.assertThrows(dgm.core.InputException.class, () -> ReverseKl.fit(bn, g,
                new ReverseKl.Options(1, 8, 0.01, "constant", 0), new Rng(1), TrainingListener.NONE));
    }

    @Test
    void planarAndRadialFlowsApproachTheBoundOnU1() {
        Energy u1 = Energies.named("U1");
        double logZ = Energies.logPartition(u1, -4, 4, 800);
        for (String id : List.of("planar", "radial")) {
            var spec = new FlowFamily().models().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
            Map<String, String> cfg = Params.resolve(id, spec.params(), Map.of("layers", "8", "standardize", "false"))
                    .asMap();
            FlowModel m = Architectures.build(id, cfg, 2, new Rng(2)).model();
            double before = ReverseKl.estimate(m, u1, 5000, new Rng(3)).value();
            ReverseKl.Outcome r = ReverseKl.fit(m, u1, new ReverseKl.Options(600, 128, 0.01, "cosine", 10), new Rng(4),
                    TrainingListener.NONE);
            double after = r.finalLoss().value();
            System.out.printf("%s on U1: loss %.4f ± %.4f (before %.4f), −log Z on [−4, 4]² = %.4f%n", id, after,
                    r.finalLoss().standardError(), before, -logZ);
            assertEquals(RunStatus.COMPLETED, r.status(), r.detail());
            assertTrue(after < before - 0.5, id + ": loss " + after + " from " + before);
            // the bound: never clearly below −log Z (U1 has negligible mass outside the box)
            assertTrue(after > -logZ - 3 * r.finalLoss().standardError() - 1e-3, id + ": below the bound: " + after);
        }
    }
}
