package dev.lorabench.analysis;

import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The two LoRA variants whose A factors the LoRA paper's Fig. 3 compares: ranks 8 and 64 of one
 * method when a run has both (plain LoRA first, then the methods in their order), else the
 * smallest and largest rank of plain LoRA.
 *
 * @param paperRanks whether they are the paper's ranks 8 and 64
 */
public record RankPair(LoraVariant low, LoraVariant high, boolean paperRanks) {

    public static final int PAPER_LOW = 8;
    public static final int PAPER_HIGH = 64;

    /** The pair among {@code variants}, if two qualify. */
    public static Optional<RankPair> among(Collection<LoraVariant> variants) {
        for (LoraMethod method : LoraMethod.values()) {
            Optional<LoraVariant> low = first(variants, method, PAPER_LOW);
            Optional<LoraVariant> high = first(variants, method, PAPER_HIGH);
            if (low.isPresent() && high.isPresent()) {
                return Optional.of(new RankPair(low.get(), high.get(), true));
            }
        }
        List<LoraVariant> plain = variants.stream().filter(v -> v.method() == LoraMethod.LORA)
                .sorted(Comparator.comparingInt(LoraVariant::rank)).toList();
        if (plain.size() < 2 || plain.get(0).rank() == plain.get(plain.size() - 1).rank()) {
            return Optional.empty();
        }
        return Optional.of(new RankPair(plain.get(0), plain.get(plain.size() - 1), false));
    }

    private static Optional<LoraVariant> first(Collection<LoraVariant> variants, LoraMethod method, int rank) {
        return variants.stream().filter(v -> v.method() == method && v.rank() == rank).findFirst();
    }

    /** One line saying which pair and why, e.g. "lora-r8 vs lora-r64 (the paper's ranks 8 and 64)". */
    public String describe() {
        return low.name() + " vs " + high.name() + (paperRanks ? " (the paper's ranks 8 and 64)"
                : " (no ranks 8 and 64 of one method: the smallest and largest plain-LoRA ranks)");
    }
}
