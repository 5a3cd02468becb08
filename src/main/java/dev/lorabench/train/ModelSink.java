package dev.lorabench.train;

import dev.lorabench.plan.Variant;
import ai.djl.nn.Block;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;

/**
 * Receives the live models of a run while they still exist, for exporting them (base weights,
 * trained adapters). Called on the run's thread; the blocks are closed after the call returns,
 * so a sink copies what it needs and must not keep them. Failures end the run as usage errors.
 */
public interface ModelSink {

    /** A sink that keeps nothing. */
    ModelSink NONE = new ModelSink() {};

    /**
     * The base is trained (or loaded) and evaluated.
     *
     * @param testInputs the test rows exactly as the model sees them (standardised), {@code
     *     count × spec.inputSize()} values; read-only
     */
    default void baseReady(ModelSpec spec, Block base, float[] testInputs) throws IOException {}

    /**
     * A variant is fine-tuned and evaluated.
     *
     * @param adapters the variant's trained adapters, or null for the full fine-tune
     */
    default void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet adapters)
            throws IOException {}
}
