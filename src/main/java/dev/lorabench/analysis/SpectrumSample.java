package dev.lorabench.analysis;

/**
 * One layer's ΔW at one step of a fine-tune.
 *
 * @param step the optimizer steps taken when it was sampled (0: before the first)
 * @param sigma every non-zero singular value of ΔW = s·B·A, descending (empty while B = 0)
 * @param effectiveRank exp(entropy) of σ/Σσ ({@link Spectra#effectiveRank}); 0 for ΔW = 0
 * @param energyRank90 the fewest directions holding 90 % of Σσ² ({@link Spectra#energyRank90})
 * @param phiInput φ between the top {@link LayerTimeline#TOP} right singular vectors (input side)
 *     of this ΔW and of the fine-tune's last ΔW: 1 once the final directions are there
 * @param phiOutput the same for the left singular vectors (output side)
 */
public record SpectrumSample(
        int step, double[] sigma, double effectiveRank, int energyRank90, double phiInput, double phiOutput) {

    public SpectrumSample {
        sigma = sigma.clone();
    }

    @Override
    public double[] sigma() {
        return sigma.clone();
    }

    /** σ_i (0-based), 0 past the last non-zero value. */
    public double sigma(int i) {
        return i < sigma.length ? sigma[i] : 0;
    }

    /** How many non-zero singular values ΔW has. */
    public int size() {
        return sigma.length;
    }
}
