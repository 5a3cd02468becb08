package dev.lorabench.train;

import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinedAdapter;
import java.util.List;
import java.util.OptionalLong;

/**
 * One combination of adapters at one strength and how it does on a run's test set: what the
 * Adapter algebra tab shows and what {@code combination.json} records.
 *
 * @param sources the combined sources' names, in the order of the weights
 * @param how the type, weights and options asked for
 * @param seed the seed of DARE's drop masks, for the dare_* types
 * @param combined what {@link dev.lorabench.analysis.AdapterAlgebra#combine} made (strength 1)
 * @param strength PEFT's {@code rescale_adapter_scale} multiplier applied on top
 * @param base the run's base on its test set
 * @param evaluation the base with the combined adapter at {@code strength}
 */
public record AlgebraResult(List<String> sources, AdapterCombination how, OptionalLong seed, CombinedAdapter combined,
        double strength, Evaluation base, Evaluation evaluation) {

    public AlgebraResult {
        sources = List.copyOf(sources);
        if (sources.size() != how.weights().length) {
            throw new IllegalArgumentException("sources must be one per weight: " + how.weights().length
                    + " weights but " + sources.size() + " sources");
        }
    }

    /** The adapter as exported and evaluated: the combination with every scale times the strength. */
    public AdapterFactors adapter() {
        return AdapterAlgebraService.atStrength(combined, strength);
    }
}
