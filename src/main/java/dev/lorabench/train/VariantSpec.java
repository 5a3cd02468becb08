package dev.lorabench.train;

/**
 * One fine-tune of a sweep.
 *
 * @param name {@code lora-r<rank>} or {@code full}
 * @param kind {@code lora} or {@code full}
 * @param rank the LoRA rank, 0 for the full fine-tune
 */
public record VariantSpec(String name, String kind, int rank) {

    public static VariantSpec lora(int rank) {
        return new VariantSpec("lora-r" + rank, "lora", rank);
    }

    public static VariantSpec full() {
        return new VariantSpec("full", "full", 0);
    }

    public boolean isLora() {
        return rank > 0;
    }
}
