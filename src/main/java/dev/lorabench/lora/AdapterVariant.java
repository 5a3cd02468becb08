package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * The maths of one {@link AdapterMethod}, in the shape of PEFT's {@code LoraVariant}: what happens
 * once A and B exist, what the layer outputs, and what merging adds to the base weight. The block
 * ({@link LoraBlockBase}) owns the parameters; a variant only computes with them.
 */
interface AdapterVariant {

    /** Whether the layer carries a trainable magnitude vector (DoRA). */
    default boolean hasMagnitude() {
        return false;
    }

    /** Runs once, after the parameters got their first values (PiSSA/OLoRA replace them here). */
    default void init(LoraBlockBase layer) {}

    /**
     * The layer's output from the base output {@code baseOut} = base(x) and the adapter input
     * {@code in} (x after adapter dropout).
     */
    NDArray output(LoraBlockBase layer, ParameterStore store, NDArray in, NDArray baseOut, boolean training);

    /** Whether the output is base(x) plus an update that does not depend on base(x). */
    boolean additive();

    /** What merging adds to the base weight; the caller closes it. */
    NDArray deltaWeight(LoraBlockBase layer);
}
