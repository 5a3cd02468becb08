package dev.lorabench.train;

import dev.lorabench.plan.Variant;
import ai.djl.nn.Block;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;

/**
 * Shows a run's live models to tests while they still exist (to copy weights the result does
 * not keep, such as the full fine-tune's). Not an export path: exports are made from the
 * result's {@link RunArtifacts} ({@link RunInspector}). Called on the run's thread; the blocks
 * are closed after the call returns, so a sink copies what it needs.
 */
interface ModelSink {

    /** A sink that keeps nothing. */
    ModelSink NONE = new ModelSink() {};

    /** The base is trained (or loaded) and evaluated. */
    default void baseReady(ModelSpec spec, Block base) throws IOException {}

    /**
     * A variant is fine-tuned and evaluated.
     *
     * @param adapters the variant's trained adapters, or null for the full fine-tune
     */
    default void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet adapters)
            throws IOException {}
}
