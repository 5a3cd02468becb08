package dev.lorabench.analysis;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LoRA paper's §7 at real ranks and Shuttleworth et al.'s intruder dimensions, per adapted
 * layer: φ between the A factors of two ranks (Fig. 3) and of two seeds against a Gaussian control
 * (Fig. 4), Table 7's amplification for every variant, and the intruder profile of every variant's
 * W + ΔW.
 *
 * <p>Cost: W's thin SVD once per layer (shared by every variant); then per variant, for a low-rank
 * ΔW (LoRA, rsLoRA, LoRA+, PiSSA, OLoRA) the SVD of W + ΔW written in W's basis, (p + r) × p for
 * p = min(out, in) ({@link LowRankUpdateSvd}), for a dense one (full, DoRA) a dense SVD of W + ΔW
 * (only the smaller side's vectors, {@link Svd#spectrum}). The variants of a layer run in parallel.
 */
public final class Section7Lab {

    /** Intruder defaults: the top 10 directions (capped at half the smaller dimension), ε = 0.5. */
    public static final int DEFAULT_K = 10;
    public static final double DEFAULT_EPSILON = 0.5;
    /** The ε of the counts-over-ε curve. */
    public static final double[] EPSILONS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** The full fine-tune's directions in the amplification table (as the ΔW lab, and the paper's r = 4). */
    public static final int FULL_RANK = DeltaWLab.FULL_SUBSPACE;
    /** How many leading tuned × base directions of the similarity matrix are kept for display. */
    public static final int SHOWN = 32;
    /** Seeds of the random directions (amplification) and of the Gaussian control (φ). */
    static final long RANDOM_SEED = 7;

    private Section7Lab() {}

    /**
     * What the analysis reads, all as plain matrices.
     *
     * @param baseWeights layer path → W (out × in·kh·kw)
     * @param updates variant → layer path → its W_ft − W, in run order
     * @param factors LoRA variant → layer path → the trained factors whose A the φ grids compare
     *     (and whose rank the amplification row uses); variants missing here enter with their rank
     * @param secondSeedA LoRA variant → layer path → A trained with the second seed (empty: one seed)
     */
    public record Inputs(
            Map<String, Matrix> baseWeights,
            Map<? extends Variant, Map<String, WeightUpdate>> updates,
            Map<LoraVariant, Map<String, LoraFactors>> factors,
            Map<LoraVariant, Map<String, Matrix>> secondSeedA) {}

    /** Half the smaller dimension (at least 1): the largest k intruder counts may use. */
    public static int kMax(int rows, int cols) {
        return Math.max(1, Math.min(rows, cols) / 2);
    }

    /** {@link #DEFAULT_K} capped at {@link #kMax}. */
    public static int defaultK(int rows, int cols) {
        return Math.min(DEFAULT_K, kMax(rows, cols));
    }

    /**
     * Analyses every layer of {@code in.baseWeights()}; {@code checkpoint} runs before each layer
     * and variant (a run's cancellation check may throw from it).
     */
    public static Section7 analyse(Inputs in, Runnable checkpoint) {
        long started = System.nanoTime();
        RankPair pair = RankPair.among(in.factors().keySet()).orElse(null);
        LoraVariant seedVariant = seedVariant(pair, in.secondSeedA()).orElse(null);
        // W's SVDs first, the layers side by side: the largest layer's alone would keep a core idle.
        Map<String, Svd> bases = new java.util.concurrent.ConcurrentHashMap<>();
        in.baseWeights().entrySet().parallelStream().forEach(e -> {
            checkpoint.run();
            bases.put(e.getKey(), Svd.exact(e.getValue()));
        });
        List<Section7Layer> layers = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Matrix> layer : in.baseWeights().entrySet()) {
            checkpoint.run();
            layers.add(layer(layer.getKey(), layer.getValue(), bases.get(layer.getKey()), in, pair, seedVariant,
                    RANDOM_SEED + 100L * index++, checkpoint));
        }
        return new Section7(pair, seedVariant, layers, (System.nanoTime() - started) / 1e9);
    }

    private static Section7Layer layer(String path, Matrix w, Svd base, Inputs in, RankPair pair,
            LoraVariant seedVariant, long seed, Runnable checkpoint) {
        PhiGrid rankGrid = null;
        if (pair != null) {
            LoraFactors low = factor(in.factors(), pair.low(), path);
            LoraFactors high = factor(in.factors(), pair.high(), path);
            if (low != null && high != null) {
                rankGrid = new PhiGrid(pair.low().name(), pair.high().name(), SubspaceOverlap.grid(low.a(), high.a()));
            }
        }
        PhiGrid seedGrid = null;
        PhiGrid randomGrid = null;
        LoraFactors first = seedVariant == null ? null : factor(in.factors(), seedVariant, path);
        Matrix second = seedVariant == null ? null : in.secondSeedA().getOrDefault(seedVariant, Map.of()).get(path);
        if (first != null && second != null) {
            String name = seedVariant.name();
            seedGrid = new PhiGrid(name + " seed 0", name + " seed 1", SubspaceOverlap.grid(first.a(), second));
            randomGrid = new PhiGrid("Gaussian", "Gaussian",
                    SubspaceOverlap.randomControl(first.a().rows(), second.rows(), second.cols(), seed));
        }

        List<Map.Entry<? extends Variant, Map<String, WeightUpdate>>> present = new ArrayList<>();
        for (Map.Entry<? extends Variant, Map<String, WeightUpdate>> e : in.updates().entrySet()) {
            if (e.getValue().containsKey(path)) {
                present.add(e);
            }
        }
        int kMax = kMax(w.rows(), w.cols());
        // Each variant's dense SVD of W + ΔW is independent of the others': one per core.
        List<Finding> findings = present.parallelStream().map(e -> {
            checkpoint.run();
            Variant v = e.getKey();
            WeightUpdate delta = e.getValue().get(path);
            int rank = Math.min(rankOf(v, in.factors(), path), Math.min(w.rows(), w.cols()));
            Amplification row = Amplification.of(w, base, delta.leading(rank), delta.frobenius(), rank, seed);
            return new Finding(v, row, delta.profile(w, base, kMax, SHOWN));
        }).toList();

        Map<String, Amplification> amplification = new LinkedHashMap<>();
        Map<String, IntruderProfile> intruders = new LinkedHashMap<>();
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (Finding f : findings) {
            amplification.put(f.variant().name(), f.amplification());
            intruders.put(f.variant().name(), f.intruders());
            variants.put(f.variant().name(), f.variant());
        }
        return new Section7Layer(path, w.rows(), w.cols(), rankGrid, seedGrid, randomGrid, amplification, intruders,
                variants);
    }

    private record Finding(Variant variant, Amplification amplification, IntruderProfile intruders) {}

    private static LoraFactors factor(Map<LoraVariant, Map<String, LoraFactors>> factors, LoraVariant v, String path) {
        return factors.getOrDefault(v, Map.of()).get(path);
    }

    /** A LoRA variant's rank in this layer (its factors' where known), the full fine-tune's {@link #FULL_RANK}. */
    private static int rankOf(Variant v, Map<LoraVariant, Map<String, LoraFactors>> factors, String path) {
        if (v instanceof FullFineTune || !(v instanceof LoraVariant lora)) {
            return FULL_RANK;
        }
        LoraFactors f = factor(factors, lora, path);
        return f != null ? f.rank() : lora.rank();
    }

    /**
     * The variant the seed grids compare: the pair's larger rank (the paper's Fig. 4 uses r = 64)
     * when it has a second seed, else the largest-rank plain LoRA with one, else the largest any.
     */
    static Optional<LoraVariant> seedVariant(RankPair pair, Map<LoraVariant, Map<String, Matrix>> secondSeedA) {
        if (pair != null && secondSeedA.containsKey(pair.high())) {
            return Optional.of(pair.high());
        }
        Comparator<LoraVariant> byRank = Comparator.comparingInt(LoraVariant::rank);
        Optional<LoraVariant> plain = secondSeedA.keySet().stream()
                .filter(v -> v.method() == LoraMethod.LORA).max(byRank);
        return plain.isPresent() ? plain : secondSeedA.keySet().stream().max(byRank);
    }
}
