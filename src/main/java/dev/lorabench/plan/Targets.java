package dev.lorabench.plan;

import dev.lorabench.lora.LoraTargets;
import java.util.Arrays;
import java.util.Locale;

/** Which layers get an adapter: every linear layer, every convolution, or both. */
public enum Targets {
    LINEAR,
    CONV,
    ALL;

    /** The CLI and run.json spelling: {@code linear}, {@code conv} or {@code all}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public LoraTargets loraTargets() {
        return switch (this) {
            case LINEAR -> LoraTargets.allLinear();
            case CONV -> LoraTargets.allConv();
            case ALL -> LoraTargets.linearAndConv();
        };
    }

    /** Parses the CLI spelling. */
    public static Targets byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst().orElseThrow(() ->
                new PlanException(PlanField.TARGETS, "targets must be linear, conv or all but was " + id));
    }

    @Override
    public String toString() {
        return id();
    }
}
