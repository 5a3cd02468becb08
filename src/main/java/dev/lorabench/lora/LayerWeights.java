package dev.lorabench.lora;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The weight parameters of the layers a target selection picks, by layer path. */
public final class LayerWeights {

    private LayerWeights() {}

    /**
     * Weight parameters of every linear/conv layer {@code targets} selects, in model order. Works
     * on a plain model and on one with adapters (it reports the base weights then).
     */
    public static Map<String, Parameter> of(Block root, LoraTargets targets) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Block> e : LoraInjector.layers(root).entrySet()) {
            Block layer = e.getValue();
            boolean linear = layer instanceof ai.djl.nn.core.Linear;
            if ((linear && targets.linear()) || (!linear && targets.conv()) || targets.names().contains(e.getKey())) {
                out.put(e.getKey(), LoraLinear.weightOf(layer));
            }
        }
        return out;
    }
}
