package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples each LoRA lane's adapter factors while it fine-tunes (ΔW over time, ADR 0028): A and B of
 * every adapted layer before the first step, every {@code every} steps and after the last, at most
 * {@link Budget#maxSamples()} per lane. Past that bound the samples are thinned evenly: the spacing
 * doubles and only samples on the new spacing stay (with the newest), so a lane holds at most
 * maxSamples · r·Σ(in + out) floats whatever its length. The full fine-tune is not sampled.
 */
final class DeltaWSampler implements LaneProbe {

    /** About {@code points} samples per fine-tune, never more than {@code maxSamples} kept per lane. */
    record Budget(int points, int maxSamples) {

        /**
         * The trajectory's spacing (about 20 points, so both sample the same steps), and room for all
         * its points once a fine-tune has 40 steps or more: step 0, every K = max(1, steps/20) and the
         * last step make at most steps/K + 2 ≤ 31 points for K ≥ 2 (21 or 22 on the presets). Shorter
         * fine-tunes (K = 1, up to 40 points) are thinned to every other step.
         */
        static final Budget DEFAULT = new Budget(20, 32);

        /** No sampling (benchmarks measure what sampling costs against it). */
        static final Budget OFF = new Budget(0, 0);

        Budget {
            if (points < 0 || maxSamples < 0 || (maxSamples > 0 && maxSamples < 3)) {
                throw new IllegalArgumentException("ΔW sampling needs points ≥ 0 and maxSamples 0 or ≥ 3 but got "
                        + points + ", " + maxSamples);
            }
        }

        boolean off() {
            return points == 0 || maxSamples == 0;
        }

        /** The spacing for a fine-tune of {@code steps} steps: max(1, steps / points). */
        int every(long steps) {
            return off() ? 1 : (int) Math.max(1, steps / points);
        }
    }

    /** A sampled lane: its variant, its adapters, its samples so far and their spacing. */
    private static final class Watched {
        final LoraVariant variant;
        final List<AdaptedLayer> layers;
        final List<FactorSample> samples = new ArrayList<>();
        int every;

        Watched(LoraVariant variant, List<AdaptedLayer> layers, int every) {
            this.variant = variant;
            this.layers = layers;
            this.every = every;
        }
    }

    private final Budget budget;
    private final int every;
    private final Map<Lane, Watched> watched = new IdentityHashMap<>();

    /** A sampler for fine-tunes of {@code steps} steps. */
    DeltaWSampler(Budget budget, long steps) {
        this.budget = budget;
        this.every = budget.every(steps);
    }

    /**
     * Samples {@code lane} when it is a LoRA variant's, whose adapters are {@code adapters} (the full
     * fine-tune, with none, passes through); returns the lane.
     */
    Lane watched(Lane lane, Variant variant, AdapterSet adapters) {
        if (!budget.off() && adapters != null && variant instanceof LoraVariant v) {
            watched.put(lane, new Watched(v, adapters.layers(), every));
        }
        return lane;
    }

    @Override
    public boolean due(Lane lane, int step, boolean last) {
        Watched w = watched.get(lane);
        if (w == null) {
            return false;
        }
        boolean fresh = w.samples.isEmpty() || w.samples.get(w.samples.size() - 1).step() != step;
        return fresh && (last || step % w.every == 0);
    }

    @Override
    public void look(Lane lane, int step) {
        Watched w = watched.get(lane);
        Map<String, FactorSample.Layer> layers = new LinkedHashMap<>();
        for (AdaptedLayer layer : w.layers) {
            NDArray a = layer.layer().loraA().getArray();
            layers.put(layer.path(), new FactorSample.Layer(a.toFloatArray(), (int) a.getShape().get(0),
                    layer.layer().loraB().getArray().toFloatArray(), layer.layer().config().scale()));
        }
        w.samples.add(new FactorSample(step, layers));
        while (w.samples.size() > budget.maxSamples()) {
            thin(w);
        }
    }

    /** Doubles the spacing and keeps the samples on it, and the newest (the fine-tune's end when last). */
    private static void thin(Watched w) {
        w.every *= 2;
        FactorSample newest = w.samples.get(w.samples.size() - 1);
        w.samples.removeIf(s -> s != newest && s.step() % w.every != 0);
    }

    /** The samples of {@code variant}'s lane so far, by step (empty when not sampled). */
    List<FactorSample> samples(LoraVariant variant) {
        return watched.values().stream().filter(w -> w.variant.equals(variant)).findFirst()
                .map(w -> List.copyOf(w.samples)).orElse(List.of());
    }

    /**
     * Analyses every sampled variant that finished ({@code finished}: the lab's final factors, which
     * a diverged variant lacks), in the run's order, and lets the samples go.
     */
    DeltaWTimeline analyse(Map<LoraVariant, Map<String, LoraFactors>> finished) {
        List<VariantTimeline> variants = new ArrayList<>();
        watched.values().stream()
                .filter(w -> finished.containsKey(w.variant) && !w.samples.isEmpty())
                .sorted((x, y) -> Variant.ORDER.compare(x.variant, y.variant))
                .forEach(w -> {
                    List<Integer> steps = w.samples.stream().map(FactorSample::step).toList();
                    List<LayerTimeline> layers = new ArrayList<>();
                    for (AdaptedLayer layer : w.layers) {
                        layers.add(LayerTimeline.of(layer.path(), steps,
                                i -> w.samples.get(i).layers().get(layer.path()).factors()));
                    }
                    variants.add(new VariantTimeline(w.variant, layers));
                });
        watched.clear();
        return new DeltaWTimeline(variants);
    }
}
