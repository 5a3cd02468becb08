package dev.lorabench.analysis;

import dev.lorabench.plan.Variant;
import java.util.List;
import java.util.Map;

/**
 * The ΔW lab's findings for one adapted layer (LoRA paper §7).
 *
 * @param weightSpectrum leading singular values of the base weight W
 * @param deltaSpectra variant → singular values of its ΔW (all r for LoRA, the leading ones for full)
 * @param effectiveRank variant → entropy-based effective rank of its ΔW, over all its singular
 *     values (the full fine-tune's too, not just the plotted ones)
 * @param amplification variant → ‖ΔW‖_F / ‖UᵀWV‖_F with U, V the top-r directions of ΔW
 * @param similarityLabels the variants compared in {@code similarity}
 * @param similarity φ between the variants' input-side subspaces (right singular vectors; the
 *     full fine-tune enters with its top-4 directions)
 * @param energyRank90 variant → the fewest directions of its ΔW that hold 90 % of Σσ²
 * @param variants variant name → the variant, for every name used as a key above (charts order
 *     and colour by it; hand-made findings may leave it empty)
 */
public record LayerSpectra(
        String path,
        int rows,
        int cols,
        double[] weightSpectrum,
        Map<String, double[]> deltaSpectra,
        Map<String, Double> effectiveRank,
        Map<String, Double> amplification,
        List<String> similarityLabels,
        double[][] similarity,
        Map<String, Integer> energyRank90,
        Map<String, Variant> variants) {
}
