package dev.lorabench.model;

import ai.djl.nn.Block;
import ai.djl.ndarray.NDList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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

    /**
     * In inference each child's output is closed once the next child has consumed it
     * ({@link Intermediates}); in training the autograd graph needs them, and DJL's loop runs.
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!Intermediates.free(training)) {
            return super.forwardInternal(store, inputs, training, params);
        }
        NDList current = inputs;
        for (Block child : children.values()) {
            NDList next = child.forward(store, current, false); // as DJL's loop: no params
            if (current != inputs) {
                Intermediates.close(current, next);
            }
            current = next;
        }
        return current;
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
