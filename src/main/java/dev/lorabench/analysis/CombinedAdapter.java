package dev.lorabench.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapter {@link AdapterAlgebra#combine} made.
 *
 * @param applied the type actually applied: PEFT combines a single adapter linearly, whatever
 *     was asked
 * @param adapter the new factors, every layer at scale 1 (the adapters' scales are folded in)
 * @param masks the DARE masks used, by site (empty for other types), so that they can be saved
 *     with the result and fed to PEFT for a check
 */
public record CombinedAdapter(CombinationType applied, AdapterFactors adapter, Map<DropMasks.Site, Matrix> masks) {

    public CombinedAdapter {
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    }
}
