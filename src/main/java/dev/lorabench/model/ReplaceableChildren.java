package dev.lorabench.model;

import ai.djl.nn.Block;

/**
 * A container block whose children can be swapped in place, keeping their key and position.
 *
 * <p>DJL's own containers cannot replace a child, so the models of this workbench are built from
 * containers that implement this; LoRA injection needs nothing else from them.
 */
public interface ReplaceableChildren extends Block {

    /**
     * Replaces the child stored under {@code key} (a key of {@link #getChildren()}).
     *
     * @throws IllegalArgumentException if there is no such child
     */
    void replaceChild(String key, Block replacement);
}
