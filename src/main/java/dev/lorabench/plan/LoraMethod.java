package dev.lorabench.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a LoRA adapter is built, trained and scaled: PEFT's LoRA family. Each is a constant here, so
 * every switch over methods is checked by the compiler; the order is the run order within a rank.
 */
public enum LoraMethod {
    /** Plain LoRA: the update B·A is scaled by α/r. */
    LORA,
    /** Rank-stabilised LoRA: the update is scaled by α/√r. */
    RSLORA,
    /** Weight-decomposed LoRA: a trained magnitude per output channel times the normalised W + s·B·A. */
    DORA,
    /** A and B from the top-r SVD of the base weight; the base keeps the residual. */
    PISSA,
    /** A and B from a QR decomposition of the base weight; the base keeps the residual. */
    OLORA,
    /** Plain LoRA whose B learns λ times faster than A (λ per variant, default 16). */
    LORAPLUS;

    /** The spelling in run.json, names and {@code --variants}, e.g. {@code rslora}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the update is scaled by α/√r instead of α/r. */
    public boolean rankStabilised() {
        return this == RSLORA;
    }

    /**
     * Whether an adapted layer computes base(x) + update(x) over the unchanged base weight, so
     * that lanes can share the base's product and stack (LoRA, rsLoRA, LoRA+). DoRA rescales the
     * whole sum; PiSSA and OLoRA replace the base by a residual of their own.
     */
    public boolean addsToFrozenBase() {
        return this == LORA || this == RSLORA || this == LORAPLUS;
    }

    /** The method a plan's {@code rsLora} switch selects. */
    public static LoraMethod of(boolean rsLora) {
        return rsLora ? RSLORA : LORA;
    }

    /**
     * The method spelled {@code id} (any case).
     *
     * @throws IllegalArgumentException naming the bad id and the known ones
     */
    public static LoraMethod byId(String id) {
        for (LoraMethod m : values()) {
            if (m.id().equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("method must be one of "
                + Arrays.stream(values()).map(LoraMethod::id).collect(Collectors.joining(", ")) + " but was '" + id + "'");
    }
}
