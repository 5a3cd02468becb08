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
}
