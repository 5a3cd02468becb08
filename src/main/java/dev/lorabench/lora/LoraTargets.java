package dev.lorabench.lora;

import java.util.Set;

/**
 * Which layers of a model get an adapter.
 *
 * @param linear adapt every linear layer
 * @param conv adapt every 2-D convolution
 * @param names adapt the layers with these paths (e.g. {@code "0"}, {@code "layer1.0.conv1"}),
 *     in addition to the kinds selected above
 */
public record LoraTargets(boolean linear, boolean conv, Set<String> names) {

    public LoraTargets {
        names = Set.copyOf(names);
        if (!linear && !conv && names.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets must select at least one layer");
        }
    }

    public static LoraTargets allLinear() {
        return new LoraTargets(true, false, Set.of());
    }

    public static LoraTargets allConv() {
        return new LoraTargets(false, true, Set.of());
    }

    public static LoraTargets linearAndConv() {
        return new LoraTargets(true, true, Set.of());
    }

    public static LoraTargets named(Set<String> names) {
        return new LoraTargets(false, false, names);
    }
}
