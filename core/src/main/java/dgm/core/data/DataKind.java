package dgm.core.data;

/** How the numbers in a dataset came to be, which fixes how likelihoods on it must be read. */
public enum DataKind {
    /** Real-valued data; log-densities are in nats per example on ℝ^d. */
    CONTINUOUS,
    /**
     * Integer data v ∈ {0..L−1}^d made continuous as y = v + u, u ~ U(0,1)^d. A density on y gives an
     * upper bound on the discrete NLL of v (Theis et al. 2016), which reports must say.
     */
    DEQUANTISED
}
