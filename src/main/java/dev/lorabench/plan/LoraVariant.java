package dev.lorabench.plan;

import java.util.Objects;

/**
 * A LoRA-family adapter on the plan's target layers.
 *
 * @param method how it is built, trained and scaled
 * @param rank the adapter rank r, at least 1
 * @param alpha the scale numerator α, positive and finite
 * @param bRate B's learning rate over A's: LoRA+'s λ (≥ 1, finite), exactly 1 for every other method
 */
public record LoraVariant(LoraMethod method, int rank, float alpha, float bRate) implements Variant {

    /** LoRA+'s λ when none is given: the LoRA+ paper's recommendation (Hayou et al., 2024). */
    public static final float DEFAULT_LORA_PLUS_RATIO = 16f;

    public LoraVariant {
        Objects.requireNonNull(method, "method");
        if (rank < 1) {
            throw new PlanException(PlanField.RANKS, "rank must be at least 1 but was " + rank);
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new PlanException(PlanField.ALPHA, "alpha must be positive and finite but was " + alpha);
        }
        if (method == LoraMethod.LORAPLUS ? !(bRate >= 1) || !Float.isFinite(bRate) : bRate != 1f) {
            throw new PlanException(PlanField.VARIANTS, method == LoraMethod.LORAPLUS
                    ? "loraplus's ratio λ must be at least 1 and finite but was " + bRate
                    : method.id() + " takes no learning-rate ratio but was given " + bRate);
        }
    }

    /** A variant of {@code method} (LoRA+ with the default λ = 16). */
    public LoraVariant(LoraMethod method, int rank, float alpha) {
        this(method, rank, alpha, method == LoraMethod.LORAPLUS ? DEFAULT_LORA_PLUS_RATIO : 1f);
    }

    /** A LoRA+ variant whose B learns {@code ratio} times faster than A. */
    public static LoraVariant loraPlus(int rank, float alpha, float ratio) {
        return new LoraVariant(LoraMethod.LORAPLUS, rank, alpha, ratio);
    }

    /**
     * {@code lora-r4} for plain LoRA (the name it always had), {@code <method>-r<rank>} for the
     * others ({@code rslora-r64}, {@code dora-r4}), and a LoRA+ variant whose λ is not the default
     * 16 adds it ({@code loraplus-r4-l8}): one name per distinct variant, derived from it alone.
     */
    @Override
    public String name() {
        String name = method.id() + "-r" + rank;
        return method == LoraMethod.LORAPLUS && bRate != DEFAULT_LORA_PLUS_RATIO
                ? name + "-l" + FieldText.format(bRate) : name;
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
