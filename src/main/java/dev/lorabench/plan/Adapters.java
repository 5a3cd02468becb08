package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The adapters of a sweep, on the same targets with the same α: either a {@code listed} set of
 * variants ({@code --variants}, any method), or, when none is listed, the shorthand of plain LoRA
 * (or rsLoRA) at each of {@code ranks} plus the full fine-tune when asked for. The plan keeps the
 * sweep's axes; {@link #variants()} is the list they make.
 *
 * @param listed the variants listed explicitly, in run order; empty: the shorthand decides
 * @param rankPattern layer path → rank for every LoRA variant (PEFT's {@code rank_pattern}); the
 *     other layers keep the variant's rank. Paths are checked against the model before a run.
 * @param alphaPattern layer path → α likewise (PEFT's {@code alpha_pattern})
 */
public record Adapters(List<Integer> ranks, boolean full, Targets targets, float alpha, boolean rsLora,
        List<Variant> listed, Map<String, Integer> rankPattern, Map<String, Float> alphaPattern) {

    public Adapters {
        ranks = List.copyOf(new TreeSet<>(ranks));
        rankPattern = Collections.unmodifiableMap(new TreeMap<>(rankPattern));
        alphaPattern = Collections.unmodifiableMap(new TreeMap<>(alphaPattern));
        listed = listed.stream().sorted(Variant.ORDER).toList();
        Objects.requireNonNull(targets, "targets");
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new PlanException(PlanField.ALPHA, "alpha must be positive and finite but was " + alpha);
        }
        for (int r : ranks) {
            if (r < 1) {
                throw new PlanException(PlanField.RANKS, "rank must be at least 1 but was " + r);
            }
        }
        if (listed.stream().map(Variant::name).distinct().count() != listed.size()) {
            throw new PlanException(PlanField.VARIANTS, "a variant is listed twice in " + listed);
        }
        if (ranks.isEmpty() && !full && listed.isEmpty()) {
            throw new PlanException(PlanField.RANKS, "select at least one rank or the full fine-tune");
        }
    }

    /** The adapters with the same rank and α in every layer. */
    public Adapters(List<Integer> ranks, boolean full, Targets targets, float alpha, boolean rsLora,
            List<Variant> listed) {
        this(ranks, full, targets, alpha, rsLora, listed, Map.of(), Map.of());
    }

    /** The shorthand sweep: plain LoRA (rsLoRA) at each rank, then the full fine-tune if asked. */
    public Adapters(List<Integer> ranks, boolean full, Targets targets, float alpha, boolean rsLora) {
        this(ranks, full, targets, alpha, rsLora, List.of());
    }

    /** The method of the shorthand's variants. */
    public LoraMethod method() {
        return LoraMethod.of(rsLora);
    }

    /**
     * The variants in run order ({@link Variant#ORDER}): the listed ones, or else the shorthand's
     * LoRA ranks ascending, then the full fine-tune.
     */
    public List<Variant> variants() {
        if (!listed.isEmpty()) {
            return listed;
        }
        List<Variant> list = new ArrayList<>();
        ranks.forEach(r -> list.add(new LoraVariant(method(), r, alpha)));
        if (full) {
            list.add(Variant.full());
        }
        return List.copyOf(list);
    }

    /** The LoRA-family variants of {@link #variants()}. */
    public List<LoraVariant> loraVariants() {
        return variants().stream().filter(LoraVariant.class::isInstance).map(LoraVariant.class::cast).toList();
    }
}
