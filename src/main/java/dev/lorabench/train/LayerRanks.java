package dev.lorabench.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.lorabench.lora.AdapterMethod;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.Adapters;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Targets;
import java.util.Map;
import java.util.function.Function;

/**
 * Where plan variants meet the LoRA layers: the adapter config of a variant at each layer, and the
 * largest rank a model's targeted layers can hold (the bound the CLI checks before a run and the
 * form offers).
 */
public final class LayerRanks {

    private LayerRanks() {}

    /**
     * The adapter config of {@code variant} (no dropout): the one place plan methods meet the LoRA
     * layers. LoRA+ adapts like plain LoRA (its λ is the optimizer's, see {@link FastOptimizer});
     * rsLoRA is plain LoRA scaled by α/√r.
     */
    public static LoraConfig config(LoraVariant variant) {
        LoraConfig plain = new LoraConfig(variant.rank(), variant.alpha(), variant.method().rankStabilised(), 0f);
        return switch (variant.method()) {
            case LORA, RSLORA, LORAPLUS -> plain;
            case DORA -> plain.withMethod(AdapterMethod.DORA);
            case PISSA -> plain.withMethod(AdapterMethod.PISSA);
            case OLORA -> plain.withMethod(AdapterMethod.OLORA);
        };
    }

    /**
     * The config of each layer of {@code variant} in a sweep with {@code adapters}' per-layer
     * patterns (PEFT's rank_pattern / alpha_pattern): a layer the patterns name takes their rank
     * and α, every other the variant's rank capped at what the layer can hold ({@code bounds}:
     * min(out, in·kh·kw) per path, {@link LoraInjector#maxRanks}), with the variant's α. A rank-64
     * variant thus adapts the MLP's 10-output head at rank 10, exactly as PEFT does with
     * {@code rank_pattern} naming that layer (the export writes it so; ADR 0024). The method and
     * rsLoRA stay the variant's everywhere.
     */
    public static Function<String, LoraConfig> configFor(Adapters adapters, LoraVariant variant, Map<String, Long> bounds) {
        LoraConfig config = config(variant);
        Map<String, Integer> ranks = adapters.rankPattern();
        Map<String, Float> alphas = adapters.alphaPattern();
        return path -> {
            Integer patterned = ranks.get(path);
            long bound = bounds.getOrDefault(path, (long) config.rank());
            int rank = patterned != null ? patterned : (int) Math.min(config.rank(), bound);
            float alpha = alphas.getOrDefault(path, config.alpha());
            return rank == config.rank() && alpha == config.alpha() ? config : config.withRankAndAlpha(rank, alpha);
        };
    }

    /** {@link #configFor(Adapters, LoraVariant, Map)} with the bounds of {@code block}'s targeted layers. */
    public static Function<String, LoraConfig> configFor(Adapters adapters, LoraVariant variant, Block block) {
        return configFor(adapters, variant, LoraInjector.maxRanks(block, adapters.targets().loraTargets()));
    }

    /**
     * The largest rank a variant may ask for in the model of {@code spec}: the largest any layer
     * {@code targets} selects can hold (min(out, in·kh·kw)); layers that hold less are capped at
     * their own bound ({@link #configFor}). 0 when the targets select no layer. Builds the model on
     * a scratch manager, so call it off the UI thread or cache it.
     */
    public static long maxRank(ModelSpec spec, Targets targets) {
        return maxRank(maxRanks(spec, targets));
    }

    /** The largest of {@code bounds} ({@link #maxRanks}), 0 when there are none. */
    public static long maxRank(Map<String, Long> bounds) {
        return bounds.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * Each layer {@code targets} selects in the model of {@code spec}, with its largest rank, in
     * model order. Builds the model on a scratch manager, so call it off the UI thread or cache it.
     */
    public static Map<String, Long> maxRanks(ModelSpec spec, Targets targets) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
            return LoraInjector.maxRanks(block, targets.loraTargets());
        }
    }
}
