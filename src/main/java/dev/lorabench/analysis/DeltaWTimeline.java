package dev.lorabench.analysis;

import java.util.List;

/**
 * ΔW over time (step 6): every LoRA variant's adapted layers sampled while its run-seed fine-tune
 * trained, so that the ΔW lab's spectra can be followed step by step. The full fine-tune is not
 * sampled: its ΔW is dense, and one SVD of it costs seconds (ADR 0028).
 *
 * @param variants in the run's order; only variants that finished (a diverged one has no final ΔW)
 */
public record DeltaWTimeline(List<VariantTimeline> variants) {

    /** No variant sampled (no LoRA variant, or a run from before the timeline). */
    public static final DeltaWTimeline EMPTY = new DeltaWTimeline(List.of());

    public DeltaWTimeline {
        variants = List.copyOf(variants);
    }

    public boolean isEmpty() {
        return variants.isEmpty();
    }

    /** The variant named {@code name}, or null. */
    public VariantTimeline variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
