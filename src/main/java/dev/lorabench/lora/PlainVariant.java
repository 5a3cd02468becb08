package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** Plain LoRA's output and merge: base(x) + s·B(A(x)), ΔW = s·B·A (also PiSSA's and OLoRA's). */
class PlainVariant implements AdapterVariant {

    static final PlainVariant INSTANCE = new PlainVariant();

    @Override
    public NDArray output(LoraBlockBase layer, ParameterStore store, NDArray in, NDArray baseOut, boolean training) {
        NDArray update = layer.lowRank(store, in, training);
        if (!training) {
            // Inference sums into base(x) in place (the same sums, no new array); the caller
            // frees base(x) only when it is not the output.
            baseOut.addi(update);
            update.close();
            return baseOut;
        }
        return baseOut.add(update);
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
