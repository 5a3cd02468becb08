package dev.lorabench.lora;

import dev.lorabench.model.Intermediates;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** Plain LoRA's output and merge: base(x) + s·B(A(x)), ΔW = s·B·A (also PiSSA's and OLoRA's). */
class PlainVariant implements AdapterVariant {

    static final PlainVariant INSTANCE = new PlainVariant();

    @Override
    public NDArray output(LoraBlockBase layer, ParameterStore store, NDArray in, NDArray baseOut, boolean training) {
        NDArray update = layer.lowRank(store, in, training);
        NDArray out = baseOut.add(update);
        if (Intermediates.free(training)) {
            update.close(); // inference: free it now, not with the batch (model.Intermediates)
        }
        return out;
    }

    @Override
    public boolean additive() {
        return true;
    }

    @Override
    public NDArray deltaWeight(LoraBlockBase layer) {
        return layer.loraWeight(layer.loraA().getArray(), layer.loraB().getArray()).muli(layer.config().scale());
    }
}
