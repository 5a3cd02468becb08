package dev.lorabench.app.form;

import dev.lorabench.model.Architecture;
import dev.lorabench.plan.Targets;
import dev.lorabench.train.LayerRanks;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongBiFunction;

/**
 * The form's rank bound: {@link LayerRanks#maxRank} of the model the workbench builds for an
 * architecture ({@link ParameterCounter#specFor}: 28×28 grey images, 10 classes), the bound the
 * run checks. Each architecture and target choice is measured once.
 */
final class LayerRankBound implements ToLongBiFunction<Architecture, Targets> {

    /** No form offers more rank check boxes than this, whatever a layer could hold. */
    static final int CEILING = 64;

    private final Map<String, Long> known = new HashMap<>();

    @Override
    public long applyAsLong(Architecture architecture, Targets targets) {
        return known.computeIfAbsent(architecture.id() + "/" + targets.id(),
                k -> Math.min(CEILING, LayerRanks.maxRank(ParameterCounter.specFor(architecture), targets)));
    }
}
