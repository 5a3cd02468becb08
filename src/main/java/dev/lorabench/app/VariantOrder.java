package dev.lorabench.app;

import java.util.Comparator;

/**
 * The order the analysis tabs list variants in: "base" first, then LoRA by rank, then the rest
 * (the full fine-tune). The one place in app that reads a rank back out of a variant's name
 * ("lora-r" + r); it goes once variants are typed values that carry their rank.
 */
final class VariantOrder {

    /** Compares variant names: base, lora-r1, lora-r2, …, lora-r10, …, then anything else. */
    static final Comparator<String> BY_NAME = Comparator.comparingInt(VariantOrder::rank);

    private VariantOrder() {}

    private static int rank(String variant) {
        if (variant.startsWith("lora-r")) {
            try {
                return Integer.parseInt(variant.substring(6));
            } catch (NumberFormatException e) {
                return 1000;
            }
        }
        return variant.equals("base") ? -1 : 10_000;
    }
}
