package dev.lorabench.analysis;

import dev.lorabench.plan.Variant;
import java.util.Map;

/**
 * One adapted layer's findings for the LoRA paper's §7 and for intruder dimensions.
 *
 * @param rankGrid φ between the A factors of the run's {@link RankPair} (null without one)
 * @param seedGrid φ between the A factors of one variant trained with seeds 0 and 1 (null without a second seed)
 * @param randomGrid the same shapes for two Gaussian matrices (the paper's control; null with {@code seedGrid})
 * @param amplification variant name → its Table 7 row (LoRA at its rank, the full fine-tune at {@link
 *     Section7Lab#FULL_RANK})
 * @param intruders variant name → the intruder profile of W + ΔW against W
 * @param variants variant name → the variant, for every name used above (charts order and colour by it)
 */
public record Section7Layer(
        String path,
        int rows,
        int cols,
        PhiGrid rankGrid,
        PhiGrid seedGrid,
        PhiGrid randomGrid,
        Map<String, Amplification> amplification,
        Map<String, IntruderProfile> intruders,
        Map<String, Variant> variants) {

    public Section7Layer {
        amplification = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(amplification));
        intruders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intruders));
        variants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variants));
    }

    /** The largest k intruder counts may ask for here: half the smaller dimension (at least 1). */
    public int kMax() {
        return Section7Lab.kMax(rows, cols);
    }
}
