package dev.lorabench.analysis;

import dev.lorabench.plan.LoraVariant;
import java.util.List;

/** A LoRA variant's ΔW over its fine-tune, layer by layer (in model order). */
public record VariantTimeline(LoraVariant variant, List<LayerTimeline> layers) {

    public VariantTimeline {
        layers = List.copyOf(layers);
    }

    public String name() {
        return variant.name();
    }

    /** The layer at {@code path}, or null. */
    public LayerTimeline layer(String path) {
        return layers.stream().filter(l -> l.path().equals(path)).findFirst().orElse(null);
    }
}
