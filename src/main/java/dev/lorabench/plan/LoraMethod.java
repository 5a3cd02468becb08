package dev.lorabench.plan;

import java.util.Locale;

/**
 * How a LoRA adapter is trained and scaled. Step 3 adds DoRA, PiSSA, OLoRA and LoRA+; each is a
 * constant here, so every switch over methods is checked by the compiler.
 */
public enum LoraMethod {
    /** Plain LoRA: the update B·A is scaled by α/r. */
    LORA,
    /** Rank-stabilised LoRA: the update is scaled by α/√r. */
    RSLORA;

    /** The spelling in run.json, e.g. {@code rslora}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the update is scaled by α/√r instead of α/r. */
    public boolean rankStabilised() {
        return this == RSLORA;
    }

    /** The method a plan's {@code rsLora} switch selects. */
    public static LoraMethod of(boolean rsLora) {
        return rsLora ? RSLORA : LORA;
    }
}
