package dev.lorabench.plan;

import java.util.Objects;

/**
 * A LoRA adapter on the plan's target layers.
 *
 * @param method how it is trained and scaled
 * @param rank the adapter rank r, at least 1
 * @param alpha the scale numerator α, positive and finite
 */
public record LoraVariant(LoraMethod method, int rank, float alpha) implements Variant {

    public LoraVariant {
        Objects.requireNonNull(method, "method");
        if (rank < 1) {
            throw new PlanException(PlanField.RANKS, "rank must be at least 1 but was " + rank);
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new PlanException(PlanField.ALPHA, "alpha must be positive and finite but was " + alpha);
        }
    }

    /** Every method keeps the name plain LoRA had, so run.json, CSV and charts read the same. */
    @Override
    public String name() {
        return "lora-r" + rank;
    }

    @Override
    public String kind() {
        return "lora";
    }

    @Override
    public String methodId() {
        return method.id();
    }

    @Override
    public String toString() {
        return name();
    }
}
