package dev.lorabench.analysis;

import java.util.List;
import java.util.Map;

/**
 * The ΔW lab's findings for one adapted layer (LoRA paper §7).
 *
 * @param weightSpectrum leading singular values of the base weight W
 * @param deltaSpectra variant → singular values of its ΔW (all r for LoRA, the leading ones for full)
 * @param effectiveRank variant → entropy-based effective rank of its ΔW
 * @param amplification variant → ‖ΔW‖_F / ‖UᵀWV‖_F with U, V the top-r directions of ΔW
 * @param similarityLabels the variants compared in {@code similarity}
 * @param similarity φ between the variants' input-side subspaces (right singular vectors; the
 *     full fine-tune enters with its top-4 directions)
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
        double[][] similarity) {}
