package dev.lorabench.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A sequential container with named children (so layer paths read like PyTorch's module names)
 * whose children LoRA injection can replace.
 */
public final class Seq extends SequentialBlock implements ReplaceableChildren {

    /** Appends a child under {@code name}; DJL stores it as "NN" + name. */
    public Seq add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    @Override
    public void replaceChild(String key, Block replacement) {
        int index = children.indexOf(key);
        if (index < 0) {
            throw new IllegalArgumentException("no child " + key + " in this block");
        }
        children.remove(index);
        children.add(index, key, replacement);
    }
}
