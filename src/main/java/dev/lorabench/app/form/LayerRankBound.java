package dev.lorabench.app.form;

import dev.lorabench.model.Architecture;
import dev.lorabench.plan.Targets;
import dev.lorabench.train.LayerRanks;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The form's rank bounds: {@link LayerRanks#maxRanks} (each targeted layer with the largest rank it
 * holds) of the model the workbench builds for an architecture ({@link ParameterCounter#specFor}:
 * 28×28 grey images, 10 classes), the bounds the run checks. Each architecture and target choice is
 * measured once.
 */
final class LayerRankBound implements BiFunction<Architecture, Targets, Map<String, Long>> {

    /** No form offers more rank check boxes than this, whatever a layer could hold. */
    static final int CEILING = 64;

    private final Map<String, Map<String, Long>> known = new HashMap<>();

    @Override
    public Map<String, Long> apply(Architecture architecture, Targets targets) {
        return known.computeIfAbsent(architecture.id() + "/" + targets.id(),
                k -> Collections.unmodifiableMap(LayerRanks.maxRanks(ParameterCounter.specFor(architecture), targets)));
    }
}
