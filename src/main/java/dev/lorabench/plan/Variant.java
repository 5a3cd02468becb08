package dev.lorabench.plan;

import java.util.Comparator;

/**
 * One fine-tune of a sweep. Its display name ({@code lora-r2}, {@code full}) is derived from the
 * type; sorting, colours, charts and exports switch on the type, never on the name.
 */
public sealed interface Variant permits LoraVariant, FullFineTune {

    /** The order variants appear in everywhere: LoRA by rank (then method, then λ), then the full fine-tune. */
    Comparator<Variant> ORDER = Comparator.comparingInt(Variant::group)
            .thenComparingInt(v -> v instanceof LoraVariant l ? l.rank() : 0)
            .thenComparing(v -> v instanceof LoraVariant l ? l.method() : LoraMethod.LORA)
            .thenComparingDouble(v -> v instanceof LoraVariant l ? l.bRate() : 1);

    /** The name in run.json, CSV files, charts and folders, e.g. {@code lora-r2} or {@code full}. */
    String name();

    /** {@code lora} or {@code full}, the {@code kind} in run.json. */
    String kind();

    /** The method in run.json: the LoRA method's id, or {@code full}. */
    String methodId();

    /** A plain LoRA adapter of rank {@code rank} and α = 1. */
    static LoraVariant lora(int rank) {
        return new LoraVariant(LoraMethod.LORA, rank, 1f);
    }

    static FullFineTune full() {
        return FullFineTune.INSTANCE;
    }

    private static int group(Variant v) {
        return v instanceof LoraVariant ? 0 : 1;
    }
}
