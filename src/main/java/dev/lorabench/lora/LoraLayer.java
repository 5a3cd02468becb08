package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** What every LoRA-wrapped layer offers, whatever the base layer's kind. */
public interface LoraLayer extends Block {

    /** The frozen base block this adapter wraps. */
    Block base();

    /** The base layer's weight parameter (the matrix the adapter updates). */
    Parameter baseWeight();

    /** The down projection A (rank × in…). */
    Parameter loraA();

    /** The up projection B (out × rank…), zero when fresh. */
    Parameter loraB();

    LoraConfig config();

    /** Whether the adapter contributes to the output; off gives the base output exactly. */
    boolean isEnabled();

    void setEnabled(boolean enabled);

    /** Whether ΔW has been folded into the base weight. */
    boolean isMerged();

    /** Adds ΔW to the base weight in place, remembering the original for {@link #unmerge()}. */
    void merge();

    /** Restores the exact original base weight. */
    void unmerge();

    /**
     * ΔW = scale · B·A shaped like the base weight, on the adapter's manager; the caller closes it.
     */
    NDArray deltaWeight();

    /** Number of trainable adapter values: r·(in + out) for linear, r·(in·k·k + out) for conv. */
    long trainableParameters();

    /**
     * The adapter's contribution to the output for input {@code x}, scale · B(A(dropout(x))), or
     * null when the adapter is switched off or merged: {@code forward} is base(x) plus this. For a
     * caller that computes base(x) once for several models sharing the frozen base.
     */
    NDArray update(ParameterStore store, NDArray x, boolean training);
}
