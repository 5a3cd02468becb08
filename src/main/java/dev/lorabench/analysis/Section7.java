package dev.lorabench.analysis;

import dev.lorabench.plan.LoraVariant;
import java.util.List;

/**
 * A run's findings for the LoRA paper's §7 (φ between ranks and between seeds, Table 7's
 * amplification) and for intruder dimensions, per adapted layer ({@link Section7Lab}).
 *
 * @param pair the variants the rank grids compare (null: the run has no two qualifying ranks)
 * @param seedVariant the variant the seed grids compare across seeds 0 and 1 (null: one seed only)
 * @param seconds how long the analysis took
 */
public record Section7(RankPair pair, LoraVariant seedVariant, List<Section7Layer> layers, double seconds) {

    public Section7 {
        layers = List.copyOf(layers);
    }

    /** No findings (a run without adapted layers, or a hand-made result). */
    public static Section7 none() {
        return new Section7(null, null, List.of(), 0);
    }

    public boolean isEmpty() {
        return layers.isEmpty();
    }

    /**
     * Layer path → the intruder profile of {@code variantName} there, for every layer that has one
     * (what PEFT's intruder reduction of that variant needs, {@link IntruderReduction#prepare}).
     */
    public java.util.Map<String, IntruderProfile> profilesOf(String variantName) {
        java.util.Map<String, IntruderProfile> out = new java.util.LinkedHashMap<>();
        for (Section7Layer l : layers) {
            IntruderProfile p = l.intruders().get(variantName);
            if (p != null) {
                out.put(l.path(), p);
            }
        }
        return out;
    }
}
