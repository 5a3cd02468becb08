package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The adapters of a sweep: one LoRA variant per rank (all with the same method and α, on the same
 * targets), then the full fine-tune when asked for. The plan keeps the sweep's axes; {@link
 * #variants()} is the list they make.
 */
public record Adapters(List<Integer> ranks, boolean full, Targets targets, float alpha, boolean rsLora) {

    public Adapters {
        ranks = List.copyOf(new TreeSet<>(ranks));
        Objects.requireNonNull(targets, "targets");
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new PlanException(PlanField.ALPHA, "alpha must be positive and finite but was " + alpha);
        }
        for (int r : ranks) {
            if (r < 1) {
                throw new PlanException(PlanField.RANKS, "rank must be at least 1 but was " + r);
            }
        }
        if (ranks.isEmpty() && !full) {
            throw new PlanException(PlanField.RANKS, "select at least one rank or the full fine-tune");
        }
    }

    public LoraMethod method() {
        return LoraMethod.of(rsLora);
    }

    /** The variants in run order ({@link Variant#ORDER}): LoRA ranks ascending, then the full fine-tune. */
    public List<Variant> variants() {
        List<Variant> list = new ArrayList<>();
        ranks.forEach(r -> list.add(new LoraVariant(method(), r, alpha)));
        if (full) {
            list.add(Variant.full());
        }
        return List.copyOf(list);
    }
}
