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

    /**
     * What the base weight was before injection, minus the base weight now: s·B₀·A₀ for PiSSA and
     * OLoRA (whose base is the residual), zeros for LoRA and DoRA. A new array; the caller closes
     * it. With it an integrity check certifies residual + s·B₀·A₀ = W.
     */
    NDArray initialDeltaWeight();

    /** A as initialised (A₀), kept for PEFT's PiSSA/OLoRA conversion; read only. */
    NDArray initialA();

    /** B as initialised (B₀), kept for PEFT's PiSSA/OLoRA conversion; read only. */
    NDArray initialB();

    /** DoRA's trainable magnitude vector ({@code lora_magnitude_vector}), or null for other methods. */
    Parameter magnitude();

    /**
     * Whether the output is base(x) + {@link #update}: false for DoRA, whose output rescales the
     * base product, so a caller must not compute base(x) once and share it with a DoRA layer.
     */
    boolean additive();

    /**
     * Whether a caller may compute base(x) once from another lane's identical frozen base and add
     * this layer's {@link #update}: additive and on the untouched base, so plain LoRA only (PiSSA
     * and OLoRA replaced their base by their own residual).
     */
    default boolean sharesBaseProduct() {
        return additive() && !config().method().replacesBase();
    }

    /**
     * Number of trainable adapter values: r·(in + out) for linear, r·(in·k·k + out) for conv, plus
     * out for DoRA's magnitude vector.
     */
    long trainableParameters();

    /**
     * The adapter's contribution to the output for input {@code x}, scale · B(A(dropout(x))), or
     * null when the adapter is switched off or merged: {@code forward} is base(x) plus this. For a
     * caller that computes base(x) once for several models sharing the frozen base.
     *
     * @throws UnsupportedOperationException when the layer is not {@link #additive()} (DoRA)
     */
    NDArray update(ParameterStore store, NDArray x, boolean training);
}
